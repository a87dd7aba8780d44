#include <fmt/format.h>

#include "report/renderers.hpp"

namespace golive::report {

std::string string_field(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string resource_label(const nlohmann::json& finding) {
  const std::string kind = string_field(finding, "kind");
  const std::string resource = string_field(finding, "resource");
  return kind.empty() ? resource : kind + " " + resource;
}

std::vector<std::string> collector_notes(const nlohmann::json& result) {
  std::vector<std::string> notes;
  const auto collectors = result.find("collectors");
  if (collectors == result.end() || !collectors->is_object()) return notes;
  for (const auto& [name, c] : collectors->items()) {
    const auto list = c.is_object() ? c.find("notes") : c.end();
    if (!c.is_object() || list == c.end() || !list->is_array()) continue;
    for (const auto& note : *list)
      if (note.is_string()) notes.push_back(name + ": " + note.get<std::string>());
  }
  return notes;
}

int int_field(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return 0;
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<int>() : 0;
}

std::string location_text(const nlohmann::json& finding) {
  const auto it = finding.find("location");
  if (it == finding.end() || !it->is_object()) return "";
  std::string text = string_field(*it, "file");
  if (text.empty()) return "";
  if (const int line = int_field(*it, "line"); line > 0) text += fmt::format(":{}", line);
  if (const int column = int_field(*it, "column"); column > 0) text += fmt::format(":{}", column);
  return text;
}

std::string headline_text(const nlohmann::json& result) {
  if (std::string headline = string_field(result, "headline"); !headline.empty()) return headline;
  return result.value("inconclusive", false) ? "blocking checks could not be verified" : "";
}

std::string score_text(const nlohmann::json& score) {
  return score.is_number() ? fmt::format("{}", score.get<long long>()) : "n/a";
}

}  // namespace golive::report
