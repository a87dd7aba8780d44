#include "golive/yaml.hpp"
#include <cctype>

#include <cerrno>
#include <cstdlib>
#include <set>

#include <fmt/format.h>

#include "golive/text.hpp"

namespace golive {

std::vector<YAML::Node> parse_yaml_documents(const std::string& text, const std::string& file) {
  try {
    return YAML::LoadAll(text);
  } catch (const YAML::ParserException& e) {
    throw InputError({file, e.mark.line + 1, e.mark.column + 1},
                     fmt::format("invalid YAML: {}", e.msg));
  }
}

SourceLocation location_of(const YAML::Node& node, const std::string& file) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return {file, 0, 0};
  return {file, mark.line + 1, mark.column + 1};
}

SourceLocation location_in_scalar(const YAML::Node& scalar, const std::string& file,
                                  std::size_t offset) {
  SourceLocation at = location_of(scalar, file);
  if (at.line > 0 && scalar.Scalar().find('\n') == std::string::npos)
    at.column += static_cast<int>(offset) + (scalar.Tag() == "!" ? 1 : 0);
  return at;
}

namespace {

constexpr std::string_view kCoreTag = "tag:yaml.org,2002:";

bool is_null_literal(const std::string& s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

std::optional<bool> bool_literal(const std::string& s) {
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

std::optional<nlohmann::json> int_literal(const std::string& s) {
  // Loops, not std::regex (whose matcher recurses per character).
  auto digits = [](std::string_view text, auto is_digit) {
    return all_of_chars(text, [&](unsigned char c) { return is_digit(c) != 0; });
  };
  const std::string_view unsigned_part =
      !s.empty() && (s[0] == '-' || s[0] == '+') ? std::string_view(s).substr(1) : s;
  const bool prefixed = s.size() > 2 && s[0] == '0';
  int base = 0;
  std::size_t skip = 0;
  if (digits(unsigned_part, [](unsigned char c) { return std::isdigit(c); })) {
    base = 10;
  } else if (prefixed && s[1] == 'o' && digits(std::string_view(s).substr(2), [](unsigned char c) {
               return c >= '0' && c <= '7';
             })) {
    base = 8;
    skip = 2;
  } else if (prefixed && s[1] == 'x' && digits(std::string_view(s).substr(2), [](unsigned char c) {
               return std::isxdigit(c);
             })) {
    base = 16;
    skip = 2;
  } else {
    return std::nullopt;
  }
  errno = 0;
  char* end = nullptr;
  long long value = std::strtoll(s.c_str() + skip, &end, base);
  if (errno == ERANGE) return std::nullopt;  // too large: keep the text
  return nlohmann::json(static_cast<std::int64_t>(value));
}

std::optional<nlohmann::json> float_literal(const std::string& s) {
  // Infinity and NaN have no JSON form; they stay text. The grammar
  // [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?, scanned by hand.
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    return i - start;
  };
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  const std::size_t integer = digits();
  std::size_t fraction = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    fraction = digits();
  }
  if (integer == 0 && fraction == 0) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (digits() == 0) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  return nlohmann::json(std::strtod(s.c_str(), nullptr));
}

nlohmann::json plain_scalar_to_json(const std::string& s) {
  if (is_null_literal(s)) return nullptr;
  if (auto b = bool_literal(s)) return *b;
  if (auto i = int_literal(s)) return *i;
  if (auto f = float_literal(s)) return *f;
  return s;
}

nlohmann::json scalar_to_json(const YAML::Node& node) {
  const std::string& tag = node.Tag();
  const std::string& text = node.Scalar();
  if (tag == "?") return plain_scalar_to_json(text);
  if (tag.rfind(kCoreTag, 0) == 0) {
    std::string_view type = std::string_view(tag).substr(kCoreTag.size());
    if (type == "str") return text;
    if (type == "null") return nullptr;
    // !!int, !!float, !!bool: type the text as a plain scalar would be.
    return plain_scalar_to_json(text);
  }
  return text;  // "!" (quoted or block scalar) and application tags
}

}  // namespace

nlohmann::json yaml_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      return nullptr;
    case YAML::NodeType::Scalar:
      return scalar_to_json(node);
    case YAML::NodeType::Sequence: {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& item : node) list.push_back(yaml_to_json(item));
      return list;
    }
    case YAML::NodeType::Map: {
      nlohmann::json object = nlohmann::json::object();
      for (const auto& entry : node) object[entry.first.Scalar()] = yaml_to_json(entry.second);
      return object;
    }
  }
  return nullptr;
}

void check_keys(const YAML::Node& mapping, const std::string& file, const std::string& what,
                const std::vector<std::string>& allowed, const std::vector<std::string>& required,
                DiagnosticSink& sink) {
  if (!mapping.IsMap()) {
    sink.error(location_of(mapping, file),
               fmt::format("a {} must be a mapping of keys to values", what));
    return;
  }
  std::set<std::string> seen;
  for (const auto& entry : mapping) {
    const std::string key = entry.first.Scalar();
    const SourceLocation at = location_of(entry.first, file);
    if (!seen.insert(key).second) {
      sink.error(at, fmt::format("duplicate key '{}' in {}: keep only one", key, what));
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      sink.error(at, fmt::format("unknown key '{}' in {}{}; allowed keys: {}", key, what,
                                 did_you_mean(key, allowed), join(allowed, ", ")));
    }
  }
  for (const auto& key : required) {
    if (!seen.count(key)) {
      sink.error(location_of(mapping, file),
                 fmt::format("{} is missing the required key '{}'", what, key));
    }
  }
}

std::string scalar_string(const YAML::Node& node, const std::string& file, const std::string& key,
                          DiagnosticSink& sink) {
  if (!node.IsScalar() || node.Scalar().empty()) {
    sink.error(location_of(node, file), fmt::format("'{}' must be a non-empty string", key));
    return "";
  }
  return node.Scalar();
}

std::optional<std::vector<std::string>> name_list(const YAML::Node& node, bool allow_scalar) {
  if (allow_scalar && node.IsScalar() && !node.Scalar().empty())
    return std::vector<std::string>{node.Scalar()};
  if (!node.IsSequence()) return std::nullopt;
  std::vector<std::string> names;
  for (const auto& item : node) {
    if (!item.IsScalar() || item.Scalar().empty()) return std::nullopt;
    names.push_back(item.Scalar());
  }
  return names;
}

}  // namespace golive
