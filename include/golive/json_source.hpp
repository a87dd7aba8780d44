#pragma once
// Positions inside JSON text. nlohmann::json keeps no positions, so when a
// loaded document is semantically wrong we find the offending value again in
// the source text to report file:line:column.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "golive/diagnostics.hpp"

namespace golive {

// The location of the value at `path` (object keys, or array indexes as
// decimal text) in valid JSON text. Falls back to the deepest ancestor found,
// and to line 1 column 1.
SourceLocation json_location(std::string_view text, const std::string& file,
                             const std::vector<std::string>& path);

// Where each element of the array at `path` starts in valid JSON text (one
// pass, however long the array); empty when there is no array there.
std::vector<SourceLocation> json_element_locations(std::string_view text, const std::string& file,
                                                   const std::vector<std::string>& path);

// Parses JSON, turning a syntax error into an InputError at its position.
nlohmann::json parse_json_text(const std::string& text, const std::string& file);

}  // namespace golive
