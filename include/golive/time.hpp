#pragma once
// Dates and times in the formats of golive's files: RFC 3339 timestamps
// (snapshots, test cases) and YYYY-MM-DD dates (waiver expiries).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace golive {

using TimePoint = std::chrono::system_clock::time_point;

std::optional<TimePoint> parse_rfc3339(std::string_view text);
std::optional<std::chrono::sys_days> parse_date(std::string_view text);  // YYYY-MM-DD
std::string format_date(std::chrono::sys_days day);

}  // namespace golive
