// Shared by collectors: targets probed concurrently (postgres, redis), and
// stop_before for any collector that bounds its own waits.

#include <algorithm>
#include <cctype>
#include <future>

#include <fmt/format.h>

#include "golive/collector.hpp"
#include "golive/text.hpp"
#include "golive/yaml.hpp"

namespace golive {

std::chrono::steady_clock::time_point stop_before(std::chrono::steady_clock::time_point deadline) {
  using Clock = std::chrono::steady_clock;
  const auto left = std::max<Clock::duration>(deadline - Clock::now(), Clock::duration::zero());
  return deadline - std::min<Clock::duration>(std::chrono::milliseconds(250), left / 10);
}

namespace {

// All failed alike keeps that status (every target unauthorized is
// "unauthorized"); anything mixed is "partial".
std::string combined_status(const std::vector<std::string>& statuses) {
  if (statuses.empty()) return "skipped";
  const bool same = std::all_of(statuses.begin(), statuses.end(),
                                [&](const std::string& s) { return s == statuses.front(); });
  return same ? statuses.front() : "partial";
}

}  // namespace

CollectorResult collect_targets(const std::string& collector, const CollectorRequest& request,
                                const TargetProbe& probe) {
  const nlohmann::json targets = request.settings.value("targets", nlohmann::json::object());
  std::vector<std::pair<std::string, std::future<TargetOutcome>>> runs;
  for (const auto& [name, settings] : targets.items())
    runs.emplace_back(name, std::async(std::launch::async, probe, name, settings));

  CollectorResult result;
  result.facts[collector] = nlohmann::json::object();
  std::vector<std::string> statuses;
  std::vector<std::string> problems;
  for (auto& [name, run] : runs) {
    TargetOutcome outcome;
    try {
      outcome = run.get();
    } catch (const std::exception& e) {
      outcome = {"unreachable", fmt::format("probe failed: {}", e.what()), nullptr};
    }
    statuses.push_back(outcome.status);
    if (!outcome.error.empty()) problems.push_back(fmt::format("{}: {}", name, outcome.error));
    if (!outcome.facts.is_null()) result.facts[collector][name] = std::move(outcome.facts);
  }
  result.status = combined_status(statuses);
  result.error = join(problems, "; ");
  return result;
}

void validate_targets(const YAML::Node& section, const std::string& file,
                      const std::string& collector, const std::vector<std::string>& allowed,
                      const std::vector<std::string>& required, DiagnosticSink& sink,
                      const TargetCheck& check_target) {
  const YAML::Node targets = section["targets"];
  if (!targets) return;  // reported as a missing required key
  if (!targets.IsMap() || targets.size() == 0) {
    sink.error(location_of(targets, file),
               fmt::format("'targets' must map target names to their settings, e.g. "
                           "targets: {{odoo-db: {{...}}}}"));
    return;
  }
  for (const auto& entry : targets) {
    const std::string name = entry.first.Scalar();
    if (!all_of_chars(name, [](unsigned char c) {
          return std::isalnum(c) || c == '_' || c == '.' || c == '-';
        }))
      sink.error(location_of(entry.first, file),
                 fmt::format("target name '{}' may only hold letters, digits, '_', '.' and '-' "
                             "(rules read it as a fact key)",
                             name));
    if (!entry.second.IsMap()) {
      sink.error(location_of(entry.second, file),
                 fmt::format("target '{}' must be a mapping of its settings", name));
      continue;
    }
    check_keys(entry.second, file, fmt::format("{} target '{}'", collector, name), allowed,
               required, sink);
    if (check_target) check_target(entry.second);
  }
}

}  // namespace golive
