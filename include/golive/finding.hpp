#pragma once
// A finding: the outcome of one rule on one resource.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "golive/model.hpp"

namespace golive {

// Where a finding is, in the user's files: a manifest's document, or the
// golive.yaml line declaring the target (or collector) its facts came from.
struct FindingLocation {
  std::string file;  // relative to the repository root when inside it
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based; 0 when unknown
};

struct Finding {
  std::string rule_id;
  std::string title;
  Domain domain = Domain::architecture;
  Severity severity = Severity::info;
  Status status = Status::skipped;
  std::string resource;
  std::string kind;  // a Kubernetes object's kind (Deployment, ...), else ""
  std::optional<FindingLocation> location;
  // Who answers for the resource, where golive knows: an `owner` label,
  // annotation or tag on it, else the declared on-call owner.
  std::string owner;
  std::string message;
  nlohmann::json evidence = nlohmann::json::object();  // fact path -> value read
  std::vector<std::string> missing;                    // fact paths absent (unknown)
  std::string error;                                   // why evaluation failed (error)
  std::string reason;  // why a finding is unknown or skipped, in words
  // For waived findings: the status before the waiver, and which waiver.
  std::optional<Status> waived_status;
  std::optional<std::size_t> waiver_index;
  // Already failing in the --baseline result: reported, but it does not
  // decide (neither scores nor the decision count it).
  bool baseline = false;
};

// Deterministic order: rule id, then resource.
bool operator<(const Finding& a, const Finding& b);

}  // namespace golive
