#include "cli/decision.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "golive/collector.hpp"
#include "golive/evaluation.hpp"
#include "golive/result_file.hpp"
#include "golive/source_links.hpp"
#include "golive/text.hpp"

namespace golive::cli {

namespace {

std::optional<Severity> parse_fail_on(const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (auto severity = parse_severity(text)) return severity;
  std::vector<std::string> names;
  for (Severity s : kAllSeverities) names.emplace_back(to_string(s));
  throw InputError({"--fail-on", 0, 0}, fmt::format("unknown severity '{}'{}; use one of: {}", text,
                                                    did_you_mean(text, names), join(names, ", ")));
}

std::optional<TimePoint> evaluation_time(const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (auto t = parse_rfc3339(text)) return t;
  throw InputError({"--now", 0, 0}, fmt::format("'--now {}' must be an RFC 3339 timestamp such as "
                                                "2026-01-31T09:30:00Z",
                                                text));
}

// --scope names systems collectors know (azure, k8s, postgres, ...).
std::optional<std::set<std::string>> scope_systems(const std::vector<std::string>& names) {
  if (names.empty()) return std::nullopt;
  const std::vector<std::string> known = known_systems();
  std::set<std::string> systems;
  DiagnosticSink sink;
  for (const auto& name : names) {
    if (std::find(known.begin(), known.end(), name) == known.end())
      sink.error({"--scope", 0, 0}, fmt::format("unknown system '{}'{}; systems: {}", name,
                                                did_you_mean(name, known), join(known, ", ")));
    systems.insert(name);
  }
  sink.throw_if_any();
  return systems;
}

// Why nothing was evaluated, in words: what was in scope, and what each
// collector said, one line each.
std::string nothing_to_audit(const AuditResult& result, const Snapshot& snapshot) {
  const auto collected = collected_systems(snapshot.collectors);
  std::string why;
  if (collected.empty())
    why = "no system was collected";
  else if (result.scope.systems.empty())
    why = fmt::format("--scope leaves out every system collected ({})",
                      join({collected.begin(), collected.end()}, ", "));
  else
    why = fmt::format("no selected rule found anything to check in {}",
                      join(result.scope.systems, ", "));
  if (!result.scope.not_selected.empty())
    why += fmt::format(" ({} rule(s) left out by --only/--skip)", result.scope.not_selected.size());
  for (const auto& [name, entry] : snapshot.collectors.items()) {
    if (!entry.is_object()) continue;
    if (const std::string error = entry.value("error", ""); !error.empty())
      why += fmt::format("\n  {}: {}", name, error);
    for (const auto& note : entry.value("notes", nlohmann::json::array()))
      if (note.is_string()) why += fmt::format("\n  {} note: {}", name, note.get<std::string>());
  }
  return "nothing to audit: " + why;
}

bool evaluated_anything(const AuditResult& result) {
  return std::any_of(result.findings.begin(), result.findings.end(),
                     [](const Finding& f) { return f.status != Status::skipped; });
}

}  // namespace

void DecisionOptions::add_to(CLI::App& command) {
  command.footer(
      "Exit codes: 0 GO, or CONDITIONAL GO without --fail-on; 1 NO-GO, or --fail-on hit by an "
      "unwaived failure; 2 invalid usage, configuration, rules, waivers or snapshot (nothing "
      "evaluated); 3 NO-GO only because blocking checks could not be verified (inconclusive), "
      "or --fail-on hit only by unknowns.");
  command.add_option("--profile", profile, "Decision profile, e.g. production, staging")
      ->type_name("NAME");
  command.add_option("--waivers", waivers, "Waiver file (YAML)")->type_name("FILE");
  command
      .add_option("--fail-on", fail_on,
                  "Also fail (exit 1) on unwaived findings at or above this severity")
      ->type_name("SEVERITY");
  command
      .add_option("--now", now,
                  "Judge facts and waivers as of this time (RFC 3339); default: facts as of "
                  "their collection, waivers as of today")
      ->type_name("TIME");
  command
      .add_option("--baseline", baseline,
                  "A previous result (JSON): findings already failing there are reported but do "
                  "not decide; only new ones do")
      ->type_name("RESULT.json");
  command
      .add_option("--only", only,
                  "Evaluate only rules matching PATTERN: a rule id or glob, a tag, a domain or a "
                  "system (repeatable; id:, tag:, domain:, system: to be explicit)")
      ->type_name("PATTERN");
  command
      .add_option("--skip", skip,
                  "Leave out rules matching PATTERN (same forms as --only; repeatable)")
      ->type_name("PATTERN");
  command
      .add_option("--scope", scope,
                  "Audit only these systems of those collected (azure, k8s, postgres, ...); rules "
                  "needing another are listed as not audited")
      ->type_name("SYSTEM[,SYSTEM]")
      ->delimiter(',');
  rules.add_to(command);
  output.add_to(command);
}

DecisionOptions::Inputs DecisionOptions::read_inputs() const {
  output.validate();
  Inputs inputs;
  inputs.fail_on = parse_fail_on(fail_on);
  inputs.now = evaluation_time(now);
  inputs.rules = rules.load();
  if (!waivers.empty()) inputs.waivers = load_waivers(waivers);
  if (!baseline.empty()) inputs.baseline = load_result(baseline);
  inputs.selection = {only, skip};
  check_selection(inputs.selection, inputs.rules.rules, "--only/--skip");
  inputs.systems = scope_systems(scope);
  return inputs;
}

namespace {

// The settings names rules read (`env.settings.<name>` in any expression or
// definition), besides those profiles define with a value.
void add_settings_read(std::string_view source, std::vector<std::string>& names) {
  constexpr std::string_view kPrefix = "env.settings.";
  for (std::size_t at = source.find(kPrefix); at != std::string_view::npos;
       at = source.find(kPrefix, at + 1)) {
    std::size_t end = at + kPrefix.size();
    while (end < source.size() &&
           (std::isalnum(static_cast<unsigned char>(source[end])) || source[end] == '_'))
      ++end;
    std::string name(source.substr(at + kPrefix.size(), end - at - kPrefix.size()));
    if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end())
      names.push_back(std::move(name));
  }
}

const char* json_kind(const nlohmann::json& value) {
  if (value.is_array()) return "a list";
  if (value.is_object()) return "a mapping";
  if (value.is_boolean()) return "true or false";
  if (value.is_number()) return "a number";
  if (value.is_string()) return "a text";
  return "empty";
}

}  // namespace

// golive.yaml's settings must be ones a profile defines or a rule reads (a
// misspelt name would be silently ignored by every rule), of the kind the
// profile's value is (a list stays a list).
void DecisionOptions::check_settings(const Inputs& inputs, DiagnosticSink& sink) const {
  std::vector<std::string> known;
  nlohmann::json defaults = nlohmann::json::object();
  for (const auto& [name, profile] : inputs.rules.profiles)
    for (const auto& [key, value] : profile.settings.items()) {
      if (std::find(known.begin(), known.end(), key) == known.end()) known.push_back(key);
      if (!defaults.contains(key)) defaults[key] = value;
    }
  for (const auto& rule : inputs.rules.rules) {
    add_settings_read(rule.when_source, known);
    add_settings_read(rule.assert_source, known);
    add_settings_read(rule.message_source, known);
    for (const auto& variable : rule.variables) add_settings_read(variable.source, known);
  }
  if (inputs.rules.definitions)
    for (const auto& info : inputs.rules.definitions->list()) add_settings_read(info.source, known);
  for (const auto& [key, value] : settings.items()) {
    auto where = setting_locations.find(key);
    const SourceLocation at =
        where == setting_locations.end() ? SourceLocation{"settings", 0, 0} : where->second;
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      sink.error(at, fmt::format("unknown setting '{}'{}; profiles and rules know: {}", key,
                                 did_you_mean(key, known), join(known, ", ")));
    } else if (value.is_null()) {
      sink.error(at, fmt::format("setting '{}' is empty; give it a value (write [] for an empty "
                                 "list)",
                                 key));
    } else if (defaults.contains(key) && !defaults[key].is_null() &&
               std::string_view(json_kind(defaults[key])) != json_kind(value) &&
               !(defaults[key].is_number() && value.is_number())) {
      sink.error(at, fmt::format("setting '{}' must be {}, as in the profiles (found {})", key,
                                 json_kind(defaults[key]), json_kind(value)));
    }
  }
}

void DecisionOptions::check_profile(const Inputs& inputs, const std::string& name) const {
  if (const Profile* found = inputs.rules.find_profile(name)) {
    // A misspelt required system would never be audited: say so now.
    const std::vector<std::string> known = known_systems();
    DiagnosticSink sink;
    for (const auto& system : found->required_systems)
      if (std::find(known.begin(), known.end(), system) == known.end())
        sink.error(found->location,
                   fmt::format("profile '{}' requires unknown system '{}'{}; systems: {}", name,
                               system, did_you_mean(system, known), join(known, ", ")));
    check_settings(inputs, sink);
    sink.throw_if_any();
    return;
  }
  const auto names = inputs.rules.profile_names();
  throw InputError({"--profile", 0, 0},
                   fmt::format("unknown profile '{}'{}; known profiles: {}", name,
                               did_you_mean(name, names), join(names, ", ")));
}

int DecisionOptions::decide(const Inputs& inputs, Snapshot& snapshot) const {
  const std::string profile_name = profile.empty() ? snapshot.profile : profile;
  check_profile(inputs, profile_name);
  // Sources of one system are linked before rules read them (a live target
  // and its Azure resource, Traefik's entry points and their Services).
  link_sources(snapshot.facts);
  // --now sets both clocks; otherwise facts are judged as of their collection
  // and waivers as of today.
  const TimePoint collected = *parse_rfc3339(snapshot.collected_at);  // validated on load
  const TimePoint today = inputs.now.value_or(std::chrono::system_clock::now());
  AuditResult result =
      run_evaluation({&inputs.rules, &snapshot, inputs.rules.find_profile(profile_name),
                      inputs.waivers, inputs.now.value_or(collected), today,
                      inputs.baseline.is_null() ? nullptr : &inputs.baseline, inputs.selection,
                      inputs.systems, settings});
  // A GO over nothing would read as a pass: an audit that checked nothing
  // is a usage problem, said in words.
  if (!evaluated_anything(result))
    throw InputError({"golive", 0, 0}, nothing_to_audit(result, snapshot));
  output.write(to_json(result, inputs.rules.rules));
  return exit_code(result.verdict, result.findings, inputs.fail_on);
}

}  // namespace golive::cli
