#include "cli/decision.hpp"

#include <fmt/format.h>

#include "golive/evaluation.hpp"
#include "golive/result_file.hpp"
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
  return inputs;
}

void DecisionOptions::check_profile(const Inputs& inputs, const std::string& name) const {
  if (inputs.rules.find_profile(name)) return;
  const auto names = inputs.rules.profile_names();
  throw InputError({"--profile", 0, 0},
                   fmt::format("unknown profile '{}'{}; known profiles: {}", name,
                               did_you_mean(name, names), join(names, ", ")));
}

int DecisionOptions::decide(const Inputs& inputs, const Snapshot& snapshot) const {
  const std::string profile_name = profile.empty() ? snapshot.profile : profile;
  check_profile(inputs, profile_name);
  // --now sets both clocks; otherwise facts are judged as of their collection
  // and waivers as of today.
  const TimePoint collected = *parse_rfc3339(snapshot.collected_at);  // validated on load
  const TimePoint today = inputs.now.value_or(std::chrono::system_clock::now());
  AuditResult result =
      run_evaluation({&inputs.rules, &snapshot, inputs.rules.find_profile(profile_name),
                      inputs.waivers, inputs.now.value_or(collected), today,
                      inputs.baseline.is_null() ? nullptr : &inputs.baseline});
  output.write(to_json(result, inputs.rules.rules));
  return exit_code(result.verdict, result.findings, inputs.fail_on);
}

}  // namespace golive::cli
