#include "cli/output.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "golive/diagnostics.hpp"
#include "golive/report.hpp"
#include "golive/text.hpp"

namespace golive::cli {

namespace {

struct Target {
  std::string format;
  std::string path;  // empty: stdout
};

Target parse_report_spec(const std::string& spec) {
  auto eq = spec.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
    throw InputError(
        {"--report", 0, 0},
        fmt::format("'--report {}' must be FORMAT=FILE, e.g. --report json=result.json", spec));
  return {spec.substr(0, eq), spec.substr(eq + 1)};
}

void check_format(const std::string& format, const std::string& option) {
  if (make_renderer(format)) return;
  throw InputError({option, 0, 0}, fmt::format("unknown report format '{}'{}; available: {}",
                                               format, did_you_mean(format, report_formats()),
                                               join(report_formats(), ", ")));
}

bool colour_wanted(const std::string& format, bool to_stdout, bool no_color) {
  if (format != "terminal" || !to_stdout || no_color) return false;
  if (const char* nc = std::getenv("NO_COLOR"); nc && *nc) return false;
  if (const char* term = std::getenv("TERM"); term && std::string(term) == "dumb") return false;
  return isatty(STDOUT_FILENO) == 1;
}

void render_to(const Target& target, const nlohmann::json& result, const OutputOptions& o) {
  auto renderer = make_renderer(target.format);
  RenderOptions options;
  options.color = colour_wanted(target.format, target.path.empty(), o.no_color);
  options.template_dir = o.template_dir;
  options.detail = o.quiet ? Detail::quiet : o.verbose ? Detail::verbose : Detail::normal;
  if (target.path.empty() || target.path == "-") {
    renderer->render(result, std::cout, options);
    std::cout.flush();
    return;
  }
  std::ofstream out(target.path, std::ios::binary | std::ios::trunc);
  if (out) renderer->render(result, out, options);
  if (!out) throw InputError({target.path, 0, 0}, "cannot write the report: check the path");
}

}  // namespace

void OutputOptions::add_to(CLI::App& command) {
  command.add_option("--format", format, "Report format for --output (default: terminal)")
      ->type_name(join(report_formats(), "|"));
  command.add_option("--output", output, "Write the report to FILE (default: stdout)")
      ->type_name("FILE");
  command.add_option("--report", reports, "Also write FORMAT to FILE (repeatable)")
      ->type_name("FORMAT=FILE");
  auto* quiet_flag =
      command.add_flag("--quiet,-q", quiet, "Terminal report: the decision and counts only");
  command
      .add_flag("--verbose,-v", verbose,
                "Terminal report: every finding, passes included, with its evidence")
      ->excludes(quiet_flag);
  command.add_flag("--no-color", no_color, "No ANSI colour (also: NO_COLOR environment variable)");
  command
      .add_option("--template", template_dir,
                  "Directory of report templates overriding the built-in ones (HTML, Markdown)")
      ->type_name("DIR");
}

void OutputOptions::validate() const {
  check_format(format, "--format");
  for (const auto& spec : reports) check_format(parse_report_spec(spec).format, "--report");
  // Templates and the like are checked before anything is evaluated or written.
  RenderOptions options;
  options.template_dir = template_dir;
  make_renderer(format)->check(options);
  for (const auto& spec : reports) make_renderer(parse_report_spec(spec).format)->check(options);
}

void OutputOptions::write(const nlohmann::json& result) const {
  render_to({format, output}, result, *this);
  for (const auto& spec : reports) render_to(parse_report_spec(spec), result, *this);
}

}  // namespace golive::cli
