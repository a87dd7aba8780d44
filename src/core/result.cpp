#include "golive/result.hpp"

#include <set>

#include "golive/time.hpp"

namespace golive {

namespace {

nlohmann::json location_json(const FindingLocation& location) {
  nlohmann::json j = {{"file", location.file}};
  if (location.line > 0) j["line"] = location.line;
  if (location.column > 0) j["column"] = location.column;
  return j;
}

nlohmann::json to_json(const Condition& c) {
  nlohmann::json j = {{"rule_id", c.rule_id},
                      {"resource", c.resource},
                      {"title", c.title},
                      {"message", c.message},
                      {"severity", to_string(c.severity)},
                      {"status", to_string(c.status)}};
  if (!c.kind.empty()) j["kind"] = c.kind;
  if (c.location) j["location"] = location_json(*c.location);
  if (!c.owner.empty()) j["owner"] = c.owner;
  return j;
}

nlohmann::json to_json(const WaiverOutcome& outcome) {
  const Waiver& w = outcome.waiver;
  nlohmann::json j = {{"rule", w.rule},
                      {"resource", w.resource},
                      {"reason", w.reason},
                      {"approver", w.approver},
                      {"expires", format_date(w.expires)},
                      {"status", to_string(outcome.state)},
                      {"matched", outcome.matched},
                      {"source", w.location.to_string()}};
  if (!w.ticket.empty()) j["ticket"] = w.ticket;
  return j;
}

nlohmann::json domains_json(const Verdict& verdict) {
  nlohmann::json domains = nlohmann::json::object();
  for (const auto& [domain, score] : verdict.domains) {
    nlohmann::json d = {{"score", score.score ? nlohmann::json(*score.score) : nullptr}};
    for (Status s : kAllStatuses) {
      auto it = score.counts.find(s);
      d[std::string(to_string(s))] = it == score.counts.end() ? 0 : it->second;
    }
    domains[std::string(to_string(domain))] = d;
  }
  return domains;
}

// The rule's file as users know it: built-in rules by their path in the
// source tree (rules/<domain>/<id>.yaml), packs by the path they were given.
std::string source_file(const Rule& rule) {
  constexpr std::string_view kBuiltin = "builtin:";
  const std::string& file = rule.location.file;
  return file.rfind(kBuiltin, 0) == 0 ? file.substr(kBuiltin.size()) : file;
}

nlohmann::json rules_json(const std::vector<Finding>& findings, const std::vector<Rule>& rules) {
  std::set<std::string> used;
  for (const auto& f : findings) used.insert(f.rule_id);
  nlohmann::json out = nlohmann::json::object();
  for (const auto& rule : rules) {
    if (!used.count(rule.id)) continue;
    out[rule.id] = {{"title", rule.title},
                    {"file", source_file(rule)},
                    {"applies_to", rule.applies_to},
                    {"line", rule.location.line},
                    {"domain", to_string(rule.domain)},
                    {"severity", to_string(rule.severity)},
                    {"severity_reason", rule.severity_reason},
                    {"rationale", rule.rationale},
                    {"remediation", rule.remediation},
                    {"references", rule.references},
                    {"tags", rule.tags},
                    {"source", rule.location.to_string()}};
  }
  return out;
}

}  // namespace

nlohmann::json to_json(const Finding& f) {
  nlohmann::json j = {{"rule_id", f.rule_id},          {"title", f.title},
                      {"domain", to_string(f.domain)}, {"severity", to_string(f.severity)},
                      {"status", to_string(f.status)}, {"resource", f.resource},
                      {"message", f.message},          {"evidence", f.evidence}};
  if (!f.kind.empty()) j["kind"] = f.kind;
  if (f.location) j["location"] = location_json(*f.location);
  if (!f.owner.empty()) j["owner"] = f.owner;
  if (!f.missing.empty()) j["missing"] = f.missing;
  if (!f.error.empty()) j["error"] = f.error;
  if (!f.reason.empty()) j["reason"] = f.reason;
  if (f.waived_status) j["waived_status"] = to_string(*f.waived_status);
  if (f.waiver_index) j["waiver"] = *f.waiver_index;
  if (f.baseline) j["baseline"] = true;
  return j;
}

nlohmann::json to_json(const AuditResult& result, const std::vector<Rule>& rules) {
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : result.findings) findings.push_back(to_json(f));
  nlohmann::json blockers = nlohmann::json::array();
  for (const auto& c : result.verdict.blockers) blockers.push_back(to_json(c));
  nlohmann::json conditions = nlohmann::json::array();
  for (const auto& c : result.verdict.conditions) conditions.push_back(to_json(c));
  nlohmann::json waivers = nlohmann::json::array();
  for (const auto& w : result.waivers) waivers.push_back(to_json(w));
  nlohmann::json doc = {
      {"golive_result", kResultVersion},
      {"golive_version", GOLIVE_VERSION},
      {"environment", result.environment},
      {"profile", result.profile},
      {"collected_at", result.collected_at},
      {"decision", to_string(result.verdict.decision)},
      {"inconclusive", result.verdict.inconclusive},
      {"score", result.verdict.score ? nlohmann::json(*result.verdict.score) : nullptr},
      {"headline", result.verdict.headline},
      {"reasons", result.verdict.reasons},
      {"scope", to_json(result.scope)},
      {"domains", domains_json(result.verdict)},
      {"findings", std::move(findings)},
      {"blockers", std::move(blockers)},
      {"conditions", std::move(conditions)},
      {"waivers", std::move(waivers)},
      {"collectors", result.collectors},
      {"provenance",
       {{"snapshot_sha256", result.snapshot_sha256},
        {"rule_pack_sha256", result.rule_pack_sha256},
        {"rule_count", result.rule_count}}},
      {"rules", rules_json(result.findings, rules)}};
  if (result.baseline_matched) doc["baseline"] = {{"matched", *result.baseline_matched}};
  return doc;
}

}  // namespace golive
