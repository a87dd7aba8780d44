#pragma once
// What a collector's validate() says about its golive.yaml section, as the
// CLI would print it ("file:line:column: error: ..."), one line per problem.

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "golive/collector.hpp"
#include "golive/diagnostics.hpp"

namespace golive::test {

inline std::vector<std::string> collector_diagnostics(const std::string& collector,
                                                      const std::string& section,
                                                      const std::string& file) {
  DiagnosticSink sink;
  make_collector(collector)->validate(YAML::Load(section), file, sink);
  std::vector<std::string> out;
  try {
    sink.throw_if_any();
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics()) out.push_back(d.to_string());
  }
  return out;
}

}  // namespace golive::test
