#include "expr/domain.hpp"

#include <cstdio>
#include <limits>

namespace golive::expr {

namespace {

using i128 = __int128;
constexpr i128 kI128Max = static_cast<i128>((static_cast<unsigned __int128>(1) << 127) - 1);

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// a * b with overflow detection on non-negative operands.
bool mul_checked(i128 a, i128 b, i128& out) {
  if (a != 0 && b > kI128Max / a) return false;
  out = a * b;
  return true;
}

bool pow10_checked(int e, i128& out) {
  out = 1;
  for (int i = 0; i < e; ++i) {
    if (!mul_checked(out, 10, out)) return false;
  }
  return true;
}

std::string i128_to_string(i128 v) {
  if (v == 0) return "0";
  bool neg = v < 0;
  unsigned __int128 u =
      neg ? static_cast<unsigned __int128>(-(v + 1)) + 1 : static_cast<unsigned __int128>(v);
  std::string s;
  while (u > 0) {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  }
  if (neg) s.insert(s.begin(), '-');
  return s;
}

}  // namespace

// ---------------------------------------------------------------- quantity

std::optional<Quantity> parse_quantity(std::string_view text) {
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    negative = text[i] == '-';
    ++i;
  }
  // Mantissa: digits with at most one '.', at least one digit.
  i128 mantissa = 0;
  int fraction_digits = 0, significant = 0;
  bool seen_dot = false, any_digit = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (is_digit(c)) {
      any_digit = true;
      mantissa = mantissa * 10 + (c - '0');
      if (mantissa != 0 && ++significant > 30) return std::nullopt;  // beyond exact range
      if (seen_dot) ++fraction_digits;
    } else if (c == '.' && !seen_dot) {
      seen_dot = true;
    } else {
      break;
    }
  }
  if (!any_digit) return std::nullopt;
  std::string_view suffix = text.substr(i);
  Quantity q;
  int pow10 = 9 - fraction_digits;  // scale to nano-units
  i128 binary = 1;
  if (suffix.empty()) {
    q.format = Quantity::Format::decimal_si;
  } else if (suffix.size() == 2 && suffix[1] == 'i') {
    static constexpr std::string_view kBinary = "KMGTPE";
    auto k = kBinary.find(suffix[0]);
    if (k == std::string_view::npos) return std::nullopt;
    binary = static_cast<i128>(1) << (10 * (k + 1));
    q.format = Quantity::Format::binary_si;
  } else if (suffix.size() > 1 && (suffix[0] == 'e' || suffix[0] == 'E')) {
    std::string_view exp = suffix.substr(1);
    bool exp_neg = false;
    if (!exp.empty() && (exp[0] == '+' || exp[0] == '-')) {
      exp_neg = exp[0] == '-';
      exp = exp.substr(1);
    }
    if (exp.empty() || exp.size() > 4) return std::nullopt;
    int e = 0;
    for (char c : exp) {
      if (!is_digit(c)) return std::nullopt;
      e = e * 10 + (c - '0');
    }
    pow10 += exp_neg ? -e : e;
    q.format = Quantity::Format::decimal_exponent;
  } else if (suffix.size() == 1) {
    switch (suffix[0]) {
      case 'n':
        pow10 -= 9;
        break;
      case 'u':
        pow10 -= 6;
        break;
      case 'm':
        pow10 -= 3;
        break;
      case 'k':
        pow10 += 3;
        break;
      case 'M':
        pow10 += 6;
        break;
      case 'G':
        pow10 += 9;
        break;
      case 'T':
        pow10 += 12;
        break;
      case 'P':
        pow10 += 15;
        break;
      case 'E':
        pow10 += 18;
        break;
      default:
        return std::nullopt;
    }
    q.format = Quantity::Format::decimal_si;
  } else {
    return std::nullopt;
  }
  i128 value = mantissa;
  if (!mul_checked(value, binary, value)) return std::nullopt;
  if (pow10 >= 0) {
    i128 scale;
    if (!pow10_checked(pow10, scale) || !mul_checked(value, scale, value)) return std::nullopt;
  } else {
    // Below one nano-unit Kubernetes rounds up to the next representable value.
    i128 scale;
    if (!pow10_checked(-pow10, scale)) {
      value = value == 0 ? 0 : 1;
    } else {
      i128 rounded = value / scale;
      if (rounded * scale != value) ++rounded;
      value = rounded;
    }
  }
  q.nanos = negative ? -value : value;
  return q;
}

std::string format_quantity(const Quantity& q) {
  const i128 nano = 1'000'000'000;
  if (q.nanos == 0) return "0";
  if (q.format == Quantity::Format::binary_si && q.nanos % nano == 0) {
    i128 units = q.nanos / nano;
    static constexpr const char* kSuffix[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    int k = 0;
    while (k < 6 && units % 1024 == 0) {
      units /= 1024;
      ++k;
    }
    // Kubernetes keeps plain numbers below 1Ki in decimal form ("1000", not "1000").
    return i128_to_string(units) + kSuffix[k];
  }
  static constexpr const char* kDecimal[] = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
  i128 v = q.nanos;
  int k = 0;  // index into kDecimal
  while (k < 9 && v % 1000 == 0) {
    v /= 1000;
    ++k;
  }
  return i128_to_string(v) + kDecimal[k];
}

int compare_quantity(const Quantity& a, const Quantity& b) {
  return a.nanos < b.nanos ? -1 : (a.nanos > b.nanos ? 1 : 0);
}

// ---------------------------------------------------------------- duration

std::optional<std::int64_t> parse_duration(std::string_view text) {
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    negative = text[i] == '-';
    ++i;
  }
  if (text.substr(i) == "0") return 0;
  if (i >= text.size()) return std::nullopt;
  i128 total = 0;
  const i128 limit = static_cast<i128>(std::numeric_limits<std::int64_t>::max()) + 1;
  while (i < text.size()) {
    i128 whole = 0, frac = 0, frac_scale = 1;
    std::size_t start = i;
    while (i < text.size() && is_digit(text[i])) {
      whole = whole * 10 + (text[i] - '0');
      if (whole > limit) return std::nullopt;
      ++i;
    }
    bool had_whole = i > start;
    bool had_frac = false;
    if (i < text.size() && text[i] == '.') {
      ++i;
      while (i < text.size() && is_digit(text[i])) {
        if (frac_scale < static_cast<i128>(1'000'000'000'000'000'000LL)) {
          frac = frac * 10 + (text[i] - '0');
          frac_scale *= 10;
        }
        had_frac = true;
        ++i;
      }
    }
    if (!had_whole && !had_frac) return std::nullopt;
    std::size_t unit_start = i;
    while (i < text.size() && !is_digit(text[i]) && text[i] != '.') ++i;
    std::string_view unit = text.substr(unit_start, i - unit_start);
    i128 scale;
    if (unit == "ns") {
      scale = 1;
    } else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") {
      scale = 1'000;
    } else if (unit == "ms") {
      scale = 1'000'000;
    } else if (unit == "s") {
      scale = kNanosPerSecond;
    } else if (unit == "m") {
      scale = 60 * static_cast<i128>(kNanosPerSecond);
    } else if (unit == "h") {
      scale = 3600 * static_cast<i128>(kNanosPerSecond);
    } else if (unit == "d") {
      scale = 86400 * static_cast<i128>(kNanosPerSecond);
    } else if (unit == "w") {
      scale = 7 * 86400 * static_cast<i128>(kNanosPerSecond);
    } else {
      return std::nullopt;  // missing or unknown unit
    }
    total += whole * scale + frac * scale / frac_scale;
    if (total > limit) return std::nullopt;
  }
  if (!negative && total == limit) return std::nullopt;
  return static_cast<std::int64_t>(negative ? -total : total);
}

std::string format_duration(std::int64_t nanos) {
  if (nanos == 0) return "0s";
  std::string out;
  unsigned __int128 n;
  if (nanos < 0) {
    out = "-";
    n = static_cast<unsigned __int128>(-(static_cast<i128>(nanos)));
  } else {
    n = static_cast<unsigned __int128>(nanos);
  }
  auto num = [](unsigned __int128 v) { return i128_to_string(static_cast<i128>(v)); };
  const unsigned __int128 second = kNanosPerSecond;
  if (n < second) {
    // Sub-second durations use the largest unit that keeps them whole.
    if (n % 1'000'000 == 0) return out + num(n / 1'000'000) + "ms";
    if (n % 1'000 == 0) return out + num(n / 1'000) + "us";
    return out + num(n) + "ns";
  }
  unsigned __int128 days = n / (86400 * second);
  n %= 86400 * second;
  unsigned __int128 hours = n / (3600 * second);
  n %= 3600 * second;
  unsigned __int128 minutes = n / (60 * second);
  n %= 60 * second;
  if (days) out += num(days) + "d";
  if (hours) out += num(hours) + "h";
  if (minutes) out += num(minutes) + "m";
  if (n) {
    out += num(n / second);
    unsigned __int128 frac = n % second;
    if (frac) {
      std::string f = num(frac);
      f.insert(f.begin(), 9 - f.size(), '0');
      while (!f.empty() && f.back() == '0') f.pop_back();
      out += "." + f;
    }
    out += "s";
  }
  return out;
}

// ---------------------------------------------------------------- timestamp

// Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic
// Gregorian date.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

CivilTime to_civil(std::int64_t seconds) {
  std::int64_t days = seconds / 86400;
  std::int64_t rem = seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  CivilTime c{};
  c.hour = static_cast<int>(rem / 3600);
  c.minute = static_cast<int>(rem % 3600 / 60);
  c.second = static_cast<int>(rem % 60);
  c.day_of_week = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday (4)
  std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  c.year = y + (m <= 2);
  c.month = static_cast<int>(m);
  c.day = static_cast<int>(d);
  c.day_of_year = static_cast<int>(days - days_from_civil(c.year, 1, 1));
  return c;
}

namespace {

bool read_fixed(std::string_view s, std::size_t& i, int width, int& out) {
  out = 0;
  for (int k = 0; k < width; ++k) {
    if (i >= s.size() || !is_digit(s[i])) return false;
    out = out * 10 + (s[i] - '0');
    ++i;
  }
  return true;
}

bool valid_date(int y, int m, int d) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  return d <= max;
}

bool read_date(std::string_view s, std::size_t& i, int& y, int& m, int& d) {
  return read_fixed(s, i, 4, y) && i < s.size() && s[i++] == '-' && read_fixed(s, i, 2, m) &&
         i < s.size() && s[i++] == '-' && read_fixed(s, i, 2, d) && valid_date(y, m, d);
}

}  // namespace

std::optional<Timestamp> parse_timestamp(std::string_view s) {
  std::size_t i = 0;
  int y, mo, d, h, mi, sec;
  if (!read_date(s, i, y, mo, d)) return std::nullopt;
  if (i >= s.size() || (s[i] != 'T' && s[i] != 't' && s[i] != ' ')) return std::nullopt;
  ++i;
  if (!read_fixed(s, i, 2, h) || i >= s.size() || s[i++] != ':' || !read_fixed(s, i, 2, mi) ||
      i >= s.size() || s[i++] != ':' || !read_fixed(s, i, 2, sec)) {
    return std::nullopt;
  }
  if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  if (sec == 60) sec = 59;  // leap second: clamp like most RFC 3339 parsers
  std::int32_t nanos = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    int digits = 0;
    while (i < s.size() && is_digit(s[i])) {
      if (digits < 9) {
        nanos = nanos * 10 + (s[i] - '0');
        ++digits;
      }
      ++i;
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 9; ++digits) nanos *= 10;
  }
  if (i >= s.size()) return std::nullopt;
  std::int64_t offset = 0;
  if (s[i] == 'Z' || s[i] == 'z') {
    ++i;
  } else if (s[i] == '+' || s[i] == '-') {
    int sign = s[i] == '-' ? -1 : 1;
    ++i;
    int oh, om;
    if (!read_fixed(s, i, 2, oh) || i >= s.size() || s[i++] != ':' || !read_fixed(s, i, 2, om) ||
        oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset = sign * (oh * 3600 + om * 60);
  } else {
    return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  Timestamp t;
  t.seconds = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
              h * 3600 + mi * 60 + sec - offset;
  t.nanos = nanos;
  return t;
}

std::optional<Timestamp> parse_date(std::string_view s) {
  std::size_t i = 0;
  int y, m, d;
  if (!read_date(s, i, y, m, d) || i != s.size()) return std::nullopt;
  Timestamp t;
  t.seconds = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * 86400;
  return t;
}

bool timestamp_in_range(const Timestamp& t) {
  // 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999999Z, as in CEL.
  return t.seconds >= -62135596800LL && t.seconds <= 253402300799LL;
}

std::string format_timestamp(const Timestamp& t) {
  CivilTime c = to_civil(t.seconds);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d", static_cast<long long>(c.year),
                c.month, c.day, c.hour, c.minute, c.second);
  std::string out = buf;
  if (t.nanos != 0) {
    // Like protobuf's JSON: 3, 6 or 9 fractional digits.
    char frac[16];
    if (t.nanos % 1'000'000 == 0) {
      std::snprintf(frac, sizeof frac, ".%03d", t.nanos / 1'000'000);
    } else if (t.nanos % 1'000 == 0) {
      std::snprintf(frac, sizeof frac, ".%06d", t.nanos / 1'000);
    } else {
      std::snprintf(frac, sizeof frac, ".%09d", t.nanos);
    }
    out += frac;
  }
  return out + "Z";
}

// ---------------------------------------------------------------- semver

std::optional<Semver> parse_semver(std::string_view text) {
  std::string_view s = text;
  if (!s.empty() && (s[0] == 'v' || s[0] == 'V')) s.remove_prefix(1);
  if (auto plus = s.find('+'); plus != std::string_view::npos) {
    std::string_view build = s.substr(plus + 1);
    if (build.empty()) return std::nullopt;
    s = s.substr(0, plus);
  }
  std::string_view pre;
  if (auto dash = s.find('-'); dash != std::string_view::npos) {
    pre = s.substr(dash + 1);
    if (pre.empty()) return std::nullopt;
    s = s.substr(0, dash);
  }
  Semver v;
  std::uint64_t* parts[] = {&v.major, &v.minor, &v.patch};
  int count = 0;
  std::size_t i = 0;
  while (true) {
    if (count == 3 || i >= s.size() || !is_digit(s[i])) return std::nullopt;
    std::uint64_t n = 0;
    while (i < s.size() && is_digit(s[i])) {
      if (n > (std::numeric_limits<std::uint64_t>::max() - 9) / 10) return std::nullopt;
      n = n * 10 + static_cast<std::uint64_t>(s[i] - '0');
      ++i;
    }
    *parts[count++] = n;
    if (i == s.size()) break;
    if (s[i] != '.') return std::nullopt;
    ++i;
  }
  while (!pre.empty()) {
    auto dot = pre.find('.');
    std::string_view id = pre.substr(0, dot);
    if (id.empty()) return std::nullopt;
    for (char c : id) {
      bool ok = is_digit(c) || c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!ok) return std::nullopt;
    }
    v.prerelease.emplace_back(id);
    if (dot == std::string_view::npos) break;
    pre = pre.substr(dot + 1);
    if (pre.empty()) return std::nullopt;
  }
  v.text = std::to_string(v.major) + "." + std::to_string(v.minor) + "." + std::to_string(v.patch);
  for (std::size_t k = 0; k < v.prerelease.size(); ++k) {
    v.text += (k == 0 ? "-" : ".") + v.prerelease[k];
  }
  return v;
}

int compare_semver(const Semver& a, const Semver& b) {
  auto cmp = [](std::uint64_t x, std::uint64_t y) { return x < y ? -1 : (x > y ? 1 : 0); };
  if (int c = cmp(a.major, b.major)) return c;
  if (int c = cmp(a.minor, b.minor)) return c;
  if (int c = cmp(a.patch, b.patch)) return c;
  // A pre-release sorts before the release it precedes.
  if (a.prerelease.empty() || b.prerelease.empty()) {
    return a.prerelease.empty() == b.prerelease.empty() ? 0 : (a.prerelease.empty() ? 1 : -1);
  }
  auto numeric = [](const std::string& s) {
    for (char c : s) {
      if (!is_digit(c)) return false;
    }
    return true;
  };
  for (std::size_t i = 0; i < a.prerelease.size() && i < b.prerelease.size(); ++i) {
    const std::string& x = a.prerelease[i];
    const std::string& y = b.prerelease[i];
    bool nx = numeric(x), ny = numeric(y);
    if (nx && ny) {
      // Compare numerically without overflow: longer (without leading zeros) is larger.
      std::string_view vx = x, vy = y;
      while (vx.size() > 1 && vx[0] == '0') vx.remove_prefix(1);
      while (vy.size() > 1 && vy[0] == '0') vy.remove_prefix(1);
      if (vx.size() != vy.size()) return vx.size() < vy.size() ? -1 : 1;
      if (int c = vx.compare(vy)) return c < 0 ? -1 : 1;
    } else if (nx != ny) {
      return nx ? -1 : 1;  // numeric identifiers have lower precedence
    } else if (int c = x.compare(y)) {
      return c < 0 ? -1 : 1;
    }
  }
  return cmp(a.prerelease.size(), b.prerelease.size());
}

}  // namespace golive::expr
