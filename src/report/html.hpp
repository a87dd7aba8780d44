#pragma once
// HTML sign-off report: the view model built from the result document and the
// mustache templates of reports/html/ (embedded; overridable with --template).

#include <map>
#include <string>
#include <string_view>

#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

namespace golive::report::html {

// The data the templates render: every value from the result, grouped and
// counted, with the geometry of the SVG charts. Only strings, booleans, lists
// and objects with fixed keys (never keys taken from the environment).
kainjow::mustache::data build_view(const nlohmann::json& result);

// An id/anchor fragment made of [a-z0-9-] only, at most `max` characters.
std::string slug(std::string_view text, std::size_t max = 48);

struct Template {
  std::string content;
  std::string origin;  // "builtin:reports/html/x" or the override file's path
};

// The templates by file name: the built-in ones, each replaced by a file of
// the same name in `override_dir` (or `override_dir`/html) when given. Throws
// InputError when the directory cannot be read.
std::map<std::string, Template> load_templates(const std::string& override_dir);

// Renders the templates with `view`; throws InputError naming file:line:column
// for a template syntax error or a partial that does not exist.
// Checks that every template parses and every partial it names exists;
// throws InputError with each problem's file:line:column.
void check_templates(const std::map<std::string, Template>& templates);

std::string render(const std::map<std::string, Template>& templates, kainjow::mustache::data view);

}  // namespace golive::report::html
