// golive evaluate --snapshot FILE: decide from a saved facts snapshot.

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "golive/evaluation.hpp"
#include "golive/result_file.hpp"
#include "golive/text.hpp"

namespace golive::cli {

namespace {

struct EvaluateOptions {
  std::string snapshot;
  std::string profile;  // default: the snapshot's
  std::string waivers;
  std::string fail_on;
  std::string now;       // evaluation time override, RFC 3339
  std::string baseline;  // a previous result: only new problems decide
  RuleOptions rules;
  OutputOptions output;
};

std::optional<Severity> parse_fail_on(const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (auto severity = parse_severity(text)) return severity;
  std::vector<std::string> names;
  for (Severity s : kAllSeverities) names.emplace_back(to_string(s));
  throw InputError({"--fail-on", 0, 0}, fmt::format("unknown severity '{}'{}; use one of: {}", text,
                                                    did_you_mean(text, names), join(names, ", ")));
}

const Profile& choose_profile(const RuleSet& rules, const std::string& name) {
  if (const Profile* profile = rules.find_profile(name)) return *profile;
  const auto names = rules.profile_names();
  throw InputError({"--profile", 0, 0},
                   fmt::format("unknown profile '{}'{}; known profiles: {}", name,
                               did_you_mean(name, names), join(names, ", ")));
}

std::optional<TimePoint> evaluation_time(const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (auto t = parse_rfc3339(text)) return t;
  throw InputError({"--now", 0, 0}, fmt::format("'--now {}' must be an RFC 3339 timestamp such as "
                                                "2026-01-31T09:30:00Z",
                                                text));
}

int run(const EvaluateOptions& o) {
  o.output.validate();
  const auto fail_on = parse_fail_on(o.fail_on);
  const std::optional<TimePoint> now = evaluation_time(o.now);
  // Read every input before evaluating anything, reporting all problems.
  RuleSet rules = o.rules.load();
  Snapshot snapshot = load_snapshot(o.snapshot);
  const Profile& profile = choose_profile(rules, o.profile.empty() ? snapshot.profile : o.profile);
  std::vector<Waiver> waivers = o.waivers.empty() ? std::vector<Waiver>{} : load_waivers(o.waivers);
  const nlohmann::json baseline = o.baseline.empty() ? nlohmann::json() : load_result(o.baseline);

  // --now sets both clocks; otherwise facts are judged as of their collection
  // and waivers as of today.
  const TimePoint collected = *parse_rfc3339(snapshot.collected_at);  // validated on load
  const TimePoint today = now.value_or(std::chrono::system_clock::now());
  AuditResult result =
      run_evaluation({&rules, &snapshot, &profile, std::move(waivers), now.value_or(collected),
                      today, o.baseline.empty() ? nullptr : &baseline});
  o.output.write(to_json(result, rules.rules));
  return exit_code(result.verdict, result.findings, fail_on);
}

}  // namespace

void add_evaluate_command(CLI::App& app, Command& selected) {
  auto options = std::make_shared<EvaluateOptions>();
  auto* command = app.add_subcommand("evaluate", "Evaluate the rules over a saved facts snapshot");
  command->add_option("--snapshot", options->snapshot, "Facts snapshot (JSON) to evaluate")
      ->required()
      ->type_name("FILE");
  command
      ->add_option("--profile", options->profile,
                   "Decision profile (default: the snapshot's), e.g. production, staging")
      ->type_name("NAME");
  command->add_option("--waivers", options->waivers, "Waiver file (YAML)")->type_name("FILE");
  command
      ->add_option("--fail-on", options->fail_on,
                   "Also fail (exit 1) on unwaived findings at or above this severity")
      ->type_name("SEVERITY");
  command
      ->add_option("--now", options->now,
                   "Judge facts and waivers as of this time (RFC 3339); default: facts "
                   "as of the snapshot's collected_at, waivers as of today")
      ->type_name("TIME");
  command
      ->add_option("--baseline", options->baseline,
                   "A previous result (JSON): findings already failing there are reported but "
                   "do not decide; only new ones do")
      ->type_name("RESULT.json");
  options->rules.add_to(*command);
  options->output.add_to(*command);
  command->callback([options, &selected] { selected = [options] { return run(*options); }; });
}

}  // namespace golive::cli
