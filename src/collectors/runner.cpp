#include <future>
#include <map>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "golive/collection.hpp"
#include "golive/collector.hpp"
#include "golive/hash.hpp"
#include "golive/report.hpp"
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

// What a collector's thread hands back: its result and when it had it.
struct Outcome {
  CollectorResult result;
  Clock::time_point ended;
};

struct Run {
  const CollectorConfig* config = nullptr;
  std::shared_ptr<std::promise<Outcome>> promise;
  std::future<Outcome> result;
  Clock::time_point started;
  Clock::time_point deadline;
};

Run start_run(const CollectorConfig& config, const nlohmann::json& settings, const Config& whole,
              Clock::time_point overall) {
  Run run;
  run.config = &config;
  run.started = Clock::now();
  run.deadline = std::min(run.started + config.timeout, overall);
  run.promise = std::make_shared<std::promise<Outcome>>();
  run.result = run.promise->get_future();
  CollectorRequest request{settings, whole.dir, whole.environment, run.deadline};
  // The thread owns what it uses, so one that overruns its time can be left
  // behind (detached) without touching freed memory.
  std::thread([promise = run.promise, request = std::move(request), name = config.name] {
    try {
      CollectorResult result = make_collector(name)->collect(request);
      promise->set_value({std::move(result), Clock::now()});
    } catch (const std::exception& e) {
      promise->set_value(
          {{"unreachable", fmt::format("collector failed: {}", e.what()), {}, {}, {}},
           Clock::now()});
    }
  }).detach();
  return run;
}

Outcome finish(Run& run) {
  if (run.result.wait_until(run.deadline) == std::future_status::ready) return run.result.get();
  const auto allowed =
      std::chrono::duration_cast<std::chrono::milliseconds>(run.deadline - run.started);
  return {{"unreachable",
           fmt::format("no result within {:.1f}s (timeout)", allowed.count() / 1000.0),
           {},
           {},
           {}},
          Clock::now()};
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

namespace {

std::string seconds_between(Clock::time_point start, Clock::time_point end) {
  return fmt::format("{:.2f}s", std::chrono::duration<double>(end - start).count());
}

// Reports collectors starting and ending. Each line is written whole, so
// that CI logs read one event per line.
class ProgressReporter {
 public:
  explicit ProgressReporter(const CollectionProgress& progress) : progress_(progress) {}

  void started(const Run& run) {
    if (!progress_.out || progress_.live) return;
    *progress_.out << fmt::format("golive: {} started (timeout {:g}s)\n",
                                  terminal_safe(run.config->name),
                                  std::chrono::duration<double>(run.deadline - run.started).count())
                   << std::flush;
  }

  void ended(const Run& run, const Outcome& outcome) {
    const CollectorResult& result = outcome.result;
    ++counts_[result.status];
    if (!progress_.out) return;
    clear_live_line();
    std::string line =
        fmt::format("golive: {} {} in {}", terminal_safe(run.config->name),
                    terminal_safe(result.status), seconds_between(run.started, outcome.ended));
    if (!result.error.empty()) line += ": " + terminal_safe(redactor().redact(result.error));
    *progress_.out << line << '\n' << std::flush;
  }

  // The collectors still running, redrawn in place (terminal only).
  void running(const std::vector<Run*>& pending) {
    if (!progress_.out || !progress_.live || pending.empty()) return;
    std::vector<std::string> names;
    for (const Run* run : pending)
      names.push_back(fmt::format("{} {}", terminal_safe(run->config->name),
                                  seconds_between(run->started, Clock::now())));
    *progress_.out << fmt::format("\r\x1b[Kgolive: collecting: {}", fmt::join(names, ", "))
                   << std::flush;
    live_line_ = true;
  }

  void total(std::size_t collectors, Clock::time_point start) {
    if (!progress_.out) return;
    clear_live_line();
    std::vector<std::string> parts;
    for (const auto& [status, n] : counts_) parts.push_back(fmt::format("{} {}", n, status));
    *progress_.out << fmt::format("golive: collected {} collector(s) in {}: {}\n", collectors,
                                  seconds_between(start, Clock::now()), fmt::join(parts, ", "))
                   << std::flush;
  }

 private:
  void clear_live_line() {
    if (!live_line_) return;
    *progress_.out << "\r\x1b[K";
    live_line_ = false;
  }

  const CollectionProgress& progress_;
  std::map<std::string, int> counts_;
  bool live_line_ = false;
};

constexpr auto kPollInterval = std::chrono::milliseconds(100);

}  // namespace

Collection collect_snapshot(const Config& config, const CollectionProgress& progress) {
  std::vector<nlohmann::json> settings;
  for (const auto& c : config.collectors) settings.push_back(resolve_all(c.settings, c.location));

  Snapshot snapshot;
  snapshot.source = config.path;
  snapshot.environment = config.environment;
  snapshot.profile = config.profile;
  snapshot.settings = config.settings;
  snapshot.collected_at = now_rfc3339();
  const auto start = Clock::now();
  const auto overall = start + config.deadline;
  ProgressReporter reporter(progress);
  std::vector<Run> runs;
  for (std::size_t i = 0; i < config.collectors.size(); ++i) {
    runs.push_back(start_run(config.collectors[i], settings[i], config, overall));
    reporter.started(runs.back());
  }
  // Collectors end in any order: each is recorded (and reported) as it ends,
  // or when its time is up; the snapshot keeps golive.yaml's order.
  std::vector<std::optional<Outcome>> results(runs.size());
  for (std::size_t done = 0; done < runs.size();) {
    std::vector<Run*> pending;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      if (results[i]) continue;
      Run& run = runs[i];
      if (run.result.wait_for(std::chrono::seconds(0)) == std::future_status::ready ||
          Clock::now() >= run.deadline) {
        results[i] = finish(run);
        reporter.ended(run, *results[i]);
        ++done;
      } else {
        pending.push_back(&run);
      }
    }
    reporter.running(pending);
    if (!pending.empty()) pending.front()->result.wait_for(kPollInterval);
  }
  reporter.total(runs.size(), start);
  for (std::size_t i = 0; i < runs.size(); ++i)
    record(snapshot, *runs[i].config, std::move(results[i]->result));
  std::string text = snapshot_text(snapshot);
  snapshot.sha256 = sha256_hex(text);
  return {std::move(snapshot), std::move(text)};
}

std::string snapshot_text(const Snapshot& snapshot) {
  nlohmann::json doc = {
      {"golive_snapshot", kSnapshotVersion}, {"environment", snapshot.environment},
      {"profile", snapshot.profile},         {"collected_at", snapshot.collected_at},
      {"collectors", snapshot.collectors},   {"facts", snapshot.facts}};
  if (!snapshot.settings.empty()) doc["settings"] = snapshot.settings;
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace golive
