#pragma once
// YAML input with positions: every YAML file golive reads (rules, profiles,
// waivers) goes through here so errors point at file:line:column.

#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "golive/diagnostics.hpp"

namespace golive {

// Parses every document of a YAML text. Throws InputError at the position of
// a syntax error, with yaml-cpp's explanation.
std::vector<YAML::Node> parse_yaml_documents(const std::string& text, const std::string& file);

// Where a node starts (1-based).
SourceLocation location_of(const YAML::Node& node, const std::string& file);

// Where byte `offset` of a one-line scalar's text is in the file: a quoted
// scalar's text starts one column after its quote (yaml-cpp tags those "!").
// A multi-line scalar gives its own position. (Escapes in a double-quoted
// scalar may shift the column a little.)
SourceLocation location_in_scalar(const YAML::Node& scalar, const std::string& file,
                                  std::size_t offset);

// Converts YAML to JSON. Plain scalars are typed by the YAML 1.2 core schema
// (null, true/false, integers, floats); quoted scalars stay strings, so
// `"2"` is a string and `2` a number.
nlohmann::json yaml_to_json(const YAML::Node& node);

// The names of a sequence of non-empty scalars (`[k8s, postgres]`; with
// `allow_scalar`, a lone scalar counts as a list of one), or nothing when the
// node is not such a list (the caller reports it in its own words).
std::optional<std::vector<std::string>> name_list(const YAML::Node& node, bool allow_scalar);

// Checks the keys of a mapping: reports unknown keys (with a did-you-mean) and
// missing required ones. `what` names the mapping in messages ("rule", "test
// case", "waiver").
void check_keys(const YAML::Node& mapping, const std::string& file, const std::string& what,
                const std::vector<std::string>& allowed, const std::vector<std::string>& required,
                DiagnosticSink& sink);

// The scalar text of a node that must be a non-empty string; reports and
// returns "" otherwise.
std::string scalar_string(const YAML::Node& node, const std::string& file, const std::string& key,
                          DiagnosticSink& sink);

}  // namespace golive
