#pragma once
// One evaluation, from facts to a decided result: rules, waivers, scoring.
// Shared by `golive evaluate`, `golive audit` and `golive rules test`.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "golive/result.hpp"
#include "golive/rule_set.hpp"
#include "golive/scope.hpp"
#include "golive/snapshot.hpp"
#include "golive/time.hpp"
#include "golive/waiver.hpp"

namespace golive {

struct EvaluationRequest {
  const RuleSet* rules = nullptr;
  const Snapshot* snapshot = nullptr;
  const Profile* profile = nullptr;
  std::vector<Waiver> waivers;
  // Facts are judged as of `now` (rules' `now` variable): by default the
  // snapshot's collected_at, so evaluating a saved snapshot is repeatable.
  TimePoint now{};
  // Waivers are approvals for today's decision: they expire by this date.
  TimePoint today{};
  // A previous result (--baseline): findings already failing there do not decide.
  const nlohmann::json* baseline = nullptr;
  // Rules selected with --only / --skip; the systems in scope are the
  // snapshot's collected systems, narrowed to `systems` when it is set (--scope).
  RuleSelection selection;
  std::optional<std::set<std::string>> systems;
  // This environment's settings (golive.yaml `settings:`), over the profile's.
  nlohmann::json settings = nlohmann::json::object();
};

AuditResult run_evaluation(const EvaluationRequest& request);

// The outcome of one inline test case of a rule.
struct RuleTestOutcome {
  const Rule* rule = nullptr;
  const RuleTest* test = nullptr;
  Status actual = Status::skipped;
  bool passed = false;
  std::string detail;                 // what was found, when it did not match
  std::vector<std::string> messages;  // every finding's rendered message
};

// Runs every test case of every rule in the set.
std::vector<RuleTestOutcome> run_rule_tests(const RuleSet& rules);

}  // namespace golive
