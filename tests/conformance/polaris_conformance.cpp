// Polaris conformance: every ported Polaris check, run as its golive rule
// over Polaris's own fixtures (tests/data/polaris/test/checks/<check>/),
// read through golive's manifest reader exactly as `k8s: {manifests: ...}`
// reads them. As in Polaris's test/schema_test.go, a `failure*` fixture must
// give at least one failed finding, any other fixture at least one pass and
// no failure (and here also nothing unknown or in error); `mutated*` files
// and custom-check definitions (`check.yaml`) are not cases.
//
//   polaris_conformance POLARIS_DIR MAPPING.yaml RULES_PATH...
//
// MAPPING.yaml lists `ported: {polarisCheck: golive.rule.id | [ids]}` and
// `not_ported: {polarisCheck: why}`. Every check directory must be in one of
// them. Prints the agreement per check and overall; exits 1 below 100%.

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "collectors/k8s/manifests.hpp"
#include "golive/engine.hpp"
#include "golive/rule_set.hpp"
#include "golive/text.hpp"
#include "golive/yaml.hpp"

namespace fs = std::filesystem;
using namespace golive;

namespace {

struct Mapping {
  std::map<std::string, std::vector<std::string>> ported;
  std::map<std::string, std::string> not_ported;
  // Webhook cases golive judges differently on purpose, and why.
  std::map<std::string, std::string> webhook_exceptions;
  // Check fixtures ("check/file") golive judges differently on purpose, and why.
  std::map<std::string, std::string> fixture_exceptions;
};

Mapping read_mapping(const std::string& path) {
  const auto documents = parse_yaml_documents(read_file(path), path);
  if (documents.empty()) throw InputError({path, 1, 1}, "empty mapping");
  const nlohmann::json doc = yaml_to_json(documents.front());
  Mapping mapping;
  const nlohmann::json ported = doc.value("ported", nlohmann::json::object());
  const nlohmann::json not_ported = doc.value("not_ported", nlohmann::json::object());
  for (const auto& [check, rules] : ported.items())
    mapping.ported[check] = rules.is_array() ? rules.get<std::vector<std::string>>()
                                             : std::vector<std::string>{rules.get<std::string>()};
  for (const auto& [check, why] : not_ported.items())
    mapping.not_ported[check] = why.get<std::string>();
  const nlohmann::json exceptions = doc.value("webhook_exceptions", nlohmann::json::object());
  for (const auto& [file, why] : exceptions.items())
    mapping.webhook_exceptions[file] = why.get<std::string>();
  const nlohmann::json fixtures = doc.value("fixture_exceptions", nlohmann::json::object());
  for (const auto& [file, why] : fixtures.items())
    mapping.fixture_exceptions[file] = why.get<std::string>();
  return mapping;
}

bool is_case(const fs::path& file) {
  const std::string name = file.filename().string();
  const std::string ext = file.extension().string();
  return (ext == ".yaml" || ext == ".yml" || ext == ".json") && name != "check.yaml" &&
         name.rfind("mutated", 0) != 0;
}

std::vector<fs::path> cases_of(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && is_case(entry.path())) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// What golive says about one fixture: "fail", "pass", or why neither.
std::string outcome_of(const std::vector<const Rule*>& rules, const fs::path& fixture,
                       const RuleSet& set, std::string& detail) {
  const auto manifests = collectors::k8s::read_manifests({fixture.string()});
  const nlohmann::json facts = {{"k8s", collectors::k8s::manifest_facts(manifests)}};
  EvaluationContext context;
  context.environment = "polaris";
  context.profile = "production";
  if (const Profile* profile = set.find_profile("production"))
    context.profile_settings = profile->settings;
  context.collectors = {{"k8s", {{"status", "ok"}}}};
  context.now = parse_rfc3339("2026-01-01T00:00:00Z").value_or(TimePoint{});
  std::size_t passes = 0, fails = 0, others = 0;
  std::vector<std::string> lines;
  for (const Rule* rule : rules) {
    for (const auto& f : evaluate_rule(*rule, facts, context)) {
      passes += f.status == Status::pass;
      fails += f.status == Status::fail;
      const bool other = f.status != Status::pass && f.status != Status::fail;
      others += other;
      lines.push_back(fmt::format("{} {}{}", to_string(f.status), f.resource,
                                  other ? " (" + f.reason + f.error + ")" : ""));
    }
  }
  detail = fmt::format("{}", fmt::join(lines, "; "));
  if (fails > 0) return "fail";
  if (others > 0) return "unknown";
  return passes > 0 ? "pass" : "skipped";
}

struct Tally {
  std::size_t total = 0, agreed = 0;
};

// Polaris's admission-webhook cases under its default configuration: a
// `failing_test.*` must be rejected (at least one failure of a rule ported
// from a check at `danger` in pkg/config/default.yaml), a `passing_test.*`
// admitted (no such failure).
Tally run_webhook_cases(const fs::path& polaris, const Mapping& mapping, const RuleSet& set) {
  const std::string defaults_file = (polaris / "pkg" / "config" / "default.yaml").string();
  const auto documents = parse_yaml_documents(read_file(defaults_file), defaults_file);
  const nlohmann::json defaults = yaml_to_json(documents.front());
  std::vector<const Rule*> danger_rules;
  for (const auto& [check, level] : defaults["checks"].items()) {
    if (level != "danger" || !mapping.ported.count(check)) continue;
    for (const auto& id : mapping.ported.at(check))
      if (const Rule* rule = set.find(id)) danger_rules.push_back(rule);
  }
  Tally tally;
  const fs::path cases = polaris / "test" / "webhook_cases";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(cases))
    if (entry.path().filename().string().find("_test.") != std::string::npos)
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  fmt::print("\nwebhook cases (default configuration, {} danger rules)\n", danger_rules.size());
  for (const auto& file : files) {
    const std::string name = file.filename().string();
    const bool expect_reject = name.rfind("failing_test", 0) == 0;
    std::string detail;
    const std::string actual = outcome_of(danger_rules, file, set, detail);
    const bool rejected = actual == "fail";
    if (mapping.webhook_exceptions.count(name)) {
      fmt::print("  {:<48} golive {} (expected deviation: {})\n", name,
                 rejected ? "rejects" : "admits", mapping.webhook_exceptions.at(name));
      continue;
    }
    ++tally.total;
    const bool agrees = rejected == expect_reject;
    tally.agreed += agrees;
    fmt::print("  {:<48} {} {}\n", name, expect_reject ? "reject" : "admit",
               agrees ? "agree" : "DISAGREE — " + detail);
  }
  return tally;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: polaris_conformance POLARIS_DIR MAPPING.yaml RULES_PATH...\n";
    return 2;
  }
  try {
    const fs::path checks_dir = fs::path(argv[1]) / "test" / "checks";
    const Mapping mapping = read_mapping(argv[2]);
    RuleLoader loader;
    loader.add_builtin_profiles();
    for (int i = 3; i < argc; ++i) loader.add_path(argv[i]);
    const RuleSet set = loader.finish();

    std::size_t total = 0, agreed = 0, problems = 0;
    std::vector<std::string> checks;
    for (const auto& entry : fs::directory_iterator(checks_dir))
      if (entry.is_directory()) checks.push_back(entry.path().filename().string());
    std::sort(checks.begin(), checks.end());
    for (const auto& check : checks) {
      if (mapping.not_ported.count(check)) {
        fmt::print("{:<42} not ported: {}\n", check, mapping.not_ported.at(check));
        continue;
      }
      auto ported = mapping.ported.find(check);
      if (ported == mapping.ported.end()) {
        fmt::print("{:<42} UNCLASSIFIED: add it to 'ported' or 'not_ported'\n", check);
        ++problems;
        continue;
      }
      std::vector<const Rule*> rules;
      for (const auto& id : ported->second) {
        if (const Rule* rule = set.find(id)) {
          rules.push_back(rule);
        } else {
          fmt::print("{:<42} rule '{}' not found\n", check, id);
          ++problems;
        }
      }
      if (rules.empty()) continue;
      std::size_t check_total = 0, check_agreed = 0, check_deviations = 0;
      for (const auto& fixture : cases_of(checks_dir / check)) {
        const bool expect_fail = fixture.filename().string().find("failure") != std::string::npos;
        std::string detail;
        const std::string actual = outcome_of(rules, fixture, set, detail);
        const std::string key = check + "/" + fixture.filename().string();
        if (auto deviation = mapping.fixture_exceptions.find(key);
            deviation != mapping.fixture_exceptions.end()) {
          fmt::print("  {} golive {} (expected deviation: {})\n", key, actual, deviation->second);
          ++check_deviations;
          continue;
        }
        const bool agrees = actual == (expect_fail ? "fail" : "pass");
        ++check_total;
        check_agreed += agrees;
        if (!agrees)
          fmt::print("  DISAGREE {}/{}: expected {}, golive {} — {}\n", check,
                     fixture.filename().string(), expect_fail ? "fail" : "pass", actual, detail);
      }
      if (check_total + check_deviations == 0) {
        fmt::print("{:<42} no fixtures: a ported check must have cases\n", check);
        ++problems;
      }
      total += check_total;
      agreed += check_agreed;
      fmt::print("{:<42} {:<48} {}/{} agree\n", check,
                 fmt::format("{}", fmt::join(ported->second, ",")), check_agreed, check_total);
    }
    const double percent = total ? 100.0 * static_cast<double>(agreed) / total : 0.0;
    const Tally webhook = run_webhook_cases(argv[1], mapping, set);
    fmt::print(
        "\nported checks: {} of {}; fixtures agreeing: {}/{} ({:.1f}%); webhook cases "
        "agreeing: {}/{}\n",
        mapping.ported.size(), checks.size(), agreed, total, percent, webhook.agreed,
        webhook.total);
    return agreed == total && webhook.agreed == webhook.total && problems == 0 && total > 0 &&
                   webhook.total > 0
               ? 0
               : 1;
  } catch (const InputError& e) {
    std::cerr << e.what() << '\n';
    return 2;
  } catch (const fs::filesystem_error& e) {  // e.g. tests/data/polaris missing
    std::cerr << "polaris_conformance: " << e.what() << '\n';
    return 2;
  }
}
