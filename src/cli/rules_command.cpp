// golive rules list|show|validate|test: work with rule packs.

#include <iostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "golive/evaluation.hpp"
#include "golive/report.hpp"
#include "golive/text.hpp"

namespace golive::cli {

namespace {

// Rules given as paths: those packs (with the built-in catalogue too, so id
// clashes with it show, unless --no-builtin); no paths: the built-in catalogue.
RuleSet load_for_paths(const std::vector<std::string>& paths, bool no_builtin) {
  RuleOptions options;
  options.packs = paths;
  options.no_builtin = no_builtin;
  return options.load();
}

bool selected_by_paths(const Rule& rule, const std::vector<std::string>& paths) {
  return paths.empty() || !rule.builtin;
}

int list_rules(const RuleOptions& options, const std::string& domain) {
  RuleSet set = options.load();
  std::size_t count = 0;
  for (const auto& rule : set.rules) {
    if (!domain.empty() && to_string(rule.domain) != domain) continue;
    std::cout << fmt::format("{:<55} {:<9} {:<13} {:<16} {}\n", rule.id, to_string(rule.severity),
                             to_string(rule.domain), join(rule.systems, ","), rule.title);
    ++count;
  }
  std::cout << fmt::format("{} rule(s)\n", count);
  return 0;
}

int show_rule(const RuleOptions& options, const std::string& id) {
  RuleSet set = options.load();
  const Rule* rule = set.find(id);
  if (!rule) {
    std::vector<std::string> ids;
    for (const auto& r : set.rules) ids.push_back(r.id);
    throw InputError({"rules show", 0, 0},
                     fmt::format("no rule '{}'{}; 'golive rules list' shows every id", id,
                                 did_you_mean(id, ids)));
  }
  std::cout << fmt::format("id:          {}\ntitle:       {}\ndomain:      {}\nseverity:    {}\n",
                           rule->id, rule->title, to_string(rule->domain),
                           to_string(rule->severity));
  if (!rule->severity_reason.empty())
    std::cout << fmt::format("             {}\n", rule->severity_reason);
  std::cout << fmt::format("applies_to:  {}\nsystems:     {}\n", rule->applies_to,
                           join(rule->systems, ", "));
  if (!rule->when_source.empty()) std::cout << fmt::format("when:        {}\n", rule->when_source);
  std::cout << fmt::format("assert:      {}\nmessage:     {}\n", rule->assert_source,
                           rule->message_source);
  if (!rule->profiles.empty())
    std::cout << fmt::format("profiles:    {}\n", join(rule->profiles, ", "));
  if (!rule->tags.empty()) std::cout << fmt::format("tags:        {}\n", join(rule->tags, ", "));
  std::cout << fmt::format("source:      {}\n\nRationale\n  {}\n\nRemediation\n  {}\n",
                           rule->location.to_string(), rule->rationale, rule->remediation);
  if (!rule->references.empty()) {
    std::cout << "\nReferences\n";
    for (const auto& ref : rule->references) std::cout << "  " << ref << '\n';
  }
  std::cout << fmt::format("\nTests: {}\n", rule->tests.size());
  for (const auto& test : rule->tests)
    std::cout << fmt::format("  {:<8} {}\n", to_string(test.expect), test.name);
  return 0;
}

int validate_rules(const std::vector<std::string>& paths, bool no_builtin) {
  RuleSet set = load_for_paths(paths, no_builtin);
  std::size_t count = 0;
  for (const auto& rule : set.rules) count += selected_by_paths(rule, paths);
  std::cout << fmt::format("{} rule(s) valid, {} profile(s)\n", count, set.profiles.size());
  return 0;
}

int test_rules(const std::vector<std::string>& paths, bool no_builtin, bool verbose) {
  RuleSet set = load_for_paths(paths, no_builtin);
  std::erase_if(set.rules, [&](const Rule& r) { return !selected_by_paths(r, paths); });
  std::size_t passed = 0, failed = 0;
  for (const auto& outcome : run_rule_tests(set)) {
    const Rule& rule = *outcome.rule;
    const RuleTest& test = *outcome.test;
    if (outcome.passed) {
      ++passed;
      if (verbose) std::cout << fmt::format("ok   {} :: {}\n", rule.id, test.name);
      continue;
    }
    ++failed;
    std::cout << fmt::format("FAIL {} :: {} ({})\n     expected {}, got {}: {}\n", rule.id,
                             test.name, test.location.to_string(), to_string(test.expect),
                             to_string(outcome.actual), terminal_safe(outcome.detail));
  }
  for (const auto& rule : set.rules) {
    if (rule.tests.empty())
      std::cout << fmt::format("warning: {} has no test cases ({})\n", rule.id,
                               rule.location.to_string());
  }
  std::cout << fmt::format("{} passed, {} failed\n", passed, failed);
  return failed ? 1 : 0;
}

int list_definitions(const RuleOptions& options) {
  RuleSet set = options.load();
  if (!set.definitions || set.definitions->size() == 0) {
    std::cout << "no definitions loaded\n";
    return 0;
  }
  for (const auto& info : set.definitions->list()) {
    std::cout << fmt::format("{}({})\n", info.name, join(info.params, ", "));
    if (!info.description.empty()) std::cout << fmt::format("    {}\n", info.description);
  }
  return 0;
}

}  // namespace

void add_rules_command(CLI::App& app, Command& selected) {
  auto* rules = app.add_subcommand("rules", "List, show, validate and test rules");
  rules->require_subcommand(1);
  const std::string read_only_codes = "Exit codes: 0 done; 2 invalid usage or rule files";
  rules->footer(read_only_codes + ".");

  struct State {
    RuleOptions options;
    std::string domain;
    std::string id;
    std::vector<std::string> paths;
    bool no_builtin = false;
    bool verbose = false;
  };
  auto state = std::make_shared<State>();

  auto* list =
      rules->add_subcommand("list", "List rules: id, severity, domain, systems read, title");
  list->footer(read_only_codes + ".");
  state->options.add_to(*list);
  list->add_option("--domain", state->domain, "Only rules of this domain");
  list->callback([state, &selected] {
    selected = [state] { return list_rules(state->options, state->domain); };
  });

  auto* show = rules->add_subcommand("show", "Show one rule in full");
  show->footer(read_only_codes + ", or no rule with that id.");
  show->add_option("id", state->id, "Rule id")->required();
  state->options.add_to(*show);
  show->callback(
      [state, &selected] { selected = [state] { return show_rule(state->options, state->id); }; });

  auto* definitions = rules->add_subcommand(
      "definitions", "List the shared definitions rules may call: name(params) and description");
  definitions->footer(read_only_codes + ".");
  state->options.add_to(*definitions);
  definitions->callback(
      [state, &selected] { selected = [state] { return list_definitions(state->options); }; });

  auto* validate = rules->add_subcommand(
      "validate", "Check rule files (default: the built-in catalogue); exit 2 on any problem");
  validate->footer(
      "Exit codes: 0 every rule is valid; 2 invalid usage or a problem in a rule file.");
  validate->add_option("paths", state->paths, "Rule files or directories");
  validate->add_flag("--no-builtin", state->no_builtin,
                     "Do not load the built-in catalogue beside the given paths");
  validate->callback([state, &selected] {
    selected = [state] { return validate_rules(state->paths, state->no_builtin); };
  });

  auto* test = rules->add_subcommand(
      "test", "Run the rules' inline test cases (default: the built-in catalogue)");
  test->footer(
      "Exit codes: 0 every test case passed; 1 a test case failed; 2 invalid usage or a problem "
      "in a rule file.");
  test->add_option("paths", state->paths, "Rule files or directories");
  test->add_flag("--no-builtin", state->no_builtin,
                 "Do not load the built-in catalogue beside the given paths");
  test->add_flag("-v,--verbose", state->verbose, "List passing cases too");
  test->callback([state, &selected] {
    selected = [state] { return test_rules(state->paths, state->no_builtin, state->verbose); };
  });
}

}  // namespace golive::cli
