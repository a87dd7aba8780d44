#pragma once
// Maps a position inside an expression (as the expression compiler reports
// it) to a position in the YAML file the expression was written in, so an
// error points at the exact column of the file, whatever the scalar style.

#include <string>

#include <yaml-cpp/yaml.h>

#include "golive/diagnostics.hpp"
#include "golive/expr.hpp"

namespace golive {

SourceLocation expression_location(const YAML::Node& node, const std::string& file_text,
                                   const std::string& file, const expr::SourcePosition& inner);

}  // namespace golive
