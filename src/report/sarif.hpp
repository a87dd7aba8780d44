#pragma once
// SARIF 2.1.0 rendering of a result document (src/report/sarif.cpp), exposed
// for tests.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace golive::report {

// The SARIF log for a result document.
nlohmann::json to_sarif(const nlohmann::json& result);

// Where a rule is defined, from the result's rules[id]: `file` and `line`,
// or, for results without them, parsed from `source` ("builtin:PATH:L:C" or
// "PATH:L:C").
struct SarifRuleLocation {
  std::string file;
  int line = 1;
};
SarifRuleLocation sarif_rule_location(const nlohmann::json& rule);

// Where a finding points: the line of golive.yaml that declares the
// collector of the rule's facts (collectors[key].declared_at, written by
// `golive audit`), else the rule file.
SarifRuleLocation sarif_finding_location(const nlohmann::json& rule,
                                         const nlohmann::json& collectors);

// partialFingerprints.primaryLocationLineHash: 16 hex digits of
// SHA-256(rule_id '\0' resource), ":1" as GitHub writes them.
std::string sarif_fingerprint(std::string_view rule_id, std::string_view resource);

// GitHub's security-severity for a golive severity (a numeric string).
std::string sarif_security_severity(std::string_view severity);

}  // namespace golive::report
