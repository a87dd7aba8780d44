#include <fmt/format.h>

#include "report/renderers.hpp"

namespace golive::report {

std::string string_field(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string location_text(const nlohmann::json& finding) {
  const auto it = finding.find("location");
  if (it == finding.end() || !it->is_object()) return "";
  std::string text = string_field(*it, "file");
  if (text.empty()) return "";
  if (const int line = it->value("line", 0); line > 0) text += fmt::format(":{}", line);
  if (const int column = it->value("column", 0); column > 0) text += fmt::format(":{}", column);
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
