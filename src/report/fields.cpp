#include <fmt/format.h>

#include "report/renderers.hpp"

namespace golive::report {

std::string string_field(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string score_text(const nlohmann::json& score) {
  return score.is_number() ? fmt::format("{}", score.get<long long>()) : "n/a";
}

}  // namespace golive::report
