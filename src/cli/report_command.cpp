// golive report --from RESULT.json: re-render a saved result in any format.

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "golive/result_file.hpp"

namespace golive::cli {

void add_report_command(CLI::App& app, Command& selected) {
  struct Options {
    std::string from;
    OutputOptions output;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand("report", "Render a saved result (JSON) in another format");
  command->footer("Exit codes: 0 rendered; 2 invalid usage or result file.");
  command->add_option("--from", options->from, "Result written by 'golive evaluate --format json'")
      ->required()
      ->type_name("RESULT.json");
  options->output.add_to(*command);
  command->callback([options, &selected] {
    selected = [options] {
      options->output.validate();
      options->output.write(load_result(options->from));
      return 0;
    };
  });
}

}  // namespace golive::cli
