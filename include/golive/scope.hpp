#pragma once
// An audit's scope: the systems it was pointed at (collectors configured in
// golive.yaml or given on the command line, narrowed by --scope) and the
// rules selected (--only / --skip). A rule reading a system outside the
// scope is out of scope: not evaluated, not scored, not unknown; reports list
// such rules once, by count per system (docs/scoring.md, Scope).

#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "golive/rule.hpp"

namespace golive {

// --only / --skip patterns. A pattern is a rule id or glob (`security.k8s.*`),
// a tag, a domain or a system; `id:`, `tag:`, `domain:` or `system:` in
// front says which. A rule is selected when it matches some `only` pattern
// (or `only` is empty) and no `skip` pattern.
struct RuleSelection {
  std::vector<std::string> only;
  std::vector<std::string> skip;

  bool selects(const Rule& rule) const;
  bool empty() const { return only.empty() && skip.empty(); }
};

// Whether `pattern` (as above) names `rule`.
bool pattern_matches(const std::string& pattern, const Rule& rule);

// Throws InputError naming every pattern that matches no loaded rule (a typo
// would otherwise silently select nothing or skip nothing), with a
// did-you-mean; `where` names the option or file the patterns came from.
void check_selection(const RuleSelection& selection, const std::vector<Rule>& rules,
                     const std::string& where);

struct AuditScope {
  std::set<std::string> systems;  // systems whose facts were collected
  RuleSelection selection;
};

// The systems a snapshot's collectors looked at: every collector (or fact key
// a collector provided) whose status is not `skipped`.
std::set<std::string> collected_systems(const nlohmann::json& collectors);

// What the scope left out, for reports.
struct ScopeReport {
  std::vector<std::string> systems;  // audited, sorted
  // System -> ids of rules that read it and no system in scope.
  std::map<std::string, std::vector<std::string>> not_audited;
  // Rules reading systems in scope and out of it: not evaluated either.
  struct CrossSystem {
    std::string rule_id;
    std::vector<std::string> missing;  // the systems out of scope
  };
  std::vector<CrossSystem> cross_system;
  std::vector<std::string> not_selected;      // left out by --only / --skip
  std::vector<std::string> required_missing;  // the profile's required systems not audited
};

struct ScopedRules {
  std::vector<const Rule*> rules;  // to evaluate, in the set's order
  ScopeReport report;
};

// Splits `rules` into those the scope evaluates and a report of the rest.
ScopedRules apply_scope(const std::vector<Rule>& rules, const AuditScope& scope);

nlohmann::json to_json(const ScopeReport& report);

// "azure (81 rules), postgres (27 rules); 4 cross-system rules need redis" or
// "" when nothing was left out for lack of a system.
std::string not_audited_summary(const nlohmann::json& scope);

}  // namespace golive
