// golive init: write an annotated starter golive.yaml.

#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "golive/config.hpp"

namespace golive::cli {

void add_init_command(CLI::App& app, Command& selected) {
  struct Options {
    std::string path = "golive.yaml";
    bool force = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand("init", "Write an annotated starter golive.yaml");
  command->footer(
      "Exit codes: 0 written; 2 the file exists (without --force) or cannot be written.");
  command->add_option("path", options->path, "Where to write it (default: golive.yaml)");
  command->add_flag("--force", options->force, "Overwrite an existing file");
  command->callback([options, &selected] {
    selected = [options] {
      if (std::filesystem::exists(options->path) && !options->force)
        throw InputError({options->path, 0, 0},
                         "already exists: golive init does not overwrite it (use --force)");
      std::ofstream out(options->path);
      out << starter_config();
      if (!out) throw InputError({options->path, 0, 0}, "cannot write: check the path");
      std::cout << fmt::format("wrote {}: edit it, then run 'golive audit --config {}'\n",
                               options->path, options->path);
      return 0;
    };
  });
}

}  // namespace golive::cli
