#include <future>
#include <thread>

#include <fmt/format.h>

#include "golive/collection.hpp"
#include "golive/collector.hpp"
#include "golive/hash.hpp"
#include "golive/secrets.hpp"

namespace golive {

namespace {

using Clock = std::chrono::steady_clock;

nlohmann::json resolve_all(const nlohmann::json& value, const SourceLocation& where) {
  if (value.is_string()) return resolve_references(value.get<std::string>(), where);
  if (value.is_array() || value.is_object()) {
    nlohmann::json out = value;
    for (auto& item : out) item = resolve_all(item, where);
    return out;
  }
  return value;
}

struct Run {
  const CollectorConfig* config = nullptr;
  std::shared_ptr<std::promise<CollectorResult>> promise;
  std::future<CollectorResult> result;
  Clock::time_point started;
  Clock::time_point deadline;
};

Run start(const CollectorConfig& config, const nlohmann::json& settings, const Config& whole,
          Clock::time_point overall) {
  Run run;
  run.config = &config;
  run.started = Clock::now();
  run.deadline = std::min(run.started + config.timeout, overall);
  run.promise = std::make_shared<std::promise<CollectorResult>>();
  run.result = run.promise->get_future();
  CollectorRequest request{settings, whole.dir, whole.environment, run.deadline};
  // The thread owns what it uses, so one that overruns its time can be left
  // behind (detached) without touching freed memory.
  std::thread([promise = run.promise, request = std::move(request), name = config.name] {
    try {
      promise->set_value(make_collector(name)->collect(request));
    } catch (const std::exception& e) {
      promise->set_value(
          {"unreachable", fmt::format("collector failed: {}", e.what()), {}, {}, {}});
    }
  }).detach();
  return run;
}

CollectorResult finish(Run& run) {
  if (run.result.wait_until(run.deadline) == std::future_status::ready) return run.result.get();
  const auto allowed =
      std::chrono::duration_cast<std::chrono::milliseconds>(run.deadline - run.started);
  return {"unreachable",
          fmt::format("no result within {:.1f}s (timeout)", allowed.count() / 1000.0),
          {},
          {},
          {}};
}

// Records a collector's outcome, and where golive.yaml declares it, so
// reports (SARIF) can point findings on its facts at that line.
void record(Snapshot& snapshot, const CollectorConfig& config, CollectorResult result) {
  nlohmann::json declared = {{"file", config.location.file}, {"line", config.location.line}};
  for (const auto& [target, line] : config.target_lines) declared["targets"][target] = line;
  nlohmann::json status = {{"status", result.status}, {"declared_at", declared}};
  if (!result.error.empty()) status["error"] = redactor().redact(result.error);
  for (const auto& note : result.notes) status["notes"].push_back(redactor().redact(note));
  snapshot.collectors[config.name] = status;
  for (auto& [key, value] : result.statuses.items()) {
    if (key == config.name) continue;
    snapshot.collectors[key] = value;
    snapshot.collectors[key]["declared_at"] = declared;
  }
  for (auto& [key, value] : result.facts.items()) snapshot.facts[key] = std::move(value);
}

std::string now_rfc3339() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto day = std::chrono::floor<std::chrono::days>(now);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss<std::chrono::seconds> time{now - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     time.hours().count(), time.minutes().count(), time.seconds().count());
}

}  // namespace

Collection collect_snapshot(const Config& config, std::ostream* progress) {
  std::vector<nlohmann::json> settings;
  for (const auto& c : config.collectors) settings.push_back(resolve_all(c.settings, c.location));

  Snapshot snapshot;
  snapshot.source = config.path;
  snapshot.environment = config.environment;
  snapshot.profile = config.profile;
  snapshot.collected_at = now_rfc3339();
  const auto overall = Clock::now() + config.deadline;
  std::vector<Run> runs;
  for (std::size_t i = 0; i < config.collectors.size(); ++i)
    runs.push_back(start(config.collectors[i], settings[i], config, overall));
  for (auto& run : runs) {
    CollectorResult result = finish(run);
    if (progress) {
      const auto took = std::chrono::duration<double>(Clock::now() - run.started).count();
      *progress << fmt::format("  {:<12} {:<12} {:5.2f}s {}\n", run.config->name, result.status,
                               took, redactor().redact(result.error));
    }
    record(snapshot, *run.config, std::move(result));
  }
  std::string text = snapshot_text(snapshot);
  snapshot.sha256 = sha256_hex(text);
  return {std::move(snapshot), std::move(text)};
}

std::string snapshot_text(const Snapshot& snapshot) {
  const nlohmann::json doc = {
      {"golive_snapshot", kSnapshotVersion}, {"environment", snapshot.environment},
      {"profile", snapshot.profile},         {"collected_at", snapshot.collected_at},
      {"collectors", snapshot.collectors},   {"facts", snapshot.facts}};
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace golive
