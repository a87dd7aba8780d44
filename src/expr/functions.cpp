#include "expr/functions.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <unordered_map>

#include "expr/ast.hpp"
#include "expr/evaluator.hpp"
#include "expr/utf8.hpp"

namespace golive::expr {

namespace {

#define FN(name) Value name(EvalContext& ctx, const Node& call, const Value* a, std::size_t n)
#define UNUSED_FN_ARGS \
  (void)ctx;           \
  (void)call

Value fail_overload(const Node& call, const Value* a, std::size_t n) {
  return no_overload(call.name, a, n);
}

std::string quoted(std::string_view s) {
  return "'" + std::string(s) + "'";
}

// ------------------------------------------------------------ size

FN(fn_size) {
  UNUSED_FN_ARGS;
  if (n == 1) {
    switch (a[0].kind) {
      case Kind::string:
        return Value::integer(static_cast<std::int64_t>(utf8_length(a[0].text)));
      case Kind::bytes:
        return Value::integer(static_cast<std::int64_t>(a[0].text.size()));
      case Kind::list:
        return Value::integer(static_cast<std::int64_t>(list_size(a[0])));
      case Kind::map:
        return Value::integer(static_cast<std::int64_t>(map_size(a[0])));
      default:
        break;
    }
  }
  return fail_overload(call, a, n);
}

// ------------------------------------------------------------ strings

bool all_strings(const Value* a, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i].kind != Kind::string) return false;
  }
  return true;
}

FN(fn_starts_with) {
  UNUSED_FN_ARGS;
  if (n != 2 || !all_strings(a, 2)) return fail_overload(call, a, n);
  return Value::boolean(a[0].text.substr(0, a[1].text.size()) == a[1].text);
}

FN(fn_ends_with) {
  UNUSED_FN_ARGS;
  if (n != 2 || !all_strings(a, 2)) return fail_overload(call, a, n);
  const auto& s = a[0].text;
  const auto& suffix = a[1].text;
  return Value::boolean(s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix);
}

FN(fn_contains) {
  UNUSED_FN_ARGS;
  if (n != 2 || !all_strings(a, 2)) return fail_overload(call, a, n);
  return Value::boolean(a[0].text.find(a[1].text) != std::string_view::npos);
}

struct RegexCache {
  std::mutex mutex;
  std::unordered_map<std::string, std::shared_ptr<const re2::RE2>> entries;
};

FN(fn_matches) {
  UNUSED_FN_ARGS;
  if (n != 2 || !all_strings(a, 2)) return fail_overload(call, a, n);
  std::shared_ptr<const re2::RE2> re = call.regex;
  if (!re) {
    // Patterns computed at run time are compiled once and cached.
    static RegexCache cache;
    std::string key(a[1].text);
    {
      std::lock_guard<std::mutex> lock(cache.mutex);
      auto it = cache.entries.find(key);
      if (it != cache.entries.end()) re = it->second;
    }
    if (!re) {
      std::string error;
      re = compile_regex(a[1].text, error);
      if (!re) return Value::error(error);
      std::lock_guard<std::mutex> lock(cache.mutex);
      if (cache.entries.size() >= 256) cache.entries.clear();
      cache.entries.emplace(std::move(key), re);
    }
  }
  re2::StringPiece text(a[0].text.data(), a[0].text.size());
  return Value::boolean(re2::RE2::PartialMatch(text, *re));
}

FN(fn_lower_ascii) {
  UNUSED_FN_ARGS;
  if (n != 1 || a[0].kind != Kind::string) return fail_overload(call, a, n);
  std::string s(a[0].text);
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return Value::owned_string(std::move(s));
}

FN(fn_upper_ascii) {
  UNUSED_FN_ARGS;
  if (n != 1 || a[0].kind != Kind::string) return fail_overload(call, a, n);
  std::string s(a[0].text);
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return Value::owned_string(std::move(s));
}

FN(fn_trim) {
  UNUSED_FN_ARGS;
  if (n != 1 || a[0].kind != Kind::string) return fail_overload(call, a, n);
  std::string_view s = a[0].text;
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  Value v = a[0];
  v.text = s;  // a view into the same storage
  v.path = nullptr;
  return v;
}

FN(fn_split) {
  UNUSED_FN_ARGS;
  if (n < 2 || n > 3 || !all_strings(a, 2) || (n == 3 && a[2].kind != Kind::integer)) {
    return fail_overload(call, a, n);
  }
  std::int64_t limit = n == 3 ? a[2].num.i : -1;
  std::vector<Value> parts;
  if (limit == 0) return Value::list({});
  std::string_view s = a[0].text, sep = a[1].text;
  if (sep.empty()) {
    // Split into code points.
    std::size_t i = 0;
    while (i < s.size()) {
      if (limit > 0 && static_cast<std::int64_t>(parts.size()) == limit - 1) {
        parts.push_back(Value::owned_string(std::string(s.substr(i))));
        return Value::list(std::move(parts));
      }
      std::size_t j = i + 1;
      while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
      parts.push_back(Value::owned_string(std::string(s.substr(i, j - i))));
      i = j;
    }
    return Value::list(std::move(parts));
  }
  while (true) {
    if (limit > 0 && static_cast<std::int64_t>(parts.size()) == limit - 1) break;
    auto pos = s.find(sep);
    if (pos == std::string_view::npos) break;
    parts.push_back(Value::owned_string(std::string(s.substr(0, pos))));
    s.remove_prefix(pos + sep.size());
  }
  parts.push_back(Value::owned_string(std::string(s)));
  return Value::list(std::move(parts));
}

FN(fn_join) {
  UNUSED_FN_ARGS;
  if (n < 1 || n > 2 || a[0].kind != Kind::list || (n == 2 && a[1].kind != Kind::string)) {
    return fail_overload(call, a, n);
  }
  std::string_view sep = n == 2 ? a[1].text : std::string_view{};
  std::string out;
  std::size_t size = list_size(a[0]);
  for (std::size_t i = 0; i < size; ++i) {
    Value item = list_at(a[0], i, ctx.arena);
    if (item.kind != Kind::string) {
      return Value::error("join() needs a list of strings, found " +
                          std::string(type_name(item.kind)) + " at index " + std::to_string(i));
    }
    if (i) out += sep;
    out += item.text;
  }
  return Value::owned_string(std::move(out));
}

// args.flagValue('--workers'): the value a command line gives an option,
// written `--workers=4` or `--workers 4`; the last one wins, as in most
// option parsers (Odoo's optparse among them). null when the option is
// absent, '' for `--name=` or a trailing `--name` with nothing after it.
FN(fn_flag_value) {
  UNUSED_FN_ARGS;
  if (n != 2 || a[0].kind != Kind::list || a[1].kind != Kind::string)
    return fail_overload(call, a, n);
  const std::string_view name = a[1].text;
  if (name.empty()) return Value::error("flagValue() needs an option name such as '--workers'");
  Value found = Value::null();
  const std::size_t size = list_size(a[0]);
  for (std::size_t i = 0; i < size; ++i) {
    Value item = list_at(a[0], i, ctx.arena);
    if (item.kind == Kind::error || item.kind == Kind::unknown) return item;
    if (item.kind != Kind::string) continue;
    const std::string_view text = item.text;
    if (text == name) {
      if (i + 1 < size) {
        Value next = list_at(a[0], i + 1, ctx.arena);
        if (next.kind == Kind::error || next.kind == Kind::unknown) return next;
        found = next.kind == Kind::string ? next : Value::owned_string("");
        ++i;
      } else {
        found = Value::owned_string("");
      }
    } else if (text.size() > name.size() && text.substr(0, name.size()) == name &&
               text[name.size()] == '=') {
      found = Value::owned_string(std::string(text.substr(name.size() + 1)));
    }
  }
  return found;
}

// list.distinct(): the list without repeats, first occurrences in order
// (cel-go's lists extension). Quadratic, which is fine for the short lists
// rule messages name (namespaces, container names).
FN(fn_distinct) {
  UNUSED_FN_ARGS;
  if (n != 1 || a[0].kind != Kind::list) return fail_overload(call, a, n);
  std::vector<Value> kept;
  const std::size_t size = list_size(a[0]);
  for (std::size_t i = 0; i < size; ++i) {
    Value item = list_at(a[0], i, ctx.arena);
    if (item.kind == Kind::error || item.kind == Kind::unknown) return item;
    bool seen = false;
    for (const auto& earlier : kept)
      if (values_equal(earlier, item, ctx.arena)) {
        seen = true;
        break;
      }
    if (!seen) kept.push_back(std::move(item));
  }
  return Value::list(std::move(kept));
}

// list.sum(): the total of a list of ints, uints or doubles (one kind; 0 when
// empty), as in the Kubernetes CEL lists library. Node counts over pools,
// replicas over workloads. Overflow is an error, not a wrapped number.
FN(fn_sum) {
  UNUSED_FN_ARGS;
  if (n != 1 || a[0].kind != Kind::list) return fail_overload(call, a, n);
  const std::size_t size = list_size(a[0]);
  std::int64_t total_int = 0;
  std::uint64_t total_uint = 0;
  double total_double = 0;
  Kind kind = Kind::integer;
  for (std::size_t i = 0; i < size; ++i) {
    Value item = list_at(a[0], i, ctx.arena);
    if (item.kind == Kind::error || item.kind == Kind::unknown) return item;
    if (!item.is_number() || (i > 0 && item.kind != kind))
      return Value::error("sum() needs a list of numbers of one type, found " +
                          std::string(type_name(item.kind)) + " at index " + std::to_string(i));
    kind = item.kind;
    if (kind == Kind::integer && __builtin_add_overflow(total_int, item.num.i, &total_int))
      return Value::error("sum(): integer overflow");
    if (kind == Kind::uinteger && __builtin_add_overflow(total_uint, item.num.u, &total_uint))
      return Value::error("sum(): unsigned integer overflow");
    if (kind == Kind::floating) total_double += item.num.d;
  }
  if (kind == Kind::uinteger) return Value::uinteger(total_uint);
  if (kind == Kind::floating) return Value::floating(total_double);
  return Value::integer(total_int);
}

FN(fn_replace) {
  UNUSED_FN_ARGS;
  if (n < 3 || n > 4 || !all_strings(a, 3) || (n == 4 && a[3].kind != Kind::integer)) {
    return fail_overload(call, a, n);
  }
  std::int64_t limit = n == 4 ? a[3].num.i : -1;
  std::string_view s = a[0].text, from = a[1].text, to = a[2].text;
  std::string out;
  std::int64_t count = 0;
  std::size_t i = 0;
  while (i <= s.size() && (limit < 0 || count < limit)) {
    std::size_t pos = s.find(from, i);
    if (pos == std::string_view::npos) break;
    out.append(s.substr(i, pos - i)).append(to);
    ++count;
    if (from.empty()) {
      // Empty pattern: insert between code points.
      if (pos >= s.size()) {
        i = s.size() + 1;
        break;
      }
      std::size_t j = pos + 1;
      while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
      out.append(s.substr(pos, j - pos));
      i = j;
    } else {
      i = pos + from.size();
    }
  }
  if (i <= s.size()) out.append(s.substr(i));
  return Value::owned_string(std::move(out));
}

// indexOf / lastIndexOf count code points, as CEL strings are code points.
FN(fn_index_of) {
  UNUSED_FN_ARGS;
  if (n < 2 || n > 3 || !all_strings(a, 2) || (n == 3 && a[2].kind != Kind::integer)) {
    return fail_overload(call, a, n);
  }
  std::string_view s = a[0].text, sub = a[1].text;
  std::int64_t start = n == 3 ? a[2].num.i : 0;
  auto length = static_cast<std::int64_t>(utf8_length(s));
  if (start < 0 || start > length) return Value::error("indexOf: start index out of range");
  std::size_t from = utf8_offset(s, static_cast<std::size_t>(start));
  std::size_t pos = s.find(sub, from);
  if (pos == std::string_view::npos) return Value::integer(-1);
  return Value::integer(static_cast<std::int64_t>(utf8_length(s.substr(0, pos))));
}

FN(fn_last_index_of) {
  UNUSED_FN_ARGS;
  if (n < 2 || n > 3 || !all_strings(a, 2) || (n == 3 && a[2].kind != Kind::integer)) {
    return fail_overload(call, a, n);
  }
  std::string_view s = a[0].text, sub = a[1].text;
  auto length = static_cast<std::int64_t>(utf8_length(s));
  std::int64_t start = n == 3 ? a[2].num.i : length;
  if (start < 0 || start > length) return Value::error("lastIndexOf: start index out of range");
  std::size_t limit = utf8_offset(s, static_cast<std::size_t>(start));
  std::size_t pos = s.rfind(sub, limit);
  if (pos == std::string_view::npos) return Value::integer(-1);
  return Value::integer(static_cast<std::int64_t>(utf8_length(s.substr(0, pos))));
}

FN(fn_substring) {
  UNUSED_FN_ARGS;
  if (n < 2 || n > 3 || a[0].kind != Kind::string || a[1].kind != Kind::integer ||
      (n == 3 && a[2].kind != Kind::integer)) {
    return fail_overload(call, a, n);
  }
  std::string_view s = a[0].text;
  auto length = static_cast<std::int64_t>(utf8_length(s));
  std::int64_t begin = a[1].num.i, end = n == 3 ? a[2].num.i : length;
  if (begin < 0 || end > length || begin > end) {
    return Value::error("substring: index out of range [" + std::to_string(begin) + ", " +
                        std::to_string(end) + ") for length " + std::to_string(length));
  }
  std::size_t b = utf8_offset(s, static_cast<std::size_t>(begin));
  std::size_t e = utf8_offset(s, static_cast<std::size_t>(end));
  return Value::owned_string(std::string(s.substr(b, e - b)));
}

FN(fn_char_at) {
  UNUSED_FN_ARGS;
  if (n != 2 || a[0].kind != Kind::string || a[1].kind != Kind::integer) {
    return fail_overload(call, a, n);
  }
  std::string_view s = a[0].text;
  auto length = static_cast<std::int64_t>(utf8_length(s));
  std::int64_t i = a[1].num.i;
  if (i < 0 || i > length) return Value::error("charAt: index out of range");
  std::size_t b = utf8_offset(s, static_cast<std::size_t>(i));
  std::size_t e = utf8_offset(s, static_cast<std::size_t>(i) + 1);
  return Value::owned_string(std::string(s.substr(b, e - b)));
}

// ------------------------------------------------------------ conversions

std::optional<std::int64_t> parse_int(std::string_view s) {
  if (s.empty() || s.size() > 64) return std::nullopt;
  std::string t(s);
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(t.c_str(), &end, 10);
  if (errno == ERANGE || end != t.c_str() + t.size() ||
      std::isspace(static_cast<unsigned char>(t[0]))) {
    return std::nullopt;
  }
  return v;
}

FN(fn_int) {
  UNUSED_FN_ARGS;
  if (n != 1) return fail_overload(call, a, n);
  const Value& v = a[0];
  switch (v.kind) {
    case Kind::integer:
      return Value::integer(v.num.i);
    case Kind::uinteger:
      if (v.num.u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return Value::error("int() range error: " + std::to_string(v.num.u) +
                            " does not fit in int");
      }
      return Value::integer(static_cast<std::int64_t>(v.num.u));
    case Kind::floating:
      // The open interval (-2^63, 2^63): both ends are rejected, as in CEL.
      if (std::isnan(v.num.d) || v.num.d <= -9223372036854775808.0 ||
          v.num.d >= 9223372036854775808.0) {
        return Value::error("int() range error: " + format_double(v.num.d) +
                            " does not fit in int");
      }
      return Value::integer(static_cast<std::int64_t>(v.num.d));
    case Kind::string: {
      auto i = parse_int(v.text);
      if (!i) return Value::error("int() cannot convert " + quoted(v.text) + " to an int");
      return Value::integer(*i);
    }
    case Kind::timestamp:
      return Value::integer(v.num.i);
    case Kind::duration:
      return Value::integer(v.num.i);
    default:
      return fail_overload(call, a, n);
  }
}

FN(fn_uint) {
  UNUSED_FN_ARGS;
  if (n != 1) return fail_overload(call, a, n);
  const Value& v = a[0];
  switch (v.kind) {
    case Kind::uinteger:
      return v;
    case Kind::integer:
      if (v.num.i < 0)
        return Value::error("uint() range error: " + std::to_string(v.num.i) + " is negative");
      return Value::uinteger(static_cast<std::uint64_t>(v.num.i));
    case Kind::floating:
      if (std::isnan(v.num.d) || v.num.d < 0 || v.num.d >= 18446744073709551616.0) {
        return Value::error("uint() range error: " + format_double(v.num.d) +
                            " does not fit in uint");
      }
      return Value::uinteger(static_cast<std::uint64_t>(v.num.d));
    case Kind::string: {
      std::string t(v.text);
      errno = 0;
      char* end = nullptr;
      unsigned long long u = std::strtoull(t.c_str(), &end, 10);
      if (t.empty() || t[0] == '-' || t[0] == '+' || errno == ERANGE ||
          end != t.c_str() + t.size()) {
        return Value::error("uint() cannot convert " + quoted(v.text) + " to a uint");
      }
      return Value::uinteger(u);
    }
    default:
      return fail_overload(call, a, n);
  }
}

FN(fn_double) {
  UNUSED_FN_ARGS;
  if (n != 1) return fail_overload(call, a, n);
  const Value& v = a[0];
  switch (v.kind) {
    case Kind::floating:
      return v;
    case Kind::integer:
      return Value::floating(static_cast<double>(v.num.i));
    case Kind::uinteger:
      return Value::floating(static_cast<double>(v.num.u));
    case Kind::string: {
      std::string t(v.text);
      char* end = nullptr;
      double d = std::strtod(t.c_str(), &end);
      if (t.empty() || end != t.c_str() + t.size() ||
          std::isspace(static_cast<unsigned char>(t[0]))) {
        return Value::error("double() cannot convert " + quoted(v.text) + " to a double");
      }
      return Value::floating(d);
    }
    case Kind::quantity:
      return Value::floating(
          static_cast<double>(static_cast<long double>(v.as_quantity().nanos) / 1e9L));
    default:
      return fail_overload(call, a, n);
  }
}

FN(fn_string) {
  UNUSED_FN_ARGS;
  if (n != 1) return fail_overload(call, a, n);
  const Value& v = a[0];
  switch (v.kind) {
    case Kind::string:
      return v;
    case Kind::integer:
      return Value::owned_string(std::to_string(v.num.i));
    case Kind::uinteger:
      return Value::owned_string(std::to_string(v.num.u));
    case Kind::floating:
      return Value::owned_string(format_double(v.num.d));
    case Kind::boolean:
      return Value::borrowed_string(v.num.b ? "true" : "false");
    case Kind::bytes:
      if (!valid_utf8(v.text)) return Value::error("string() of bytes that are invalid UTF-8");
      return Value::owned_string(std::string(v.text));
    case Kind::duration:
      return Value::owned_string(format_duration(v.num.i));
    case Kind::timestamp:
      return Value::owned_string(format_timestamp(v.as_timestamp()));
    case Kind::quantity:
      return Value::owned_string(format_quantity(v.as_quantity()));
    case Kind::semver:
      return Value::owned_string(v.as_semver().text);
    case Kind::type:
      return Value::borrowed_string(v.text);
    case Kind::null_value:
      return Value::borrowed_string("null");
    default:
      return fail_overload(call, a, n);
  }
}

FN(fn_bool) {
  UNUSED_FN_ARGS;
  if (n != 1) return fail_overload(call, a, n);
  const Value& v = a[0];
  if (v.kind == Kind::boolean) return v;
  if (v.kind == Kind::string) {
    std::string_view s = v.text;
    if (s == "1" || s == "t" || s == "true" || s == "TRUE" || s == "True")
      return Value::boolean(true);
    if (s == "0" || s == "f" || s == "false" || s == "FALSE" || s == "False") {
      return Value::boolean(false);
    }
    return Value::error("bool() type conversion error: cannot convert " + quoted(s) + " to a bool");
  }
  return fail_overload(call, a, n);
}

FN(fn_bytes) {
  UNUSED_FN_ARGS;
  if (n != 1) return fail_overload(call, a, n);
  if (a[0].kind == Kind::bytes) return a[0];
  if (a[0].kind == Kind::string) return Value::owned_string(std::string(a[0].text), Kind::bytes);
  return fail_overload(call, a, n);
}

FN(fn_dyn) {
  UNUSED_FN_ARGS;
  if (n != 1) return fail_overload(call, a, n);
  return a[0];
}

// unknown('why'): an explicit unknown whose missing fact is `why`, for a rule
// that knows a value cannot be established (no Deployment runs Odoo, say).
FN(fn_unknown) {
  UNUSED_FN_ARGS;
  if (n != 1 || a[0].kind != Kind::string) return fail_overload(call, a, n);
  return Value::unknown(std::string(a[0].text));
}

FN(fn_type) {
  UNUSED_FN_ARGS;
  if (n != 1) return fail_overload(call, a, n);
  return Value::type(type_name(a[0].kind));
}

// ------------------------------------------------------------ domain constructors

FN(fn_duration) {
  UNUSED_FN_ARGS;
  if (n != 1) return fail_overload(call, a, n);
  if (a[0].kind == Kind::duration) return a[0];
  if (a[0].kind != Kind::string) return fail_overload(call, a, n);
  auto d = parse_duration(a[0].text);
  if (!d) {
    return Value::error("invalid duration " + quoted(a[0].text) +
                        ": expected a number and a unit, like '90d', '1h30m' or '300ms'");
  }
  return Value::duration(*d);
}

FN(fn_timestamp) {
  UNUSED_FN_ARGS;
  if (n != 1) return fail_overload(call, a, n);
  if (a[0].kind == Kind::timestamp) return a[0];
  if (a[0].kind == Kind::integer) {
    Timestamp t{a[0].num.i, 0};
    if (!timestamp_in_range(t)) return Value::error("timestamp out of range");
    return Value::timestamp(t);
  }
  if (a[0].kind != Kind::string) return fail_overload(call, a, n);
  auto t = parse_timestamp(a[0].text);
  if (!t) {
    return Value::error("invalid timestamp " + quoted(a[0].text) +
                        ": expected RFC 3339, like '2026-01-31T10:00:00Z'");
  }
  if (!timestamp_in_range(*t)) return Value::error("timestamp out of range: " + quoted(a[0].text));
  return Value::timestamp(*t);
}

FN(fn_date) {
  UNUSED_FN_ARGS;
  if (n != 1 || a[0].kind != Kind::string) return fail_overload(call, a, n);
  auto t = parse_date(a[0].text);
  if (!t) return Value::error("invalid date " + quoted(a[0].text) + ": expected YYYY-MM-DD");
  if (!timestamp_in_range(*t)) return Value::error("date out of range: " + quoted(a[0].text));
  return Value::timestamp(*t);
}

FN(fn_quantity) {
  UNUSED_FN_ARGS;
  if (n != 1) return fail_overload(call, a, n);
  if (a[0].kind == Kind::quantity) return a[0];
  if (a[0].kind == Kind::integer) {
    return Value::quantity(
        Quantity{static_cast<__int128>(a[0].num.i) * 1'000'000'000, Quantity::Format::decimal_si});
  }
  if (a[0].kind != Kind::string) return fail_overload(call, a, n);
  auto q = parse_quantity(a[0].text);
  if (!q) {
    return Value::error("invalid quantity " + quoted(a[0].text) +
                        ": expected a number with an optional suffix, like '512Mi', '500m' or '2'");
  }
  return Value::quantity(*q);
}

FN(fn_is_quantity) {
  UNUSED_FN_ARGS;
  if (n != 1 || a[0].kind != Kind::string) return fail_overload(call, a, n);
  return Value::boolean(parse_quantity(a[0].text).has_value());
}

FN(fn_semver) {
  UNUSED_FN_ARGS;
  if (n != 1) return fail_overload(call, a, n);
  if (a[0].kind == Kind::semver) return a[0];
  if (a[0].kind != Kind::string) return fail_overload(call, a, n);
  auto v = parse_semver(a[0].text);
  if (!v) {
    return Value::error("invalid semantic version " + quoted(a[0].text) +
                        ": expected MAJOR[.MINOR[.PATCH]][-PRERELEASE], like '1.29.3'");
  }
  return Value::semver(std::move(*v));
}

FN(fn_is_semver) {
  UNUSED_FN_ARGS;
  if (n != 1 || a[0].kind != Kind::string) return fail_overload(call, a, n);
  return Value::boolean(parse_semver(a[0].text).has_value());
}

// ------------------------------------------------------------ quantity & semver methods

// Brings a method argument to the receiver's domain type: quantities and
// semvers also accept their text form (quantity.isLessThan('1Gi')), and
// quantities accept ints.
std::optional<Value> coerce_like(const Value& receiver, const Value& arg) {
  if (arg.kind == receiver.kind) return arg;
  if (receiver.kind == Kind::quantity) {
    if (arg.kind == Kind::string) {
      if (auto q = parse_quantity(arg.text)) return Value::quantity(*q);
    } else if (arg.kind == Kind::integer) {
      return Value::quantity(
          Quantity{static_cast<__int128>(arg.num.i) * 1'000'000'000, Quantity::Format::decimal_si});
    }
  } else if (receiver.kind == Kind::semver && arg.kind == Kind::string) {
    if (auto v = parse_semver(arg.text)) return Value::semver(std::move(*v));
  }
  return std::nullopt;
}

std::optional<int> compare_domain(const Value* a, std::size_t n) {
  if (n != 2 || (a[0].kind != Kind::quantity && a[0].kind != Kind::semver)) return std::nullopt;
  auto other = coerce_like(a[0], a[1]);
  if (!other) return std::nullopt;
  return a[0].kind == Kind::quantity ? compare_quantity(a[0].as_quantity(), other->as_quantity())
                                     : compare_semver(a[0].as_semver(), other->as_semver());
}

FN(fn_is_greater_than) {
  UNUSED_FN_ARGS;
  auto c = compare_domain(a, n);
  if (!c) return fail_overload(call, a, n);
  return Value::boolean(*c > 0);
}

FN(fn_is_less_than) {
  UNUSED_FN_ARGS;
  auto c = compare_domain(a, n);
  if (!c) return fail_overload(call, a, n);
  return Value::boolean(*c < 0);
}

FN(fn_compare_to) {
  UNUSED_FN_ARGS;
  auto c = compare_domain(a, n);
  if (!c) return fail_overload(call, a, n);
  return Value::integer(*c);
}

FN(fn_as_integer) {
  UNUSED_FN_ARGS;
  if (n != 1 || a[0].kind != Kind::quantity) return fail_overload(call, a, n);
  __int128 nanos = a[0].as_quantity().nanos;
  if (nanos % 1'000'000'000 != 0) {
    return Value::error("asInteger(): quantity " + format_quantity(a[0].as_quantity()) +
                        " is not a whole number");
  }
  __int128 units = nanos / 1'000'000'000;
  if (units > std::numeric_limits<std::int64_t>::max() ||
      units < std::numeric_limits<std::int64_t>::min()) {
    return Value::error("asInteger(): quantity does not fit in int");
  }
  return Value::integer(static_cast<std::int64_t>(units));
}

FN(fn_is_integer) {
  UNUSED_FN_ARGS;
  if (n != 1 || a[0].kind != Kind::quantity) return fail_overload(call, a, n);
  return Value::boolean(a[0].as_quantity().nanos % 1'000'000'000 == 0);
}

FN(fn_as_approximate_float) {
  UNUSED_FN_ARGS;
  if (n != 1 || a[0].kind != Kind::quantity) return fail_overload(call, a, n);
  return Value::floating(
      static_cast<double>(static_cast<long double>(a[0].as_quantity().nanos) / 1e9L));
}

FN(fn_sign) {
  UNUSED_FN_ARGS;
  if (n != 1 || a[0].kind != Kind::quantity) return fail_overload(call, a, n);
  __int128 v = a[0].as_quantity().nanos;
  return Value::integer(v > 0 ? 1 : (v < 0 ? -1 : 0));
}

Value quantity_add(const Node& call, const Value* a, std::size_t n, bool subtract) {
  if (n != 2 || a[0].kind != Kind::quantity) return fail_overload(call, a, n);
  auto other = coerce_like(a[0], a[1]);
  if (!other) return fail_overload(call, a, n);
  Quantity q = a[0].as_quantity();
  q.nanos += subtract ? -other->as_quantity().nanos : other->as_quantity().nanos;
  return Value::quantity(q);
}

FN(fn_add) {
  UNUSED_FN_ARGS;
  return quantity_add(call, a, n, false);
}

FN(fn_sub) {
  UNUSED_FN_ARGS;
  return quantity_add(call, a, n, true);
}

FN(fn_major) {
  UNUSED_FN_ARGS;
  if (n != 1 || a[0].kind != Kind::semver) return fail_overload(call, a, n);
  return Value::integer(static_cast<std::int64_t>(a[0].as_semver().major));
}

FN(fn_minor) {
  UNUSED_FN_ARGS;
  if (n != 1 || a[0].kind != Kind::semver) return fail_overload(call, a, n);
  return Value::integer(static_cast<std::int64_t>(a[0].as_semver().minor));
}

FN(fn_patch) {
  UNUSED_FN_ARGS;
  if (n != 1 || a[0].kind != Kind::semver) return fail_overload(call, a, n);
  return Value::integer(static_cast<std::int64_t>(a[0].as_semver().patch));
}

// ------------------------------------------------------------ duration & timestamp accessors

// Applies the optional time zone argument of timestamp accessors. Only UTC
// and fixed offsets ("+02:00") are supported: golive has no tz database.
std::optional<std::int64_t> zone_offset(std::string_view tz) {
  if (tz == "UTC" || tz == "Z" || tz == "Etc/UTC" || tz == "GMT") return 0;
  if (tz.size() == 6 && (tz[0] == '+' || tz[0] == '-') && tz[3] == ':') {
    auto digit = [&](std::size_t i) { return tz[i] >= '0' && tz[i] <= '9'; };
    if (!digit(1) || !digit(2) || !digit(4) || !digit(5)) return std::nullopt;
    std::int64_t h = (tz[1] - '0') * 10 + (tz[2] - '0');
    std::int64_t m = (tz[4] - '0') * 10 + (tz[5] - '0');
    return (tz[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
  }
  return std::nullopt;
}

enum class Part {
  year,
  month,
  day_of_month,
  date,
  day_of_week,
  day_of_year,
  hours,
  minutes,
  seconds,
  millis
};

Value timestamp_part(const Node& call, const Value* a, std::size_t n, Part part) {
  if (n < 1 || n > 2 || (n == 2 && a[1].kind != Kind::string)) return fail_overload(call, a, n);
  std::int64_t secs = a[0].num.i;
  if (n == 2) {
    auto off = zone_offset(a[1].text);
    if (!off) {
      return Value::error("unsupported time zone " + quoted(a[1].text) +
                          "; use 'UTC' or a fixed offset like '+02:00'");
    }
    secs += *off;
  }
  CivilTime c = to_civil(secs);
  switch (part) {
    case Part::year:
      return Value::integer(c.year);
    case Part::month:
      return Value::integer(c.month - 1);
    case Part::day_of_month:
      return Value::integer(c.day - 1);
    case Part::date:
      return Value::integer(c.day);
    case Part::day_of_week:
      return Value::integer(c.day_of_week);
    case Part::day_of_year:
      return Value::integer(c.day_of_year);
    case Part::hours:
      return Value::integer(c.hour);
    case Part::minutes:
      return Value::integer(c.minute);
    case Part::seconds:
      return Value::integer(c.second);
    case Part::millis:
      return Value::integer(a[0].nanos / 1'000'000);
  }
  return fail_overload(call, a, n);
}

Value time_part(const Node& call, const Value* a, std::size_t n, Part part) {
  if (n >= 1 && a[0].kind == Kind::timestamp) return timestamp_part(call, a, n, part);
  if (n == 1 && a[0].kind == Kind::duration) {
    std::int64_t d = a[0].num.i;
    switch (part) {
      case Part::hours:
        return Value::integer(d / (3600 * kNanosPerSecond));
      case Part::minutes:
        return Value::integer(d / (60 * kNanosPerSecond));
      case Part::seconds:
        return Value::integer(d / kNanosPerSecond);
      case Part::millis:
        return Value::integer(d / 1'000'000);
      default:
        break;
    }
  }
  return fail_overload(call, a, n);
}

FN(fn_get_full_year) {
  UNUSED_FN_ARGS;
  return n >= 1 && a[0].kind == Kind::timestamp ? timestamp_part(call, a, n, Part::year)
                                                : fail_overload(call, a, n);
}
FN(fn_get_month) {
  UNUSED_FN_ARGS;
  return n >= 1 && a[0].kind == Kind::timestamp ? timestamp_part(call, a, n, Part::month)
                                                : fail_overload(call, a, n);
}
FN(fn_get_day_of_month) {
  UNUSED_FN_ARGS;
  return n >= 1 && a[0].kind == Kind::timestamp ? timestamp_part(call, a, n, Part::day_of_month)
                                                : fail_overload(call, a, n);
}
FN(fn_get_date) {
  UNUSED_FN_ARGS;
  return n >= 1 && a[0].kind == Kind::timestamp ? timestamp_part(call, a, n, Part::date)
                                                : fail_overload(call, a, n);
}
FN(fn_get_day_of_week) {
  UNUSED_FN_ARGS;
  return n >= 1 && a[0].kind == Kind::timestamp ? timestamp_part(call, a, n, Part::day_of_week)
                                                : fail_overload(call, a, n);
}
FN(fn_get_day_of_year) {
  UNUSED_FN_ARGS;
  return n >= 1 && a[0].kind == Kind::timestamp ? timestamp_part(call, a, n, Part::day_of_year)
                                                : fail_overload(call, a, n);
}
FN(fn_get_hours) {
  UNUSED_FN_ARGS;
  return time_part(call, a, n, Part::hours);
}
FN(fn_get_minutes) {
  UNUSED_FN_ARGS;
  return time_part(call, a, n, Part::minutes);
}
FN(fn_get_seconds) {
  UNUSED_FN_ARGS;
  return time_part(call, a, n, Part::seconds);
}
FN(fn_get_milliseconds) {
  UNUSED_FN_ARGS;
  return time_part(call, a, n, Part::millis);
}

FN(fn_in_days) {
  UNUSED_FN_ARGS;
  if (n != 1 || a[0].kind != Kind::duration) return fail_overload(call, a, n);
  return Value::integer(a[0].num.i / (86400 * kNanosPerSecond));
}

#undef FN
#undef UNUSED_FN_ARGS

// clang-format off
constexpr FunctionDef kFunctions[] = {
    // name                 global receiver min max impl
    {"size",                true,  true,  1, 1, fn_size},
    {"startsWith",          false, true,  2, 2, fn_starts_with},
    {"endsWith",            false, true,  2, 2, fn_ends_with},
    {"contains",            false, true,  2, 2, fn_contains},
    {"matches",             true,  true,  2, 2, fn_matches},
    {"lowerAscii",          false, true,  1, 1, fn_lower_ascii},
    {"upperAscii",          false, true,  1, 1, fn_upper_ascii},
    {"trim",                false, true,  1, 1, fn_trim},
    {"split",               false, true,  2, 3, fn_split},
    {"join",                false, true,  1, 2, fn_join},
    {"distinct",            false, true,  1, 1, fn_distinct},
    {"flagValue",           false, true,  2, 2, fn_flag_value},
    {"sum",                 false, true,  1, 1, fn_sum},
    {"replace",             false, true,  3, 4, fn_replace},
    {"indexOf",             false, true,  2, 3, fn_index_of},
    {"lastIndexOf",         false, true,  2, 3, fn_last_index_of},
    {"substring",           false, true,  2, 3, fn_substring},
    {"charAt",              false, true,  2, 2, fn_char_at},
    {"int",                 true,  false, 1, 1, fn_int},
    {"uint",                true,  false, 1, 1, fn_uint},
    {"double",              true,  false, 1, 1, fn_double},
    {"string",              true,  false, 1, 1, fn_string},
    {"bool",                true,  false, 1, 1, fn_bool},
    {"bytes",               true,  false, 1, 1, fn_bytes},
    {"dyn",                 true,  false, 1, 1, fn_dyn},
    {"type",                true,  false, 1, 1, fn_type},
    {"unknown",             true,  false, 1, 1, fn_unknown},
    {"duration",            true,  false, 1, 1, fn_duration},
    {"timestamp",           true,  false, 1, 1, fn_timestamp},
    {"date",                true,  false, 1, 1, fn_date},
    {"quantity",            true,  false, 1, 1, fn_quantity},
    {"isQuantity",          true,  false, 1, 1, fn_is_quantity},
    {"semver",              true,  false, 1, 1, fn_semver},
    {"isSemver",            true,  false, 1, 1, fn_is_semver},
    {"isGreaterThan",       false, true,  2, 2, fn_is_greater_than},
    {"isLessThan",          false, true,  2, 2, fn_is_less_than},
    {"compareTo",           false, true,  2, 2, fn_compare_to},
    {"asInteger",           false, true,  1, 1, fn_as_integer},
    {"isInteger",           false, true,  1, 1, fn_is_integer},
    {"asApproximateFloat",  false, true,  1, 1, fn_as_approximate_float},
    {"sign",                false, true,  1, 1, fn_sign},
    {"add",                 false, true,  2, 2, fn_add},
    {"sub",                 false, true,  2, 2, fn_sub},
    {"major",               false, true,  1, 1, fn_major},
    {"minor",               false, true,  1, 1, fn_minor},
    {"patch",               false, true,  1, 1, fn_patch},
    {"getFullYear",         false, true,  1, 2, fn_get_full_year},
    {"getMonth",            false, true,  1, 2, fn_get_month},
    {"getDayOfMonth",       false, true,  1, 2, fn_get_day_of_month},
    {"getDate",             false, true,  1, 2, fn_get_date},
    {"getDayOfWeek",        false, true,  1, 2, fn_get_day_of_week},
    {"getDayOfYear",        false, true,  1, 2, fn_get_day_of_year},
    {"getHours",            false, true,  1, 2, fn_get_hours},
    {"getMinutes",          false, true,  1, 2, fn_get_minutes},
    {"getSeconds",          false, true,  1, 2, fn_get_seconds},
    {"getMilliseconds",     false, true,  1, 2, fn_get_milliseconds},
    {"inDays",              false, true,  1, 1, fn_in_days},
};
// clang-format on

}  // namespace

const FunctionDef* find_function(std::string_view name, bool receiver_style) {
  for (const FunctionDef& f : kFunctions) {
    if (f.name == name && (receiver_style ? f.receiver : f.global)) return &f;
  }
  return nullptr;
}

std::vector<std::string_view> function_names() {
  std::vector<std::string_view> names;
  for (const FunctionDef& f : kFunctions) names.push_back(f.name);
  for (std::string_view m : {"has", "all", "exists", "exists_one", "map", "filter"}) {
    names.push_back(m);
  }
  return names;
}

std::shared_ptr<const re2::RE2> compile_regex(std::string_view pattern, std::string& error) {
  re2::RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!re->ok()) {
    error = "invalid regular expression '" + std::string(pattern) + "': " + re->error();
    return nullptr;
  }
  return re;
}

bool is_foldable(std::string_view name) {
  return name == "quantity" || name == "duration" || name == "timestamp" || name == "date" ||
         name == "semver";
}

}  // namespace golive::expr
