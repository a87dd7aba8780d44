// golive collect --config golive.yaml --output SNAPSHOT.json: stop after the
// snapshot (evidence for auditors). golive audit: collect, evaluate, report.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli/decision.hpp"
#include "golive/collection.hpp"
#include "golive/collector.hpp"

namespace golive::cli {

namespace {

// Progress goes to stderr, and only when a person is watching.
std::ostream* progress_stream() {
  return isatty(STDERR_FILENO) == 1 ? &std::cerr : nullptr;
}

Collection collect_with_progress(const Config& config) {
  std::ostream* progress = progress_stream();
  if (progress)
    *progress << fmt::format("golive: collecting {} ({} collector(s))\n", config.environment,
                             config.collectors.size());
  return collect_snapshot(config, progress);
}

// Writes the snapshot and, beside it, its SHA-256 in sha256sum's format.
void write_snapshot(const Collection& collection, const std::string& path) {
  const std::string& sha = collection.snapshot.sha256;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << collection.text;
  std::ofstream(path + ".sha256") << sha << "  " << path << '\n';
  if (!out) throw InputError({path, 0, 0}, "cannot write the snapshot: check the path");
  std::cerr << fmt::format("golive: snapshot written to {} (sha256 {})\n", path, sha);
}

// What to collect: golive.yaml, and/or --manifests, which audits Kubernetes
// manifests offline in place of the live k8s collector (other collectors of
// golive.yaml still run). The manifests are read now, so a broken one stops
// the run with its position (exit 2) before anything is collected.
Config config_for(const std::string& config_path, const std::vector<std::string>& manifests) {
  if (config_path.empty() && manifests.empty())
    throw InputError({"golive", 0, 0}, "give --config golive.yaml, --manifests PATH, or both");
  Config config;
  if (!config_path.empty()) {
    config = load_config(config_path);
  } else {
    config.path = "--manifests";
    config.dir = ".";
    config.environment = std::filesystem::path(manifests.front()).filename().string();
    if (config.environment.empty()) config.environment = "manifests";
  }
  if (manifests.empty()) return config;
  YAML::Node section;
  nlohmann::json paths = nlohmann::json::array();
  for (const auto& path : manifests) {
    const std::string absolute = std::filesystem::absolute(path).lexically_normal().string();
    section["manifests"].push_back(absolute);
    paths.push_back(absolute);
  }
  DiagnosticSink sink;
  make_collector("k8s")->validate(section, "--manifests", sink);
  sink.throw_if_any();
  auto k8s = std::find_if(config.collectors.begin(), config.collectors.end(),
                          [](const CollectorConfig& c) { return c.name == "k8s"; });
  if (k8s == config.collectors.end()) {
    config.collectors.push_back(
        {"k8s", nlohmann::json::object(), std::chrono::seconds(60), {"--manifests", 0, 0}});
    k8s = std::prev(config.collectors.end());
  }
  // Offline replaces live; the namespace for objects without one stays.
  nlohmann::json settings = {{"manifests", paths}};
  if (k8s->settings.contains("namespace")) settings["namespace"] = k8s->settings["namespace"];
  k8s->settings = settings;
  return config;
}

void add_manifests_option(CLI::App& command, std::vector<std::string>& manifests) {
  command
      .add_option("--manifests", manifests,
                  "Audit Kubernetes manifests (files or directories of YAML/JSON, kubectl Lists) "
                  "instead of a live cluster (repeatable)")
      ->type_name("PATH");
}

}  // namespace

void add_collect_command(CLI::App& app, Command& selected) {
  struct Options {
    std::string config;
    std::vector<std::string> manifests;
    std::string output;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand("collect", "Collect facts into a snapshot (no evaluation)");
  command->footer(
      "Exit codes: 0 snapshot written (a collector that could not read its system is recorded "
      "in the snapshot with its status, not in the exit code); 2 invalid usage or "
      "configuration, or the snapshot could not be written.");
  command->add_option("--config", options->config, "golive.yaml")->type_name("FILE");
  add_manifests_option(*command, options->manifests);
  command->add_option("--output", options->output, "Snapshot file to write")
      ->required()
      ->type_name("SNAPSHOT.json");
  command->callback([options, &selected] {
    selected = [options] {
      const Config config = config_for(options->config, options->manifests);
      write_snapshot(collect_with_progress(config), options->output);
      return 0;
    };
  });
}

void add_audit_command(CLI::App& app, Command& selected) {
  struct Options {
    std::string config;
    std::vector<std::string> manifests;
    std::string snapshot_output;
    DecisionOptions decision;
  };
  auto options = std::make_shared<Options>();
  auto* command =
      app.add_subcommand("audit", "Collect, evaluate and report in one run (exit code = decision)");
  command->add_option("--config", options->config, "golive.yaml")->type_name("FILE");
  add_manifests_option(*command, options->manifests);
  command
      ->add_option("--snapshot-output", options->snapshot_output,
                   "Also keep the collected snapshot in this file")
      ->type_name("FILE");
  options->decision.add_to(*command);
  command->callback([options, &selected] {
    selected = [options] {
      // Every input is read and checked before anything is collected.
      const Config config = config_for(options->config, options->manifests);
      DecisionOptions decision = options->decision;
      for (const auto& pack : config.rules) decision.rules.packs.push_back(pack);
      if (decision.waivers.empty()) decision.waivers = config.waivers;
      if (decision.profile.empty()) decision.profile = config.profile;
      const auto inputs = decision.read_inputs();
      decision.check_profile(inputs, decision.profile);
      const Collection collection = collect_with_progress(config);
      if (!options->snapshot_output.empty()) write_snapshot(collection, options->snapshot_output);
      return decision.decide(inputs, collection.snapshot);
    };
  });
}

}  // namespace golive::cli
