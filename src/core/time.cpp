#include "golive/time.hpp"

#include <cstdio>
#include <regex>

#include <fmt/format.h>

namespace golive {

using namespace std::chrono;

namespace {
std::optional<sys_days> make_day(int y, int m, int d) {
  year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd};
}
}  // namespace

std::optional<sys_days> parse_date(std::string_view text) {
  static const std::regex pattern("([0-9]{4})-([0-9]{2})-([0-9]{2})");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(text.begin(), text.end(), m, pattern)) return std::nullopt;
  return make_day(std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3]));
}

std::optional<TimePoint> parse_rfc3339(std::string_view text) {
  static const std::regex pattern(
      "([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(\\.[0-9]+)?"
      "([Zz]|([+-])([0-9]{2}):([0-9]{2}))");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(text.begin(), text.end(), m, pattern)) return std::nullopt;
  auto day = make_day(std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3]));
  int hh = std::stoi(m[4]), mm = std::stoi(m[5]), ss = std::stoi(m[6]);
  if (!day || hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  TimePoint t = *day + hours{hh} + minutes{mm} + seconds{ss};
  if (m[7].matched) {
    std::string fraction = m[7].str().substr(1, 9);
    fraction.append(9 - fraction.size(), '0');
    t += duration_cast<TimePoint::duration>(nanoseconds{std::stoll(fraction)});
  }
  if (m[9].matched) {
    minutes offset = hours{std::stoi(m[10])} + minutes{std::stoi(m[11])};
    t += (m[9] == "+") ? -offset : offset;
  }
  return t;
}

std::string format_rfc3339(TimePoint time) {
  auto day = floor<days>(time);
  year_month_day ymd{day};
  hh_mm_ss<seconds> tod{floor<seconds>(time - day)};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     tod.hours().count(), tod.minutes().count(), tod.seconds().count());
}

std::string format_date(sys_days day) {
  year_month_day ymd{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

}  // namespace golive
