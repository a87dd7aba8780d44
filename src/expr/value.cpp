#include "expr/value.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "golive/text.hpp"

namespace golive::expr {

std::string_view type_name(Kind kind) {
  switch (kind) {
    case Kind::null_value:
      return "null_type";
    case Kind::boolean:
      return "bool";
    case Kind::integer:
      return "int";
    case Kind::uinteger:
      return "uint";
    case Kind::floating:
      return "double";
    case Kind::string:
      return "string";
    case Kind::bytes:
      return "bytes";
    case Kind::list:
      return "list";
    case Kind::map:
      return "map";
    case Kind::type:
      return "type";
    case Kind::duration:
      return "google.protobuf.Duration";
    case Kind::timestamp:
      return "google.protobuf.Timestamp";
    case Kind::quantity:
      return "quantity";
    case Kind::semver:
      return "semver";
    case Kind::error:
      return "error";
    case Kind::unknown:
      return "unknown";
  }
  return "unknown";
}

// ------------------------------------------------------------------ paths

namespace {

bool is_identifier(std::string_view s) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string path_to_string(const PathNode* node) {
  std::vector<const PathNode*> chain;
  for (const PathNode* p = node; p != nullptr; p = p->parent) chain.push_back(p);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const PathNode* p = *it;
    if (p->index >= 0) {
      out += "[" + std::to_string(p->index) + "]";
    } else if (p->parent == nullptr) {
      out += p->name();
    } else if (is_identifier(p->name())) {
      out += ".";
      out += p->name();
    } else {
      out += "['";
      out += p->name();
      out += "']";
    }
  }
  return out;
}

const PathNode* PathArena::make(const PathNode* parent, std::string_view name, std::int64_t index) {
  PathNode* n;
  if (used_ < kInline) {
    n = &inline_[used_++];
  } else {
    if (chunk_used_ == kChunk) {
      chunks_.push_back(std::make_unique<PathNode[]>(kChunk));
      chunk_used_ = 0;
    }
    n = &chunks_.back()[chunk_used_++];
  }
  n->parent = parent;
  n->name_data = name.data();
  n->name_size = name.size();
  n->index = index;
  return n;
}

// ------------------------------------------------------------------ constructors

Value Value::owned_string(std::string s, Kind kind) {
  auto box = std::make_shared<StringBox>(std::move(s));
  Value v;
  v.kind = kind;
  v.text = box->text;
  v.heap = std::move(box);
  return v;
}

Value Value::list(std::vector<Value> items) {
  auto box = std::make_shared<ListBox>();
  box->items = std::move(items);
  Value v;
  v.kind = Kind::list;
  v.heap = std::move(box);
  return v;
}

Value Value::map(std::vector<std::pair<Value, Value>> entries) {
  auto box = std::make_shared<MapBox>();
  box->entries = std::move(entries);
  Value v;
  v.kind = Kind::map;
  v.heap = std::move(box);
  return v;
}

Value Value::error(std::string message) {
  Value v = owned_string(std::move(message));
  v.kind = Kind::error;
  return v;
}

Value Value::unknown(std::string missing_path) {
  auto box = std::make_shared<UnknownBox>();
  box->missing.push_back(std::move(missing_path));
  Value v;
  v.kind = Kind::unknown;
  v.heap = std::move(box);
  return v;
}

Value Value::quantity(Quantity q) {
  Value v;
  v.kind = Kind::quantity;
  v.heap = std::make_shared<QuantityBox>(q);
  return v;
}

Value Value::semver(Semver s) {
  Value v;
  v.kind = Kind::semver;
  v.heap = std::make_shared<SemverBox>(std::move(s));
  return v;
}

Value Value::from_json(const Json& j, const PathNode* path) {
  Value v;
  v.path = path;
  switch (j.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded:
      v.kind = Kind::null_value;
      break;
    case Json::value_t::boolean:
      v.kind = Kind::boolean;
      v.num.b = j.get_ref<const Json::boolean_t&>();
      break;
    case Json::value_t::number_integer:
      v.kind = Kind::integer;
      v.num.i = j.get_ref<const Json::number_integer_t&>();
      break;
    case Json::value_t::number_unsigned: {
      auto u = j.get_ref<const Json::number_unsigned_t&>();
      if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        v.kind = Kind::integer;
        v.num.i = static_cast<std::int64_t>(u);
      } else {
        v.kind = Kind::uinteger;
        v.num.u = u;
      }
      break;
    }
    case Json::value_t::number_float:
      v.kind = Kind::floating;
      v.num.d = j.get_ref<const Json::number_float_t&>();
      break;
    case Json::value_t::string:
      v.kind = Kind::string;
      v.text = j.get_ref<const Json::string_t&>();
      break;
    case Json::value_t::binary: {
      const auto& bin = j.get_binary();
      v.kind = Kind::bytes;
      v.text = std::string_view(reinterpret_cast<const char*>(bin.data()), bin.size());
      break;
    }
    case Json::value_t::array:
      v.kind = Kind::list;
      v.json = &j;
      break;
    case Json::value_t::object:
      v.kind = Kind::map;
      v.json = &j;
      break;
  }
  return v;
}

// ------------------------------------------------------------------ lists and maps

std::size_t list_size(const Value& list) {
  if (list.json) return list.json->size();
  return static_cast<const ListBox&>(*list.heap).items.size();
}

Value list_at(const Value& list, std::size_t i, PathArena& arena) {
  if (list.json) {
    const PathNode* p =
        list.path ? arena.make(list.path, {}, static_cast<std::int64_t>(i)) : nullptr;
    return Value::from_json((*list.json)[i], p);
  }
  return static_cast<const ListBox&>(*list.heap).items[i];
}

std::size_t map_size(const Value& map) {
  if (map.json) return map.json->size();
  return static_cast<const MapBox&>(*map.heap).entries.size();
}

std::optional<Value> map_find_field(const Value& map, std::string_view field, PathArena& arena) {
  if (map.json) {
    const auto& obj = map.json->get_ref<const Json::object_t&>();
    auto it = obj.find(field);
    if (it == obj.end()) return std::nullopt;
    const PathNode* p = map.path ? arena.make(map.path, it->first) : nullptr;
    return Value::from_json(it->second, p);
  }
  for (const auto& [k, v] : static_cast<const MapBox&>(*map.heap).entries) {
    if (k.kind == Kind::string && k.text == field) return v;
  }
  return std::nullopt;
}

namespace {

// Key equality for map lookups: like ==, numbers compare across types.
bool key_matches(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) return compare_values(a, b) == Order::equal;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Kind::boolean:
      return a.num.b == b.num.b;
    case Kind::string:
      return a.text == b.text;
    default:
      return false;
  }
}

}  // namespace

std::optional<Value> map_find(const Value& map, const Value& key, PathArena& arena) {
  if (map.json) {
    if (key.kind != Kind::string) return std::nullopt;
    return map_find_field(map, key.text, arena);
  }
  for (const auto& [k, v] : static_cast<const MapBox&>(*map.heap).entries) {
    if (key_matches(k, key)) return v;
  }
  return std::nullopt;
}

std::vector<Value> map_keys(const Value& map) {
  std::vector<Value> keys;
  if (map.json) {
    const auto& obj = map.json->get_ref<const Json::object_t&>();
    keys.reserve(obj.size());
    for (const auto& [k, v] : obj) keys.push_back(Value::borrowed_string(k));
    return keys;
  }
  for (const auto& [k, v] : static_cast<const MapBox&>(*map.heap).entries) keys.push_back(k);
  return keys;
}

Value merge_unknowns(const Value& a, const Value& b) {
  if (!a.is_unknown()) return b;
  if (!b.is_unknown()) return a;
  auto box = std::make_shared<UnknownBox>();
  box->missing = a.missing();
  for (const auto& m : b.missing()) {
    bool seen = false;
    for (const auto& x : box->missing) seen = seen || x == m;
    if (!seen) box->missing.push_back(m);
  }
  Value v;
  v.kind = Kind::unknown;
  v.heap = std::move(box);
  return v;
}

// ------------------------------------------------------------------ equality and ordering

namespace {

// CEL compares int and uint with double by converting the integer to double
// (so 9223372036854775807 == 9223372036854775808.0); NaN is unordered.
Order compare_as_double(double x, double d) {
  if (std::isnan(d)) return Order::unordered;
  return x < d ? Order::less : (x > d ? Order::greater : Order::equal);
}

Order compare_int_double(std::int64_t i, double d) {
  return compare_as_double(static_cast<double>(i), d);
}

Order compare_uint_double(std::uint64_t u, double d) {
  return compare_as_double(static_cast<double>(u), d);
}

template <typename T>
Order three_way(const T& a, const T& b) {
  return a < b ? Order::less : (b < a ? Order::greater : Order::equal);
}

Order flip(Order o) {
  if (o == Order::less) return Order::greater;
  if (o == Order::greater) return Order::less;
  return o;
}

}  // namespace

Order compare_values(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    switch (a.kind) {
      case Kind::integer:
        if (b.kind == Kind::integer) return three_way(a.num.i, b.num.i);
        if (b.kind == Kind::uinteger) {
          if (a.num.i < 0) return Order::less;
          return three_way(static_cast<std::uint64_t>(a.num.i), b.num.u);
        }
        return compare_int_double(a.num.i, b.num.d);
      case Kind::uinteger:
        if (b.kind == Kind::uinteger) return three_way(a.num.u, b.num.u);
        if (b.kind == Kind::integer) return flip(compare_values(b, a));
        return compare_uint_double(a.num.u, b.num.d);
      default:
        if (b.kind == Kind::floating) {
          if (std::isnan(a.num.d) || std::isnan(b.num.d)) return Order::unordered;
          return three_way(a.num.d, b.num.d);
        }
        return flip(compare_values(b, a));
    }
  }
  if (a.kind != b.kind) return Order::no_overload;
  switch (a.kind) {
    case Kind::boolean:
      return three_way(a.num.b, b.num.b);
    case Kind::string:
    case Kind::bytes: {
      int c = a.text.compare(b.text);  // byte order == code point order for UTF-8
      return c < 0 ? Order::less : (c > 0 ? Order::greater : Order::equal);
    }
    case Kind::duration:
      return three_way(a.num.i, b.num.i);
    case Kind::timestamp:
      if (a.num.i != b.num.i) return three_way(a.num.i, b.num.i);
      return three_way(a.nanos, b.nanos);
    case Kind::quantity: {
      int c = compare_quantity(a.as_quantity(), b.as_quantity());
      return c < 0 ? Order::less : (c > 0 ? Order::greater : Order::equal);
    }
    case Kind::semver: {
      int c = compare_semver(a.as_semver(), b.as_semver());
      return c < 0 ? Order::less : (c > 0 ? Order::greater : Order::equal);
    }
    default:
      return Order::no_overload;
  }
}

bool values_equal(const Value& a, const Value& b, PathArena& arena) {
  if (a.is_number() && b.is_number()) return compare_values(a, b) == Order::equal;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Kind::null_value:
      return true;
    case Kind::boolean:
      return a.num.b == b.num.b;
    case Kind::string:
    case Kind::bytes:
    case Kind::type:
      return a.text == b.text;
    case Kind::duration:
    case Kind::timestamp:
    case Kind::quantity:
    case Kind::semver:
      return compare_values(a, b) == Order::equal;
    case Kind::list: {
      std::size_t n = list_size(a);
      if (n != list_size(b)) return false;
      for (std::size_t i = 0; i < n; ++i) {
        if (!values_equal(list_at(a, i, arena), list_at(b, i, arena), arena)) return false;
      }
      return true;
    }
    case Kind::map: {
      if (map_size(a) != map_size(b)) return false;
      for (const Value& key : map_keys(a)) {
        auto va = map_find(a, key, arena);
        auto vb = map_find(b, key, arena);
        if (!vb || !values_equal(*va, *vb, arena)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

// ------------------------------------------------------------------ conversion to JSON

std::string format_double(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
  if (d == 0) return std::signbit(d) ? "-0" : "0";
  // Shortest precision that round-trips.
  char buf[64];
  int precision = 1;
  for (; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*e", precision - 1, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  // Go's %g: exponent form when the exponent is < -4 or >= 21 (shortest).
  int exponent = std::atoi(std::strchr(buf, 'e') + 1);
  if (exponent < -4 || exponent >= 21) {
    // Go writes at least two exponent digits: 1e+21, 1e-05.
    std::string mant(buf, std::strchr(buf, 'e'));
    char exp[16];
    std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    return mant + exp;
  }
  int decimals = precision - 1 - exponent;
  std::snprintf(buf, sizeof buf, "%.*f", decimals < 0 ? 0 : decimals, d);
  return buf;
}

Json to_json(const Value& v) {
  switch (v.kind) {
    case Kind::null_value:
      return nullptr;
    case Kind::boolean:
      return v.num.b;
    case Kind::integer:
      return v.num.i;
    case Kind::uinteger:
      return v.num.u;
    case Kind::floating:
      if (std::isnan(v.num.d) || std::isinf(v.num.d)) return format_double(v.num.d);
      return v.num.d;
    case Kind::string:
      return std::string(v.text);
    case Kind::bytes:
      return golive::base64_encode(v.text);
    case Kind::type:
      return std::string(v.text);
    case Kind::duration:
      return format_duration(v.num.i);
    case Kind::timestamp:
      return format_timestamp(v.as_timestamp());
    case Kind::quantity:
      return format_quantity(v.as_quantity());
    case Kind::semver:
      return v.as_semver().text;
    case Kind::list: {
      if (v.json) return *v.json;
      Json out = Json::array();
      for (const Value& item : static_cast<const ListBox&>(*v.heap).items) {
        out.push_back(to_json(item));
      }
      return out;
    }
    case Kind::map: {
      if (v.json) return *v.json;
      Json out = Json::object();
      for (const auto& [k, val] : static_cast<const MapBox&>(*v.heap).entries) {
        std::string key = k.kind == Kind::string ? std::string(k.text) : to_json(k).dump();
        out[key] = to_json(val);
      }
      return out;
    }
    case Kind::error:
    case Kind::unknown:
      return nullptr;
  }
  return nullptr;
}

}  // namespace golive::expr
