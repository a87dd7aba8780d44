#pragma once
// Scores and the go/no-go decision (docs/scoring.md).
//
// A domain's score is the weighted share of its counted checks that pass:
// weights by severity (blocking 10, high 5, medium 3, low 1, info 0); failures
// and errors count against; unknowns count against unless the profile says to
// leave them out; waived and skipped findings are not counted. A domain with
// nothing counted has no score. The overall score uses the same sums over all
// domains.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "golive/finding.hpp"
#include "golive/profile.hpp"

namespace golive {

int severity_weight(Severity severity);

struct DomainScore {
  std::optional<int> score;  // 0-100, none when nothing was counted
  std::map<Status, int> counts;
  double earned = 0;
  double possible = 0;
};

// A finding that blocks GO, or that a CONDITIONAL GO lists as a condition.
struct Condition {
  std::string rule_id;
  std::string resource;
  std::string title;
  std::string message;
  Severity severity = Severity::info;
  Status status = Status::fail;
  std::string kind;                         // the finding's Kubernetes kind, if any
  std::optional<FindingLocation> location;  // the finding's place in the user's files
  std::string owner;                        // the finding's owner, if known
};

struct Verdict {
  Decision decision = Decision::go;
  // NO-GO only because blocking checks could not be verified (exit code 3).
  bool inconclusive = false;
  std::optional<int> score;
  std::map<Domain, DomainScore> domains;  // all six, always
  std::vector<Condition> blockers;
  std::vector<Condition> conditions;
  std::vector<std::string> reasons;  // the decision, explained in sentences
  // The decision's cause in one line, exact: "2 blocking failures",
  // "3 blocking checks not verified", "score 54 is below the minimum of 80",
  // "required system not audited: postgres", ... (banners show it).
  std::string headline;
};

// `required_missing`: the profile's required systems the audit did not look
// at; each makes the decision NO-GO (exit 1, not inconclusive: auditing again
// the same way cannot change it).
Verdict decide(const std::vector<Finding>& findings, const Profile& profile,
               const std::vector<std::string>& required_missing = {});

// Exit code (docs/scoring.md): 0 GO or CONDITIONAL GO, 1 NO-GO, 3 NO-GO only
// because blocking checks were not verified. With `fail_on`, an unwaived fail
// (exit 1) or unknown (exit 3) at or above that severity fails too.
int exit_code(const Verdict& verdict, const std::vector<Finding>& findings,
              std::optional<Severity> fail_on);

}  // namespace golive
