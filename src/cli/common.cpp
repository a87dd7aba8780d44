#include <iostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "golive/diagnostics.hpp"
#include "golive/report.hpp"
#include "golive/version.hpp"

namespace golive::cli {

void RuleOptions::add_to(CLI::App& command) {
  command.add_option("--rules", packs, "Add a rule pack: a directory (walked recursively) or file")
      ->type_name("DIR");
  command.add_flag("--no-builtin", no_builtin,
                   "Leave out the built-in rule catalogue (built-in profiles stay)");
}

RuleSet RuleOptions::load() const {
  RuleLoader loader;
  loader.add_builtin_profiles();
  if (!no_builtin) loader.add_builtin_rules();
  for (const auto& pack : packs) loader.add_path(pack);
  return loader.finish();
}

namespace {

// Errors quote input (file names, values, what collectors said): each line
// is made safe to print on a terminal, line breaks kept.
std::string safe_lines(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    out += terminal_safe(std::string_view(text).substr(start, end - start)) + '\n';
  return out + terminal_safe(std::string_view(text).substr(start));
}

}  // namespace

int report_input_error(const std::exception& error) {
  if (const auto* input = dynamic_cast<const InputError*>(&error)) {
    for (const auto& d : input->diagnostics()) std::cerr << safe_lines(d.to_string()) << '\n';
    std::cerr << fmt::format("golive: {} problem(s) in the input; nothing was evaluated\n",
                             input->diagnostics().size());
  } else {
    std::cerr << "golive: error: " << safe_lines(error.what()) << '\n';
  }
  return 2;
}

std::string version_text() {
  const auto& build = build_info();
  const RuleSet catalogue = RuleOptions{}.load();
  return fmt::format(
      "golive {}\n"
      "commit: {}\n"
      "built: {}\n"
      "rule catalogue: {} built-in rules, sha256 {}",
      build.version, build.commit, build.date, catalogue.rules.size(), catalogue.pack_sha256);
}

void add_version_command(CLI::App& app, Command& selected) {
  auto* command = app.add_subcommand(
      "version", "Print the version, git commit, build date and built-in rule catalogue hash");
  command->footer("Exit codes: 0 printed.");
  command->callback([&selected] {
    selected = [] {
      std::cout << version_text() << '\n';
      return 0;
    };
  });
}

}  // namespace golive::cli
