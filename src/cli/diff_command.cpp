// golive diff OLD.json NEW.json: what got better or worse since the last gate.
// Exit 1 when NEW has a blocking failure OLD did not have.

#include <iostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "golive/diagnostics.hpp"
#include "golive/diff.hpp"
#include "golive/report.hpp"
#include "golive/result_file.hpp"

namespace golive::cli {

namespace {

std::string text(const nlohmann::json& value) {
  if (value.is_null()) return "n/a";
  return value.is_string() ? terminal_safe(value.get<std::string>()) : value.dump();
}

std::string signed_change(const nlohmann::json& change) {
  if (!change.is_number()) return "";
  const int delta = change.get<int>();
  return delta == 0 ? "  (=)" : fmt::format("  ({:+d})", delta);
}

void print_findings(const char* heading, const nlohmann::json& findings, std::ostream& out) {
  out << fmt::format("\n{} ({})\n", heading, findings.size());
  for (const auto& f : findings) {
    std::string status = text(f["status"]);
    if (f.contains("old_status")) status = text(f["old_status"]) + " -> " + status;
    out << fmt::format("  {:<9} {:<8} {}  {}\n", text(f["severity"]), status, text(f["rule_id"]),
                       text(f["resource"]));
    if (!f.value("message", "").empty())
      out << "                     " << text(f["message"]) << '\n';
  }
}

void print_diff(const ResultDiff& d, std::ostream& out) {
  out << fmt::format("Decision: {} -> {}\n", text(d.old_decision), text(d.new_decision));
  const nlohmann::json score = to_json(d)["score"];
  out << fmt::format("Score:    {} -> {}{}\n", text(d.old_score), text(d.new_score),
                     signed_change(score["change"]));
  out << "\nDomain scores\n";
  for (const auto& [domain, s] : d.domains.items())
    out << fmt::format("  {:<13} {:>3} -> {:>3}{}\n", domain, text(s["old"]), text(s["new"]),
                       signed_change(s["change"]));
  print_findings("New problems", d.new_problems, out);
  print_findings("Resolved", d.resolved, out);
  if (!d.changed.empty()) print_findings("Changed status", d.changed, out);
  out << fmt::format("\n{} problem(s) unchanged\n", d.still_failing);
  if (d.new_blocking_failure) out << "\nNew blocking failure(s): exit 1\n";
}

}  // namespace

void add_diff_command(CLI::App& app, Command& selected) {
  struct Options {
    std::string old_path, new_path, format = "terminal";
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand(
      "diff", "Compare two results: new and resolved problems, score and decision changes");
  command->footer(
      "Exit codes: 0 no new blocking failure; 1 NEW has a blocking failure that OLD did not "
      "have; 2 invalid usage or result file.");
  command->add_option("old", options->old_path, "The earlier result (JSON)")->required();
  command->add_option("new", options->new_path, "The later result (JSON)")->required();
  command->add_option("--format", options->format, "terminal (default) or json")
      ->check(CLI::IsMember({"terminal", "json"}));
  command->callback([options, &selected] {
    selected = [options] {
      const auto old_result = load_result(options->old_path);
      const auto new_result = load_result(options->new_path);
      const ResultDiff diff = diff_results(old_result, new_result);
      if (options->format == "json")
        std::cout << to_json(diff).dump(2) << '\n';
      else
        print_diff(diff, std::cout);
      return diff.new_blocking_failure ? 1 : 0;
    };
  });
}

}  // namespace golive::cli
