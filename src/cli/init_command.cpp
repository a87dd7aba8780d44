// golive init: write an annotated starter golive.yaml, asking for the
// organisation's own conventions (tag names, registries) when run at a
// terminal; the built-in profiles have no default for them that would fail
// everyone.

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "golive/config.hpp"
#include "golive/text.hpp"

namespace golive::cli {

namespace {

std::vector<std::string> comma_list(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::string item = trim(text.substr(start, comma - start));
    if (!item.empty()) items.push_back(std::move(item));
    start = comma + 1;
  }
  return items;
}

bool interactive() {
  const char* ci = std::getenv("CI");
  return isatty(STDIN_FILENO) && isatty(STDERR_FILENO) && !(ci && std::string(ci) == "true");
}

std::vector<std::string> ask(const std::string& question) {
  std::cerr << question << std::flush;
  std::string line;
  if (!std::getline(std::cin, line)) return {};
  return comma_list(line);
}

}  // namespace

void add_init_command(CLI::App& app, Command& selected) {
  struct Options {
    std::string path = "golive.yaml";
    bool force = false;
    bool no_input = false;
    std::string required_tags;
    std::string allowed_registries;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand("init", "Write an annotated starter golive.yaml");
  command->footer(
      "At a terminal, asks for the tag names every Azure resource must carry and the registries "
      "images may come from (empty answers leave them commented out: the built-in profiles "
      "require none).\n"
      "Exit codes: 0 written; 2 the file exists (without --force) or cannot be written.");
  command->add_option("path", options->path, "Where to write it (default: golive.yaml)");
  command->add_flag("--force", options->force, "Overwrite an existing file");
  command->add_option("--required-tags", options->required_tags,
                      "Tag names every Azure resource carries, comma-separated (no question)");
  command->add_option("--allowed-registries", options->allowed_registries,
                      "Image prefixes allowed, comma-separated (no question)");
  command->add_flag("--no-input", options->no_input, "Ask nothing (also when not at a terminal)");
  command->callback([options, command, &selected] {
    const bool tags_given = command->count("--required-tags") > 0;
    const bool registries_given = command->count("--allowed-registries") > 0;
    selected = [options, tags_given, registries_given] {
      if (std::filesystem::exists(options->path) && !options->force)
        throw InputError({options->path, 0, 0},
                         "already exists: golive init does not overwrite it (use --force)");
      StarterAnswers answers;
      answers.required_tags = comma_list(options->required_tags);
      answers.allowed_registries = comma_list(options->allowed_registries);
      if (!options->no_input && interactive()) {
        if (!tags_given)
          answers.required_tags =
              ask("Tag names every Azure resource must carry, comma-separated (e.g. owner, "
                  "environment, costCenter; empty: none): ");
        if (!registries_given)
          answers.allowed_registries =
              ask("Registries images may come from, comma-separated prefixes (e.g. "
                  "myacr.azurecr.io/; empty: any private registry): ");
      }
      // The whole text first: a problem in an answer never leaves a truncated file.
      const std::string text = starter_config(answers);
      std::ofstream out(options->path);
      out << text;
      if (!out) throw InputError({options->path, 0, 0}, "cannot write: check the path");
      std::cout << fmt::format("wrote {}: edit it, then run 'golive audit --config {}'\n",
                               options->path, options->path);
      return 0;
    };
  });
}

}  // namespace golive::cli
