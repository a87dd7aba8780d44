#pragma once
// The rule engine: selects what each rule applies to, applies profiles and
// preconditions, evaluates the assertion per item and records findings.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "golive/finding.hpp"
#include "golive/rule.hpp"
#include "golive/time.hpp"

namespace golive {

struct EvaluationContext {
  std::string environment;
  std::string profile;
  nlohmann::json profile_settings = nlohmann::json::object();  // env.settings
  TimePoint now{};
  // Collector statuses from the snapshot, to explain missing facts.
  nlohmann::json collectors = nlohmann::json::object();
  // Extra fields merged into `env` (rule tests may set them).
  nlohmann::json env_extra = nlohmann::json::object();
};

// Evaluates one rule over the facts. Findings come out in item order.
std::vector<Finding> evaluate_rule(const Rule& rule, const nlohmann::json& facts,
                                   const EvaluationContext& context);

// Evaluates every rule; findings sorted by rule id, then resource.
std::vector<Finding> evaluate_rules(const std::vector<Rule>& rules, const nlohmann::json& facts,
                                    const EvaluationContext& context);
std::vector<Finding> evaluate_rules(const std::vector<const Rule*>& rules,
                                    const nlohmann::json& facts, const EvaluationContext& context);

// The status of a rule over all its findings: fail if any failed, else error,
// else unknown, else pass, else skipped.
Status aggregate_status(const std::vector<Finding>& findings);

}  // namespace golive
