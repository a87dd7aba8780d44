#include "collectors/redis/redis_info.hpp"
#include <algorithm>

#include <cctype>
#include <charconv>
#include <string>

namespace golive::collectors::redis {

namespace {

// Integers and decimals as Redis prints them. A leading zero (other than
// "0" itself) marks an identifier such as redis_git_sha1:00000000, which
// must not become the number 0.
// Plain code, not std::regex: a server's value can be long.
bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(),
                                      [](unsigned char c) { return std::isdigit(c) != 0; });
}

// -?(0|[1-9][0-9]*)
bool is_integer_text(std::string_view text) {
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  return all_digits(text) && (text.size() == 1 || text.front() != '0');
}

// -?(0|[1-9][0-9]*)\.[0-9]+
bool is_decimal_text(std::string_view text) {
  const std::size_t dot = text.find('.');
  return dot != std::string_view::npos && is_integer_text(text.substr(0, dot)) &&
         all_digits(text.substr(dot + 1));
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  return text;
}

// "# Keyspace" -> "keyspace"; "# Latency stats" -> "latency_stats".
std::string section_name(std::string_view header) {
  std::string name = lower(trim(header.substr(1)));
  for (char& c : name)
    if (c == ' ') c = '_';
  return name;
}

// Lines whose value is a list of key=value pairs that docs/facts.md turns
// into objects: keyspace's dbN and replication's slaveN.
bool is_structured(const std::string& section, std::string_view field) {
  return (section == "keyspace" && field.starts_with("db") && all_digits(field.substr(2))) ||
         (section == "replication" && field.starts_with("slave") && all_digits(field.substr(5)));
}

}  // namespace

nlohmann::json typed_value(std::string_view text) {
  const std::string value(text);
  if (is_integer_text(value)) {
    long long integer = 0;
    if (std::from_chars(value.data(), value.data() + value.size(), integer).ec == std::errc())
      return integer;
    unsigned long long big = 0;
    if (std::from_chars(value.data(), value.data() + value.size(), big).ec == std::errc())
      return big;
    return value;  // beyond 64 bits: keep every digit
  }
  double decimal = 0;  // from_chars: the "C" notation whatever the locale
  if (is_decimal_text(value) &&
      std::from_chars(value.data(), value.data() + value.size(), decimal).ec == std::errc())
    return decimal;
  return value;
}

nlohmann::json typed_fields(std::string_view text) {
  nlohmann::json out = nlohmann::json::object();
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view pair = text.substr(0, comma);
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos)
      out[std::string(pair.substr(0, equals))] = typed_value(pair.substr(equals + 1));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

nlohmann::json parse_info(std::string_view text) {
  nlohmann::json info = nlohmann::json::object();
  std::string section;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line.front() == '#') {
      section = section_name(line);
      if (!info.contains(section)) info[section] = nlohmann::json::object();
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || section.empty()) continue;
    const std::string_view field = line.substr(0, colon);
    const std::string_view value = line.substr(colon + 1);
    info[section][std::string(field)] =
        is_structured(section, field) ? typed_fields(value) : typed_value(value);
  }
  return info;
}

}  // namespace golive::collectors::redis
