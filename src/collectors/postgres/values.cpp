#include "collectors/postgres/values.hpp"

#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include <re2/re2.h>

namespace golive::collectors::postgres {

namespace {

constexpr double kDay = 86400.0;
constexpr double kMonth = 30 * kDay;     // PostgreSQL's DAYS_PER_MONTH
constexpr double kYear = 365.25 * kDay;  // PostgreSQL's DAYS_PER_YEAR

template <typename T>
std::optional<T> parse_number(std::string_view text) {
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Integers of every size: bigint and xid8 too (JSON numbers have no limit
// and nlohmann keeps 64 bits).
nlohmann::json integer(std::string_view text) {
  if (auto v = parse_number<std::int64_t>(text)) return *v;
  if (auto v = parse_number<std::uint64_t>(text)) return *v;
  return std::string(text);
}

// NaN and Infinity have no JSON form: they stay text.
nlohmann::json decimal(std::string_view text) {
  if (text.find_first_of(".eE") == std::string_view::npos) {
    nlohmann::json whole = integer(text);
    if (whole.is_number()) return whole;
  }
  auto v = parse_number<double>(text);
  if (!v || !std::isfinite(*v)) return std::string(text);
  return *v;
}

nlohmann::json array(std::string_view text, bool numbers) {
  auto elements = array_elements(text);
  if (!elements) return std::string(text);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : *elements) {
    if (!e)
      list.push_back(nullptr);
    else
      list.push_back(numbers ? decimal(*e) : nlohmann::json(*e));
  }
  return list;
}

// "+HH", "+HH:MM" or "+HH:MM:SS" as RFC 3339's "Z" or "+HH:MM".
std::string offset_suffix(const std::string& offset) {
  if (offset.empty() || offset == "+00" || offset == "+00:00" || offset == "-00") return "Z";
  return offset.substr(0, 3) + ":" + (offset.size() >= 6 ? offset.substr(4, 2) : "00");
}

}  // namespace

std::optional<double> interval_seconds(std::string_view text) {
  std::vector<std::string> tokens;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = std::min(text.find(' ', pos), text.size());
    if (end > pos) tokens.emplace_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  if (tokens.empty()) return std::nullopt;
  static const re2::RE2 kTime(R"(([+-]?)(\d{1,12}):(\d{2}):(\d{2}(?:\.\d{1,9})?))");
  double seconds = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::string sign, hours, minutes, secs;
    if (re2::RE2::FullMatch(tokens[i], kTime, &sign, &hours, &minutes, &secs)) {
      const double value = std::stod(hours) * 3600 + std::stod(minutes) * 60 + std::stod(secs);
      seconds += sign == "-" ? -value : value;
      continue;
    }
    if (i + 1 >= tokens.size()) return std::nullopt;
    const auto count = parse_number<long long>(
        tokens[i].front() == '+' ? std::string_view(tokens[i]).substr(1) : tokens[i]);
    if (!count) return std::nullopt;
    const std::string& unit = tokens[++i];
    double size = 0;
    if (unit == "year" || unit == "years")
      size = kYear;
    else if (unit == "mon" || unit == "mons")
      size = kMonth;
    else if (unit == "day" || unit == "days")
      size = kDay;
    else
      return std::nullopt;
    seconds += static_cast<double>(*count) * size;
  }
  return seconds;
}

std::optional<std::string> rfc3339_timestamp(std::string_view text) {
  static const re2::RE2 kIso(
      R"((\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2}(?::\d{2}){0,2})?)");
  std::string date, time, offset;
  if (!re2::RE2::FullMatch(re2::StringPiece(text.data(), text.size()), kIso, &date, &time, &offset))
    return std::nullopt;
  return date + "T" + time + offset_suffix(offset);
}

std::optional<std::vector<std::optional<std::string>>> array_elements(std::string_view text) {
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') return std::nullopt;
  std::vector<std::optional<std::string>> elements;
  const std::string_view body = text.substr(1, text.size() - 2);
  if (body.empty()) return elements;
  std::size_t pos = 0;
  while (true) {
    if (pos < body.size() && body[pos] == '{') return std::nullopt;  // not one-dimensional
    std::string element;
    bool quoted = false;
    if (pos < body.size() && body[pos] == '"') {
      quoted = true;
      ++pos;
      while (pos < body.size() && body[pos] != '"') {
        if (body[pos] == '\\' && pos + 1 < body.size()) ++pos;
        element += body[pos++];
      }
      if (pos >= body.size()) return std::nullopt;  // unterminated
      ++pos;
    } else {
      while (pos < body.size() && body[pos] != ',') element += body[pos++];
    }
    if (!quoted && element == "NULL")
      elements.emplace_back(std::nullopt);
    else
      elements.emplace_back(std::move(element));
    if (pos >= body.size()) break;
    if (body[pos] != ',') return std::nullopt;
    ++pos;
  }
  return elements;
}

nlohmann::json convert_value(unsigned type, std::optional<std::string_view> text) {
  if (!text) return nullptr;
  const std::string_view t = *text;
  switch (type) {
    case oid::kBool:
      if (t == "t") return true;
      if (t == "f") return false;
      return std::string(t);
    case oid::kInt2:
    case oid::kInt4:
    case oid::kInt8:
    case oid::kOid:
    case oid::kXid:
    case oid::kXid8:
      return integer(t);
    case oid::kFloat4:
    case oid::kFloat8:
    case oid::kNumeric:
      return decimal(t);
    case oid::kJson:
    case oid::kJsonb: {
      nlohmann::json parsed = nlohmann::json::parse(t, nullptr, false);
      return parsed.is_discarded() ? nlohmann::json(std::string(t)) : parsed;
    }
    case oid::kInterval:
      if (auto seconds = interval_seconds(t)) return *seconds;
      return std::string(t);
    case oid::kTimestamp:
    case oid::kTimestamptz:
      if (auto stamp = rfc3339_timestamp(t)) return *stamp;
      return std::string(t);  // infinity, -infinity, BC dates
    case oid::kTextArray:
    case oid::kNameArray:
    case oid::kVarcharArray:
      return array(t, false);
    case oid::kInt2Array:
    case oid::kInt4Array:
    case oid::kInt8Array:
      return array(t, true);
    default:
      return std::string(t);
  }
}

}  // namespace golive::collectors::postgres
