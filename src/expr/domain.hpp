#pragma once
// Domain value types of golive's expression language: Kubernetes quantities,
// durations (Go syntax plus days and weeks), RFC 3339 timestamps and lenient
// semantic versions. Parsing returns std::nullopt on bad input; callers turn
// that into an evaluation error naming the text.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace golive::expr {

// ---------------------------------------------------------------- quantity
// Exact: the amount is kept in nano-units in a 128-bit integer, which holds
// every Kubernetes quantity from 1n up to far beyond 1000E without rounding,
// so 1Gi == 1024Mi and 500m < 1 compare exactly.
struct Quantity {
  enum class Format { binary_si, decimal_si, decimal_exponent };
  __int128 nanos = 0;
  Format format = Format::decimal_si;
};

std::optional<Quantity> parse_quantity(std::string_view text);
// Canonical Kubernetes-style text: the largest suffix that keeps the value
// an integer ("1Gi", "1536Mi", "500m", "1500k").
std::string format_quantity(const Quantity& q);
int compare_quantity(const Quantity& a, const Quantity& b);

// ---------------------------------------------------------------- duration
constexpr std::int64_t kNanosPerSecond = 1'000'000'000;

// Go duration syntax ("1h30m", "-1.5h", "300ms", "1us", "2µs") plus "d"
// (24h) and "w" (7d); also protobuf style seconds ("3600s", "1.5s").
std::optional<std::int64_t> parse_duration(std::string_view text);
// Canonical text that parse_duration accepts again: "90d", "1h30m",
// "1.5s", "300ms", "0s", "-2h".
std::string format_duration(std::int64_t nanos);

// ---------------------------------------------------------------- timestamp
struct Timestamp {
  std::int64_t seconds = 0;  // since the Unix epoch, UTC
  std::int32_t nanos = 0;    // 0..999'999'999
};

// RFC 3339 with 'Z' or a numeric offset and optional fractional seconds.
std::optional<Timestamp> parse_timestamp(std::string_view text);
// A calendar date "YYYY-MM-DD" at midnight UTC.
std::optional<Timestamp> parse_date(std::string_view text);
std::string format_timestamp(const Timestamp& t);  // RFC 3339 UTC
bool timestamp_in_range(const Timestamp& t);       // years 0001..9999

struct CivilTime {
  std::int64_t year;
  int month, day, hour, minute, second, day_of_week, day_of_year;
};
CivilTime to_civil(std::int64_t seconds_utc);
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);

// ---------------------------------------------------------------- semver
struct Semver {
  std::uint64_t major = 0, minor = 0, patch = 0;
  std::vector<std::string> prerelease;  // dot-separated identifiers
  std::string text;                     // canonical "1.29.3-rc.1"
};

// Lenient: leading 'v', missing minor/patch, build metadata ignored.
std::optional<Semver> parse_semver(std::string_view text);
// Semver.org precedence: -1, 0, 1.
int compare_semver(const Semver& a, const Semver& b);

}  // namespace golive::expr
