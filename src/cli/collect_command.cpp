// golive collect --config golive.yaml --output SNAPSHOT.json: stop after the
// snapshot (evidence for auditors). golive audit: collect, evaluate, report.

#include <unistd.h>

#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli/decision.hpp"
#include "golive/collection.hpp"

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

}  // namespace

void add_collect_command(CLI::App& app, Command& selected) {
  struct Options {
    std::string config;
    std::string output;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand("collect", "Collect facts into a snapshot (no evaluation)");
  command->add_option("--config", options->config, "golive.yaml")->required()->type_name("FILE");
  command->add_option("--output", options->output, "Snapshot file to write")
      ->required()
      ->type_name("SNAPSHOT.json");
  command->callback([options, &selected] {
    selected = [options] {
      const Config config = load_config(options->config);
      write_snapshot(collect_with_progress(config), options->output);
      return 0;
    };
  });
}

void add_audit_command(CLI::App& app, Command& selected) {
  struct Options {
    std::string config;
    std::string snapshot_output;
    DecisionOptions decision;
  };
  auto options = std::make_shared<Options>();
  auto* command =
      app.add_subcommand("audit", "Collect, evaluate and report in one run (exit code = decision)");
  command->add_option("--config", options->config, "golive.yaml")->required()->type_name("FILE");
  command
      ->add_option("--snapshot-output", options->snapshot_output,
                   "Also keep the collected snapshot in this file")
      ->type_name("FILE");
  options->decision.add_to(*command);
  command->callback([options, &selected] {
    selected = [options] {
      // Every input is read and checked before anything is collected.
      const Config config = load_config(options->config);
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
