#include "golive/scoring.hpp"

#include <cmath>

#include <fmt/format.h>

namespace golive {

int severity_weight(Severity severity) {
  switch (severity) {
    case Severity::blocking:
      return 10;
    case Severity::high:
      return 5;
    case Severity::medium:
      return 3;
    case Severity::low:
      return 1;
    case Severity::info:
      return 0;
  }
  return 0;
}

namespace {

bool is_failure(Status status) {
  return status == Status::fail || status == Status::error;
}

void count(DomainScore& score, const Finding& finding, const Profile& profile) {
  ++score.counts[finding.status];
  if (finding.baseline) return;  // known before: it does not decide
  const double weight = severity_weight(finding.severity);
  switch (finding.status) {
    case Status::pass:
      score.earned += weight;
      score.possible += weight;
      break;
    case Status::fail:
    case Status::error:
      score.possible += weight;
      break;
    case Status::unknown:
      if (profile.unknown_score == Profile::UnknownScore::fail) score.possible += weight;
      break;
    case Status::waived:
    case Status::skipped:
      break;
  }
}

std::optional<int> percentage(double earned, double possible) {
  if (possible <= 0) return std::nullopt;
  return static_cast<int>(std::floor(100.0 * earned / possible));
}

Condition condition_of(const Finding& f) {
  return {f.rule_id, f.resource, f.title,    f.message, f.severity,
          f.status,  f.kind,     f.location, f.owner};
}

std::string describe(const Condition& c) {
  const char* what = c.status == Status::unknown ? "could not be verified"
                     : c.status == Status::error ? "could not be evaluated"
                                                 : "failed";
  return fmt::format("{} {} on {}: {}", c.rule_id, what, c.resource.empty() ? "-" : c.resource,
                     c.message);
}

// The decision without the inconclusive flag.
struct Judgement {
  std::vector<Condition> blockers;
  std::vector<Condition> conditions;
  std::vector<std::string> score_reasons;
};

Judgement judge(const std::vector<Finding>& findings, const Profile& profile,
                const std::map<Domain, DomainScore>& domains, std::optional<int> overall) {
  Judgement j;
  for (const auto& f : findings) {
    if (f.baseline) continue;
    const bool blocking = profile.blocking.count(f.severity) > 0;
    const bool conditional = profile.conditional.count(f.severity) > 0;
    if (is_failure(f.status)) {
      if (blocking)
        j.blockers.push_back(condition_of(f));
      else if (conditional)
        j.conditions.push_back(condition_of(f));
    } else if (f.status == Status::unknown) {
      if (blocking && profile.unknown_decision == Profile::UnknownDecision::block)
        j.blockers.push_back(condition_of(f));
      else if (conditional ||
               (blocking && profile.unknown_decision == Profile::UnknownDecision::condition))
        j.conditions.push_back(condition_of(f));
    }
  }
  if (overall && *overall < profile.min_score)
    j.score_reasons.push_back(
        fmt::format("overall score {} is below the minimum of {} for "
                    "profile '{}'",
                    *overall, profile.min_score, profile.name));
  for (const auto& [domain, score] : domains) {
    if (score.score && *score.score < profile.min_domain_score)
      j.score_reasons.push_back(fmt::format("{} score {} is below the per-domain minimum of {}",
                                            to_string(domain), *score.score,
                                            profile.min_domain_score));
  }
  return j;
}

std::pair<std::map<Domain, DomainScore>, std::optional<int>> score_all(
    const std::vector<Finding>& findings, const Profile& profile) {
  std::map<Domain, DomainScore> domains;
  for (Domain d : kAllDomains) domains[d];
  DomainScore total;
  for (const auto& f : findings) {
    count(domains[f.domain], f, profile);
    count(total, f, profile);
  }
  for (auto& [domain, score] : domains) score.score = percentage(score.earned, score.possible);
  return {domains, percentage(total.earned, total.possible)};
}

bool blocks(const Judgement& j) {
  return !j.blockers.empty() || !j.score_reasons.empty();
}

}  // namespace

namespace {

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// The decision's cause, exact and short, for banners.
std::string headline_of(const Verdict& v, const Judgement& j,
                        const std::vector<std::string>& required_missing) {
  std::vector<std::string> parts;
  if (!required_missing.empty())
    parts.push_back(fmt::format("required system{} not audited: {}",
                                required_missing.size() == 1 ? "" : "s",
                                fmt::join(required_missing, ", ")));
  const auto unverified = std::count_if(j.blockers.begin(), j.blockers.end(),
                                        [](const auto& c) { return c.status == Status::unknown; });
  const std::size_t failed = j.blockers.size() - static_cast<std::size_t>(unverified);
  if (failed) parts.push_back(plural(failed, "blocking failure", "blocking failures"));
  if (unverified)
    parts.push_back(plural(static_cast<std::size_t>(unverified), "blocking check not verified",
                           "blocking checks not verified"));
  for (const auto& r : j.score_reasons) parts.push_back(r);
  if (v.decision == Decision::conditional_go)
    parts.push_back(plural(j.conditions.size(), "condition to resolve or accept",
                           "conditions to resolve or accept"));
  if (parts.empty()) return "no blocking finding and no condition";
  return fmt::format("{}", fmt::join(parts, "; "));
}

}  // namespace

Verdict decide(const std::vector<Finding>& findings, const Profile& profile,
               const std::vector<std::string>& required_missing) {
  Verdict v;
  std::tie(v.domains, v.score) = score_all(findings, profile);
  Judgement j = judge(findings, profile, v.domains, v.score);
  const bool gate_unchecked = !required_missing.empty();
  v.decision = blocks(j) || gate_unchecked ? Decision::no_go
               : !j.conditions.empty()     ? Decision::conditional_go
                                           : Decision::go;
  if (v.decision == Decision::no_go) {
    // Inconclusive when the NO-GO would go away if every unverified check had
    // passed — a blocking unknown, unknowns that sank a score (profiles
    // counting unknowns as failures): retrying once collectors answer may help.
    // A required system left out is a NO-GO retrying cannot change: not
    // inconclusive.
    std::vector<Finding> optimistic = findings;
    for (auto& f : optimistic)
      if (f.status == Status::unknown) f.status = Status::pass;
    auto [domains, overall] = score_all(optimistic, profile);
    v.inconclusive = !gate_unchecked && !blocks(judge(optimistic, profile, domains, overall));
  }
  if (gate_unchecked)
    v.reasons.push_back(fmt::format(
        "required system{} not audited: {} (profile '{}' requires {}; point golive at {} or "
        "choose a profile that does not require {})",
        required_missing.size() == 1 ? "" : "s", fmt::join(required_missing, ", "), profile.name,
        fmt::join(profile.required_systems, ", "), required_missing.size() == 1 ? "it" : "them",
        required_missing.size() == 1 ? "it" : "them"));
  for (const auto& c : j.blockers) v.reasons.push_back("blocking: " + describe(c));
  for (const auto& r : j.score_reasons) v.reasons.push_back(r);
  if (v.decision == Decision::conditional_go)
    v.reasons.push_back(
        fmt::format("{} condition(s) to resolve or accept before go-live", j.conditions.size()));
  v.headline = headline_of(v, j, required_missing);
  v.blockers = std::move(j.blockers);
  v.conditions = std::move(j.conditions);
  return v;
}

int exit_code(const Verdict& verdict, const std::vector<Finding>& findings,
              std::optional<Severity> fail_on) {
  if (verdict.decision == Decision::no_go) return verdict.inconclusive ? 3 : 1;
  if (!fail_on) return 0;
  bool unknown_hit = false;
  for (const auto& f : findings) {
    if (f.baseline || !at_least(f.severity, *fail_on)) continue;
    if (is_failure(f.status)) return 1;
    if (f.status == Status::unknown) unknown_hit = true;
  }
  return unknown_hit ? 3 : 0;
}

}  // namespace golive
