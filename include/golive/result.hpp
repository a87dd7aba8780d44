#pragma once
// The result of an evaluation as a public JSON document (docs/report-formats.md,
// json; schemas/result.schema.json). Reports render from this document, so a saved result
// re-renders exactly like a fresh one.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "golive/finding.hpp"
#include "golive/rule.hpp"
#include "golive/scope.hpp"
#include "golive/scoring.hpp"
#include "golive/waiver.hpp"

namespace golive {

inline constexpr int kResultVersion = 1;

struct AuditResult {
  std::string environment;
  std::string profile;
  std::string collected_at;
  Verdict verdict;
  std::vector<Finding> findings;
  std::vector<WaiverOutcome> waivers;
  nlohmann::json collectors = nlohmann::json::object();
  ScopeReport scope;  // the systems audited, and the rules left out
  // Provenance: exactly which facts and which rules produced this result.
  std::string snapshot_sha256;
  std::string rule_pack_sha256;
  std::size_t rule_count = 0;
  // With --baseline: how many findings were already failing there.
  std::optional<std::size_t> baseline_matched;
};

// The result document. `rules` supplies rationale, remediation and references
// of the rules that produced findings, so reports need no rule pack.
nlohmann::json to_json(const AuditResult& result, const std::vector<Rule>& rules);

nlohmann::json to_json(const Finding& finding);

}  // namespace golive
