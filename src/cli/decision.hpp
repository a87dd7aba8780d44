#pragma once
// What evaluate and audit share: the options that shape the decision and the
// reports, and the step from a snapshot to a decided, reported result.

#include <optional>
#include <set>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "golive/scope.hpp"
#include "golive/snapshot.hpp"
#include "golive/time.hpp"
#include "golive/waiver.hpp"

namespace golive::cli {

struct DecisionOptions {
  std::string profile;  // default: the snapshot's (or golive.yaml's)
  std::string waivers;
  std::string fail_on;
  std::string now;                 // evaluation time override, RFC 3339
  std::string baseline;            // a previous result: only new problems decide
  std::vector<std::string> only;   // --only PATTERN (repeatable)
  std::vector<std::string> skip;   // --skip PATTERN (repeatable)
  std::vector<std::string> scope;  // --scope SYSTEM[,SYSTEM] (repeatable)
  // golive.yaml's `settings:`, over the profile's, and where each was written.
  nlohmann::json settings = nlohmann::json::object();
  std::map<std::string, SourceLocation> setting_locations;
  RuleOptions rules;
  OutputOptions output;

  void add_to(CLI::App& command);

  // Everything read from disk besides the snapshot, checked before any
  // collecting or evaluating (every problem is an input error, exit 2).
  struct Inputs {
    RuleSet rules;
    std::vector<Waiver> waivers;
    nlohmann::json baseline;  // null without --baseline
    std::optional<Severity> fail_on;
    std::optional<TimePoint> now;
    RuleSelection selection;
    std::optional<std::set<std::string>> systems;  // --scope
  };
  Inputs read_inputs() const;

  // Fails early (exit 2) when `name` is not a known profile, or golive.yaml
  // sets a setting no profile defines.
  void check_profile(const Inputs& inputs, const std::string& name) const;
  void check_settings(const Inputs& inputs, DiagnosticSink& sink) const;

  // Evaluates, writes the reports, returns the exit code.
  // Links the snapshot's sources in place (golive/source_links.hpp), then judges it.
  int decide(const Inputs& inputs, Snapshot& snapshot) const;
};

}  // namespace golive::cli
