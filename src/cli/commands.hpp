#pragma once
// The golive commands. Each registers its CLI11 subcommand and returns a
// callback that runs it and yields the process exit code.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "golive/rule_set.hpp"

namespace golive::cli {

using Command = std::function<int()>;

// Options that choose the rule packs, shared by evaluate, audit and rules.
struct RuleOptions {
  std::vector<std::string> packs;  // --rules DIR (repeatable)
  bool no_builtin = false;         // --no-builtin

  void add_to(CLI::App& command);
  // Built-in catalogue (unless --no-builtin), then each pack; built-in
  // profiles always. Throws InputError.
  RuleSet load() const;
};

void add_audit_command(CLI::App& app, Command& selected);
void add_collect_command(CLI::App& app, Command& selected);
void add_evaluate_command(CLI::App& app, Command& selected);
void add_init_command(CLI::App& app, Command& selected);
void add_rules_command(CLI::App& app, Command& selected);
void add_report_command(CLI::App& app, Command& selected);
void add_diff_command(CLI::App& app, Command& selected);
void add_version_command(CLI::App& app, Command& selected);

// What `golive version` and `golive --version` print (no final newline).
std::string version_text();

// Prints an input error (every diagnostic) to stderr; returns exit code 2.
int report_input_error(const std::exception& error);

}  // namespace golive::cli
