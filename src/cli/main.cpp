// golive: deployment-readiness auditor. Exit codes (docs/cli.md, docs/scoring.md):
// 0 GO (or CONDITIONAL GO), 1 NO-GO, 2 invalid usage or input, 3 NO-GO only
// because blocking checks could not be verified.

#include <iostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/startup.hpp"
#include "golive/diagnostics.hpp"

int main(int argc, char** argv) {
  golive::cli::reexec_with_malloc_tunables(argv);
  CLI::App app{
      "golive: deployment-readiness auditor. Probes an environment, runs readiness rules "
      "and decides GO / CONDITIONAL GO / NO-GO.",
      "golive"};
  app.set_version_flag("--version", golive::cli::version_text);
  app.require_subcommand(1);

  golive::cli::Command selected;
  golive::cli::add_audit_command(app, selected);
  golive::cli::add_collect_command(app, selected);
  golive::cli::add_evaluate_command(app, selected);
  golive::cli::add_rules_command(app, selected);
  golive::cli::add_report_command(app, selected);
  golive::cli::add_diff_command(app, selected);
  golive::cli::add_init_command(app, selected);
  golive::cli::add_version_command(app, selected);
  // Set after the commands: CLI11 copies a parent's footer into subcommands
  // created after it, and each command lists only the codes it can return.
  app.footer(
      "Exit codes of audit and evaluate: 0 GO or CONDITIONAL GO, 1 NO-GO, 2 invalid usage or "
      "input, 3 NO-GO only because blocking checks could not be verified. Each command's "
      "--help lists its own; any other code is a bug.");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help and --version are successes; every other parse problem is usage
    // error 2, whatever CLI11's own code would be.
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    return selected ? selected() : 2;
  } catch (const golive::InputError& e) {
    return golive::cli::report_input_error(e);
  } catch (const std::exception& e) {
    std::cerr << fmt::format("golive: internal error: {}\n", e.what());
    return 70;  // a bug: neither a decision nor an input problem
  }
}
