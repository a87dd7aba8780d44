#include "golive/evaluation.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "golive/engine.hpp"
#include "golive/result_file.hpp"

namespace golive {

namespace {

bool is_problem_status(Status status) {
  return status == Status::fail || status == Status::error || status == Status::unknown;
}

// Marks findings that were already problems in the baseline; returns how many.
std::size_t apply_baseline(std::vector<Finding>& findings, const nlohmann::json& baseline) {
  std::set<std::string> known;
  for (const auto& f : baseline["findings"])
    if (is_problem(f)) known.insert(finding_key(f));
  std::size_t matched = 0;
  for (auto& f : findings) {
    if (!is_problem_status(f.status)) continue;
    if (known.count(f.rule_id + '\n' + f.resource)) {
      f.baseline = true;
      ++matched;
    }
  }
  return matched;
}

// The profile's required systems the audit did not look at. A system no
// loaded rule reads is not required: there is nothing to judge it by (a
// pack of in-house rules under `production`, say).
std::vector<std::string> required_missing(const Profile& profile, const RuleSet& rules,
                                          const ScopeReport& scope) {
  std::vector<std::string> missing;
  for (const auto& system : profile.required_systems) {
    if (std::binary_search(scope.systems.begin(), scope.systems.end(), system)) continue;
    const bool judged = std::any_of(rules.rules.begin(), rules.rules.end(), [&](const Rule& r) {
      return std::find(r.systems.begin(), r.systems.end(), system) != r.systems.end();
    });
    if (judged) missing.push_back(system);
  }
  return missing;
}

// Findings on resources that name no owner of their own go to the team the
// environment declares on call (declared.oncall.owner), when there is one.
void assign_declared_owner(std::vector<Finding>& findings, const nlohmann::json& facts) {
  const nlohmann::json* owner = &facts;
  for (const char* key : {"declared", "oncall", "owner"}) {
    if (!owner->is_object() || !owner->contains(key)) return;
    owner = &(*owner)[key];
  }
  if (!owner->is_string() || owner->get<std::string>().empty()) return;
  for (auto& f : findings)
    if (f.owner.empty()) f.owner = owner->get<std::string>() + " (on call, declared)";
}

AuditScope audit_scope(const EvaluationRequest& request) {
  AuditScope scope;
  scope.selection = request.selection;
  for (const auto& system : collected_systems(request.snapshot->collectors))
    if (!request.systems || request.systems->count(system)) scope.systems.insert(system);
  return scope;
}

}  // namespace

AuditResult run_evaluation(const EvaluationRequest& request) {
  const Snapshot& snapshot = *request.snapshot;
  const Profile& profile = *request.profile;
  EvaluationContext context;
  context.environment = snapshot.environment;
  context.profile = profile.name;
  context.profile_settings = profile.settings;
  if (request.settings.is_object())
    for (const auto& [key, value] : request.settings.items()) context.profile_settings[key] = value;
  context.now = request.now;
  context.collectors = snapshot.collectors;

  AuditResult result;
  result.environment = snapshot.environment;
  result.profile = profile.name;
  result.collected_at = snapshot.collected_at;
  result.collectors = snapshot.collectors;
  result.snapshot_sha256 = snapshot.sha256;
  result.rule_pack_sha256 = request.rules->pack_sha256;
  result.rule_count = request.rules->rules.size();
  const ScopedRules scoped = apply_scope(request.rules->rules, audit_scope(request));
  result.scope = scoped.report;
  result.scope.required_missing = required_missing(profile, *request.rules, result.scope);
  result.findings = evaluate_rules(scoped.rules, snapshot.facts, context);
  result.waivers = apply_waivers(result.findings, request.waivers,
                                 std::chrono::floor<std::chrono::days>(request.today));
  assign_declared_owner(result.findings, snapshot.facts);
  if (request.baseline)
    result.baseline_matched = apply_baseline(result.findings, *request.baseline);
  result.verdict = decide(result.findings, profile, result.scope.required_missing);
  return result;
}

namespace {

RuleTestOutcome run_test(const Rule& rule, const RuleTest& test, const RuleSet& rules) {
  RuleTestOutcome outcome;
  outcome.rule = &rule;
  outcome.test = &test;
  const Profile* profile = rules.find_profile(test.profile);
  EvaluationContext context;
  context.environment = test.env.value("name", "test");
  context.profile = test.profile;
  if (profile) context.profile_settings = profile->settings;
  context.now = parse_rfc3339(test.now).value_or(TimePoint{});
  context.env_extra = test.env;
  // Every collector counts as having run, so absent facts read as "not collected".
  for (const auto& [name, value] : test.facts.items())
    context.collectors[name] = {{"status", "ok"}};

  std::vector<Finding> findings = evaluate_rule(rule, test.facts, context);
  if (test.resource) {
    std::erase_if(findings, [&](const Finding& f) { return f.resource != *test.resource; });
    if (findings.empty()) {
      outcome.detail = fmt::format("no finding for resource '{}'", *test.resource);
      return outcome;
    }
  }
  outcome.actual = aggregate_status(findings);
  outcome.passed = outcome.actual == test.expect;
  for (const auto& f : findings) outcome.messages.push_back(f.message);
  if (!outcome.passed) {
    std::vector<std::string> lines;
    for (const auto& f : findings) {
      std::string line = fmt::format("{} {}: {}", to_string(f.status), f.resource, f.message);
      if (!f.reason.empty()) line += " (" + f.reason + ")";
      if (!f.error.empty()) line += " (" + f.error + ")";
      lines.push_back(line);
    }
    outcome.detail = fmt::format("{}", fmt::join(lines, "; "));
  }
  return outcome;
}

}  // namespace

std::vector<RuleTestOutcome> run_rule_tests(const RuleSet& rules) {
  std::vector<RuleTestOutcome> outcomes;
  for (const auto& rule : rules.rules)
    for (const auto& test : rule.tests) outcomes.push_back(run_test(rule, test, rules));
  return outcomes;
}

}  // namespace golive
