#pragma once
// Where reports go: --format/--output and repeatable --report FORMAT=FILE.

#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace golive::cli {

struct OutputOptions {
  std::string format = "terminal";
  std::string output;                // empty: stdout
  std::vector<std::string> reports;  // FORMAT=FILE
  bool no_color = false;
  bool quiet = false;        // --quiet: decision and counts only
  bool verbose = false;      // --verbose: every finding with its evidence
  std::string template_dir;  // --template DIR

  void add_to(CLI::App& command);
  // Checks formats and targets; throws InputError on a bad one.
  void validate() const;
  // Renders the result to every requested destination.
  void write(const nlohmann::json& result) const;
};

}  // namespace golive::cli
