#pragma once
// A readiness rule as loaded from YAML (docs/rule-authoring.md; schemas/rule.schema.json),
// with its expressions compiled once.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "golive/diagnostics.hpp"
#include "golive/expr.hpp"
#include "golive/model.hpp"

namespace golive {

// A message with `{{ expression }}` placeholders.
struct MessageTemplate {
  struct Segment {
    std::string text;                           // literal text, when expr is null
    std::shared_ptr<const expr::Program> expr;  // placeholder expression
  };
  std::vector<Segment> segments;
};

// A named sub-expression (`variables:`, as in Kubernetes'
// ValidatingAdmissionPolicy): evaluated once per item, in order, before
// `when`; later variables, `when`, `assert`, `resource` and `message` read it
// as `variables.<name>`.
struct RuleVariable {
  std::string name;
  std::string source;
  std::shared_ptr<const expr::Program> program;
};

// An inline test case: facts to evaluate the rule over and the status expected.
struct RuleTest {
  std::string name;
  nlohmann::json facts = nlohmann::json::object();
  Status expect = Status::pass;
  std::string profile = "production";
  std::string now = "2026-01-01T00:00:00Z";  // evaluation time, so date rules are repeatable
  nlohmann::json env = nlohmann::json::object();
  std::optional<std::string> resource;  // check one item instead of the aggregate
  SourceLocation location;
};

struct Rule {
  std::string id;
  std::string title;
  Domain domain = Domain::architecture;
  Severity severity = Severity::info;
  // Why the severity, in the words of the rubric (docs/scoring.md#severity).
  std::string severity_reason;
  std::string applies_to;                     // dotted path into facts; '*' iterates a map
  std::vector<std::string> applies_path;      // applies_to split at '.'
  std::vector<RuleVariable> variables;        // in evaluation order
  std::shared_ptr<const expr::Program> when;  // optional
  std::shared_ptr<const expr::Program> assertion;
  std::shared_ptr<const expr::Program> resource;  // optional display name
  MessageTemplate message;
  std::string message_source;
  std::string when_source;
  std::string assert_source;
  std::string rationale;
  std::string remediation;
  std::vector<std::string> references;
  std::vector<std::string> tags;
  std::vector<std::string> profiles;  // empty: every profile
  std::vector<RuleTest> tests;
  SourceLocation location;  // where the rule's document starts
  bool builtin = false;
  // The systems (top-level fact keys: azure, k8s, postgres, ...) the rule
  // reads, derived from applies_to and its compiled expressions; sorted.
  // An audit whose scope lacks one of them does not evaluate the rule.
  std::vector<std::string> systems;

  bool applies_to_profile(const std::string& profile) const;
};

}  // namespace golive
