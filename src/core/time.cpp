#include "golive/time.hpp"

#include <fmt/format.h>

#include "expr/domain.hpp"

namespace golive {

using namespace std::chrono;

// One parser of dates and times for the whole project: the expression
// language's, so a snapshot's collected_at and `timestamp()` in a rule can
// never disagree on what a time means.

namespace {
TimePoint to_time_point(const expr::Timestamp& t) {
  return TimePoint{duration_cast<TimePoint::duration>(seconds{t.seconds} + nanoseconds{t.nanos})};
}
}  // namespace

std::optional<sys_days> parse_date(std::string_view text) {
  auto t = expr::parse_date(text);
  if (!t) return std::nullopt;
  return sys_days{days{t->seconds / 86400}};
}

std::optional<TimePoint> parse_rfc3339(std::string_view text) {
  auto t = expr::parse_timestamp(text);
  if (!t) return std::nullopt;
  return to_time_point(*t);
}

std::string format_date(sys_days day) {
  year_month_day ymd{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

}  // namespace golive
