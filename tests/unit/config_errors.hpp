#pragma once
// What load_config() says about a golive.yaml, as the CLI would print it with
// the file named plainly "golive.yaml" ("golive.yaml:L:C: error: ..."), one
// line per problem; "" when it loads. The text form writes into its own
// TempDir: ctest runs test cases of one binary in parallel.

#include <string>

#include "golive/config.hpp"
#include "golive/diagnostics.hpp"
#include "temp_dir.hpp"

namespace golive::test {

inline std::string golive_yaml_errors_at(const std::string& path) {
  std::string out;
  try {
    load_config(path);
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics()) {
      auto where = d.location;
      where.file = "golive.yaml";
      out += Diagnostic{where, d.message}.to_string() + "\n";
    }
  }
  return out;
}

inline std::string golive_yaml_errors(const std::string& text) {
  const TempDir dir;
  return golive_yaml_errors_at(dir.write("golive.yaml", text));
}

}  // namespace golive::test
