// golive collect --config golive.yaml --output SNAPSHOT.json: stop after the
// snapshot (evidence for auditors). golive audit: collect, evaluate, report.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include <fmt/format.h>
#include <re2/re2.h>

#include "cli/decision.hpp"
#include "golive/collection.hpp"
#include "golive/collector.hpp"
#include "golive/collector_settings.hpp"
#include "golive/report.hpp"
#include "golive/text.hpp"

namespace golive::cli {

namespace {

// Progress goes to stderr: in CI logs one line per collector start and end;
// on a terminal, a live line of what is still running. --quiet: none.
Collection collect_with_progress(const Config& config, bool quiet = false) {
  if (quiet) return collect_snapshot(config, {});
  const CollectionProgress progress{&std::cerr, isatty(STDERR_FILENO) == 1};
  std::cerr << fmt::format("golive: collecting {} ({} collector(s))\n",
                           terminal_safe(config.environment), config.collectors.size());
  return collect_snapshot(config, progress);
}

// Writes the snapshot and, beside it, its SHA-256 in sha256sum's format.
void write_snapshot(const Collection& collection, const std::string& path) {
  const std::string& sha = collection.snapshot.sha256;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << collection.text;
  std::ofstream(path + ".sha256") << sha << "  " << path << '\n';
  if (!out) throw InputError({path, 0, 0}, "cannot write the snapshot: check the path");
  std::cerr << fmt::format("golive: snapshot written to {} (sha256 {})\n", terminal_safe(path),
                           sha);
}

// What to collect: golive.yaml, and/or --manifests, which audits Kubernetes
// manifests offline in place of the live k8s collector (other collectors of
// golive.yaml still run). The manifests are read now, so a broken one stops
// the run with its position (exit 2) before anything is collected.
// A Kubernetes version as written: 1.34.2, v1.34, 1.29.3+k3s1.
void check_version(const nlohmann::json& value, const SourceLocation& where) {
  static const re2::RE2 version("[vV]?[0-9]{1,4}\\.[0-9]{1,4}(\\.[0-9]{1,6})?([-+].*)?");
  const std::string text = value.is_string() ? trim(value.get<std::string>()) : value.dump();
  if (!value.is_string() || !re2::RE2::FullMatch(text, version))
    throw InputError(where, fmt::format("'{}' is not a Kubernetes version; give one such as "
                                        "\"1.34.2\" (quoted in YAML: 1.30 reads as the number 1.3)",
                                        text));
}

struct SourceOptions {
  std::string config;
  std::vector<std::string> manifests;
  std::vector<std::string> ignore_paths;  // --ignore-path GLOB
  std::string kubernetes_version;         // --kubernetes-version X.Y.Z

  void add_to(CLI::App& command) {
    command.add_option("--config", config, "golive.yaml")->type_name("FILE");
    command
        .add_option("--manifests", manifests,
                    "Audit Kubernetes manifests (files or directories of YAML/JSON, kubectl "
                    "Lists; - reads standard input) instead of a live cluster (repeatable)")
        ->type_name("PATH");
    command
        .add_option("--ignore-path", ignore_paths,
                    "Leave out manifest files or folders matching GLOB (repeatable)")
        ->type_name("GLOB");
    command
        .add_option("--kubernetes-version", kubernetes_version,
                    "The Kubernetes version the manifests are deployed on (e.g. 1.34.2)")
        ->type_name("X.Y.Z");
  }
};

Config config_for(const SourceOptions& source) {
  const std::string& config_path = source.config;
  const std::vector<std::string>& manifests = source.manifests;
  if (config_path.empty() && manifests.empty())
    throw InputError({"golive", 0, 0}, "give --config golive.yaml, --manifests PATH, or both");
  if (manifests.empty() && (!source.ignore_paths.empty() || !source.kubernetes_version.empty()))
    throw InputError({"golive", 0, 0},
                     "--ignore-path and --kubernetes-version apply to --manifests; in golive.yaml "
                     "write ignore_paths and kubernetes_version in the k8s section");
  Config config;
  if (!config_path.empty()) {
    config = load_config(config_path);
  } else {
    // Manifests alone are a pull-request gate: the `ci` profile, which
    // requires no system besides Kubernetes (docs/scoring.md).
    config.path = "--manifests";
    config.profile = "ci";
    config.dir = ".";
    config.environment = manifests.front() == "-"
                             ? ""
                             : std::filesystem::path(manifests.front()).filename().string();
    if (config.environment.empty()) config.environment = "manifests";
  }
  if (manifests.empty()) return config;
  auto k8s = std::find_if(config.collectors.begin(), config.collectors.end(),
                          [](const CollectorConfig& c) { return c.name == "k8s"; });
  if (k8s == config.collectors.end()) {
    config.collectors.push_back(
        {"k8s", nlohmann::json::object(), std::chrono::seconds(60), {"--manifests", 0, 0}, {}});
    k8s = std::prev(config.collectors.end());
  }
  // Offline replaces live; what golive.yaml says about manifests (namespace,
  // ignore_paths, kubernetes_version) stays, and the options add to it.
  nlohmann::json settings = {{"manifests", nlohmann::json::array()}};
  for (const char* key : {"namespace", "ignore_paths", "kubernetes_version"})
    if (k8s->settings.contains(key)) settings[key] = k8s->settings[key];
  std::set<std::string> seen;  // the same path twice is read once
  for (const auto& path : manifests) {
    const std::string absolute =
        path == "-" ? path : std::filesystem::absolute(path).lexically_normal().string();
    if (seen.insert(absolute).second) settings["manifests"].push_back(absolute);
  }
  if (!source.ignore_paths.empty()) {
    nlohmann::json globs = string_list(settings.value("ignore_paths", nlohmann::json()));
    for (const auto& glob : source.ignore_paths) globs.push_back(glob);
    settings["ignore_paths"] = globs;
  }
  if (!source.kubernetes_version.empty())
    settings["kubernetes_version"] = source.kubernetes_version;
  // A live k8s section is not checked as manifests settings when it was
  // written, so what it carries over is checked here.
  const SourceLocation from = source.kubernetes_version.empty()
                                  ? k8s->location
                                  : SourceLocation{"--kubernetes-version", 0, 0};
  if (settings.contains("kubernetes_version")) check_version(settings["kubernetes_version"], from);
  if (settings.contains("namespace") && !settings["namespace"].is_string())
    throw InputError(k8s->location, "'namespace' must be a namespace name, e.g. odoo");
  // The manifests are read now, as collection will read them, so a broken
  // one stops the run with its position (exit 2) before anything is collected.
  YAML::Node section;
  for (const auto& path : settings["manifests"])
    section["manifests"].push_back(path.get<std::string>());
  for (const auto& glob : string_list(settings.value("ignore_paths", nlohmann::json())))
    section["ignore_paths"].push_back(glob);
  if (settings.contains("namespace") && settings["namespace"].is_string())
    section["namespace"] = settings["namespace"].get<std::string>();
  DiagnosticSink sink;
  make_collector("k8s")->validate(section, "--manifests", sink);
  sink.throw_if_any();
  k8s->settings = settings;
  return config;
}

}  // namespace

void add_collect_command(CLI::App& app, Command& selected) {
  struct Options {
    SourceOptions source;
    std::string output;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand("collect", "Collect facts into a snapshot (no evaluation)");
  command->footer(
      "Exit codes: 0 snapshot written (a collector that could not read its system is recorded "
      "in the snapshot with its status, not in the exit code); 2 invalid usage or "
      "configuration, or the snapshot could not be written.");
  options->source.add_to(*command);
  command->add_option("--output", options->output, "Snapshot file to write")
      ->required()
      ->type_name("SNAPSHOT.json");
  command->callback([options, &selected] {
    selected = [options] {
      const Config config = config_for(options->source);
      write_snapshot(collect_with_progress(config), options->output);
      return 0;
    };
  });
}

void add_audit_command(CLI::App& app, Command& selected) {
  struct Options {
    SourceOptions source;
    std::string snapshot_output;
    DecisionOptions decision;
  };
  auto options = std::make_shared<Options>();
  auto* command =
      app.add_subcommand("audit", "Collect, evaluate and report in one run (exit code = decision)");
  options->source.add_to(*command);
  command
      ->add_option("--snapshot-output", options->snapshot_output,
                   "Also keep the collected snapshot in this file")
      ->type_name("FILE");
  options->decision.add_to(*command);
  command->callback([options, &selected] {
    selected = [options] {
      // Every input is read and checked before anything is collected.
      const Config config = config_for(options->source);
      DecisionOptions decision = options->decision;
      for (const auto& pack : config.rules) decision.rules.packs.push_back(pack);
      if (decision.waivers.empty()) decision.waivers = config.waivers;
      if (decision.profile.empty()) decision.profile = config.profile;
      decision.only.insert(decision.only.end(), config.only.begin(), config.only.end());
      decision.skip.insert(decision.skip.end(), config.skip.begin(), config.skip.end());
      if (decision.scope.empty()) decision.scope = config.scope;
      decision.settings = config.settings;
      decision.setting_locations = config.setting_locations;
      const auto inputs = decision.read_inputs();
      decision.check_profile(inputs, decision.profile);
      Collection collection = collect_with_progress(config, decision.output.quiet);
      if (!options->snapshot_output.empty()) write_snapshot(collection, options->snapshot_output);
      return decision.decide(inputs, collection.snapshot);
    };
  });
}

}  // namespace golive::cli
