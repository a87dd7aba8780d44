// Benchmarks of the offline path on a large estate (10,000 Kubernetes objects,
// 500 Azure resources) with the full built-in catalogue:
//   BM_ParseSnapshot    JSON text -> validated snapshot
//   BM_Evaluate         rules + scoring over the parsed snapshot
//   BM_ResultDocument   findings -> result JSON text
//   BM_EndToEnd         all three, as `golive evaluate --format json` does
//
// `evaluate_bench --write-snapshot FILE` writes the generated snapshot for the
// whole-process benchmark (bench/whole_process.sh).

#include <benchmark/benchmark.h>

#include <fstream>
#include <iostream>
#include <string_view>

#include "golive/evaluation.hpp"
#include "golive/text.hpp"
#include "large_snapshot.hpp"

namespace {

using namespace golive;

const std::string& snapshot_text() {
  static const std::string text = [] {
    nlohmann::json demo = nlohmann::json::object();
    try {
      demo = nlohmann::json::parse(
          read_file(GOLIVE_SOURCE_DIR "/examples/retail-demo/snapshot.json"))["facts"];
    } catch (const std::exception&) {
      // Without the demo, only Kubernetes and Azure facts are generated.
    }
    return bench::large_snapshot(demo).dump();
  }();
  return text;
}

const RuleSet& catalogue() {
  static const RuleSet rules = [] {
    RuleLoader loader;
    loader.add_builtin_profiles();
    loader.add_builtin_rules();
    return loader.finish();
  }();
  return rules;
}

AuditResult evaluate(const Snapshot& snapshot) {
  const RuleSet& rules = catalogue();
  const TimePoint now = *parse_rfc3339("2026-11-22T00:00:00Z");
  return run_evaluation(
      {&rules, &snapshot, rules.find_profile("production"), {}, now, now, nullptr, {}, {}});
}

void BM_ParseSnapshot(benchmark::State& state) {
  const std::string& text = snapshot_text();
  for (auto _ : state) benchmark::DoNotOptimize(parse_snapshot(text, "bench.json"));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

void BM_Evaluate(benchmark::State& state) {
  const Snapshot snapshot = parse_snapshot(snapshot_text(), "bench.json");
  std::size_t findings = 0;
  for (auto _ : state) {
    AuditResult result = evaluate(snapshot);
    findings = result.findings.size();
    benchmark::DoNotOptimize(result);
  }
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["rules"] = static_cast<double>(catalogue().rules.size());
}

void BM_ResultDocument(benchmark::State& state) {
  const Snapshot snapshot = parse_snapshot(snapshot_text(), "bench.json");
  const AuditResult result = evaluate(snapshot);
  for (auto _ : state) benchmark::DoNotOptimize(to_json(result, catalogue().rules).dump(2));
}

void BM_EndToEnd(benchmark::State& state) {
  const std::string& text = snapshot_text();
  for (auto _ : state) {
    Snapshot snapshot = parse_snapshot(text, "bench.json");
    benchmark::DoNotOptimize(to_json(evaluate(snapshot), catalogue().rules).dump(2));
  }
}

BENCHMARK(BM_ParseSnapshot)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_Evaluate)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_ResultDocument)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_EndToEnd)->Unit(benchmark::kMillisecond)->MinTime(2);

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string_view(argv[1]) == "--write-snapshot") {
    std::ofstream(argv[2]) << snapshot_text();
    std::cout << "wrote " << snapshot_text().size() << " bytes to " << argv[2] << '\n';
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
