#include "golive/waiver.hpp"

#include <fmt/format.h>

#include "golive/text.hpp"
#include "golive/time.hpp"
#include "golive/yaml.hpp"

namespace golive {

namespace {

const std::vector<std::string> kWaiverKeys = {"rule",     "resource", "reason",
                                              "approver", "ticket",   "expires"};
const std::vector<std::string> kRequiredWaiverKeys = {"rule", "resource", "reason", "approver",
                                                      "expires"};

Waiver parse_waiver(const YAML::Node& node, const std::string& file, DiagnosticSink& sink) {
  Waiver waiver;
  waiver.location = location_of(node, file);
  check_keys(node, file, "waiver", kWaiverKeys, kRequiredWaiverKeys, sink);
  if (!node.IsMap()) return waiver;
  if (auto n = node["rule"]) waiver.rule = scalar_string(n, file, "rule", sink);
  if (auto n = node["resource"]) waiver.resource = scalar_string(n, file, "resource", sink);
  if (auto n = node["reason"]) waiver.reason = scalar_string(n, file, "reason", sink);
  if (auto n = node["approver"]) waiver.approver = scalar_string(n, file, "approver", sink);
  if (auto n = node["ticket"]) waiver.ticket = scalar_string(n, file, "ticket", sink);
  if (auto n = node["expires"]) {
    auto day = parse_date(n.Scalar());
    if (day) {
      waiver.expires = *day;
    } else {
      sink.error(location_of(n, file),
                 fmt::format("'expires' must be a date YYYY-MM-DD (e.g. 2026-06-30), not '{}'",
                             n.Scalar()));
    }
  }
  return waiver;
}

}  // namespace

std::string_view to_string(WaiverState state) {
  switch (state) {
    case WaiverState::active:
      return "active";
    case WaiverState::expired:
      return "expired";
    case WaiverState::stale:
      return "stale";
  }
  return "?";
}

std::vector<Waiver> parse_waivers(const std::string& text, const std::string& file) {
  DiagnosticSink sink;
  std::vector<Waiver> waivers;
  for (const auto& doc : parse_yaml_documents(text, file)) {
    if (doc.IsNull()) continue;
    check_keys(doc, file, "waiver file", {"waivers"}, {"waivers"}, sink);
    if (!doc.IsMap() || !doc["waivers"]) continue;
    const YAML::Node list = doc["waivers"];
    if (!list.IsSequence()) {
      sink.error(location_of(list, file), "'waivers' must be a list of waivers");
      continue;
    }
    for (const auto& node : list) waivers.push_back(parse_waiver(node, file, sink));
  }
  sink.throw_if_any();
  return waivers;
}

std::vector<Waiver> load_waivers(const std::string& path) {
  return parse_waivers(read_file(path), path);
}

std::vector<WaiverOutcome> apply_waivers(std::vector<Finding>& findings,
                                         const std::vector<Waiver>& waivers,
                                         std::chrono::sys_days today) {
  std::vector<WaiverOutcome> outcomes;
  for (const auto& waiver : waivers) {
    outcomes.push_back(
        {waiver, today > waiver.expires ? WaiverState::expired : WaiverState::stale, 0});
  }
  for (auto& finding : findings) {
    if (finding.status != Status::fail && finding.status != Status::unknown &&
        finding.status != Status::error)
      continue;
    const Waiver* expired_match = nullptr;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      const Waiver& w = outcomes[i].waiver;
      if (!glob_match(w.rule, finding.rule_id) || !glob_match(w.resource, finding.resource))
        continue;
      ++outcomes[i].matched;
      if (outcomes[i].state == WaiverState::expired) {
        if (!expired_match) expired_match = &w;
        continue;
      }
      outcomes[i].state = WaiverState::active;
      finding.waived_status = finding.status;
      finding.waiver_index = i;
      finding.status = Status::waived;
      break;
    }
    // Whoever accepted the risk before answers for it, now it is open again.
    if (finding.status != Status::waived && expired_match && finding.owner.empty() &&
        !expired_match->approver.empty())
      finding.owner = expired_match->approver + " (approved the expired waiver)";
  }
  return outcomes;
}

}  // namespace golive
