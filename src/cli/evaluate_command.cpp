// golive evaluate --snapshot FILE: decide from a saved facts snapshot.

#include "cli/decision.hpp"

namespace golive::cli {

void add_evaluate_command(CLI::App& app, Command& selected) {
  struct Options {
    std::string snapshot;
    DecisionOptions decision;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand("evaluate", "Evaluate the rules over a saved facts snapshot");
  command->add_option("--snapshot", options->snapshot, "Facts snapshot (JSON) to evaluate")
      ->required()
      ->type_name("FILE");
  options->decision.add_to(*command);
  command->callback([options, &selected] {
    selected = [options] {
      // Read every input before evaluating anything, reporting all problems.
      const auto inputs = options->decision.read_inputs();
      Snapshot snapshot = load_snapshot(options->snapshot);
      // The organisation's settings it was collected with judge it again.
      options->decision.settings = snapshot.settings;
      for (const auto& [key, value] : snapshot.settings.items())
        options->decision.setting_locations[key] = {snapshot.source, 0, 0};
      return options->decision.decide(inputs, snapshot);
    };
  });
}

}  // namespace golive::cli
