#include "collectors/declared/declared_collector.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "collectors/declared/declared_file.hpp"
#include "golive/collector_settings.hpp"
#include "golive/yaml.hpp"

namespace golive::collectors {

namespace {

// Today in UTC, for dates of things that already happened.
std::chrono::sys_days today() {
  return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
}

class DeclaredCollector final : public Collector {
 public:
  const CollectorSchema& schema() const override {
    static const CollectorSchema schema{
        "declared",
        "what no API shows, attested by the team in declared.yaml (RTO/RPO, DR drill, restore "
        "test, runbooks, on-call, GitOps, CI gates, SLOs, change freezes, approvals)",
        {"file"},
        {"file"},
        {"declared.source", "declared.rto", "declared.rpo", "declared.rto_source",
         "declared.rpo_source", "declared.services", "declared.dr_drill", "declared.restore_test",
         "declared.runbooks", "declared.oncall", "declared.gitops", "declared.ci", "declared.slo",
         "declared.change_freeze", "declared.approvals"},
        "  # (uncomment once declared.yaml is written; docs/collectors.md, \"declared\")\n"
        "  # declared:\n"
        "  #   file: declared.yaml   # relative to this file; checked before anything runs\n"
        "  #   timeout: 5s\n"};
    return schema;
  }

  // Reads declared.yaml now: its mistakes are input errors like golive.yaml's.
  void validate(const YAML::Node& section, const std::string& file,
                DiagnosticSink& sink) const override {
    const YAML::Node path = section["file"];
    if (!path) return;  // reported as a missing required key
    const std::string name = scalar_string(path, file, "file", sink);
    if (name.empty()) return;
    const std::string resolved =
        config_path(name, std::filesystem::path(file).parent_path().string());
    if (!std::filesystem::is_regular_file(resolved)) {
      sink.error(location_of(path, file),
                 fmt::format("declared file '{}' not found: write it (docs/collectors.md, "
                             "\"declared\") or correct 'file' (relative to golive.yaml)",
                             resolved));
      return;
    }
    try {
      declared::load_declared(resolved, today());
    } catch (const InputError& e) {
      sink.merge(e);
    }
  }

  CollectorResult collect(const CollectorRequest& request) const override {
    CollectorResult result;
    const std::string path =
        config_path(request.settings.value("file", std::string()), request.config_dir);
    try {
      nlohmann::json facts = declared::load_declared(path, today());
      facts["source"] = path;
      result.facts["declared"] = std::move(facts);
    } catch (const InputError& e) {
      // Changed since golive.yaml was checked: report it, attest nothing.
      result.status = "unreachable";
      result.error = e.what();
    }
    return result;
  }
};

}  // namespace

std::unique_ptr<Collector> make_declared_collector() {
  return std::make_unique<DeclaredCollector>();
}

}  // namespace golive::collectors
