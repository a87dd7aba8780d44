#pragma once
// Runtime values of the expression language.
//
// A Value is small and cheap to copy. Scalars live inline. Strings, lists and
// maps read from the facts are *borrowed*: they point into the nlohmann::json
// tree (which outlives the evaluation) instead of being copied. Values built
// by the expression itself (literals, concatenations, macro results) own
// their storage through a shared heap box. Values read from a variable also
// carry a PathNode, a parent-linked path ("self" -> "spec" -> "replicas")
// that is only turned into text when needed (missing facts, evidence).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "expr/domain.hpp"

namespace golive::expr {

using Json = nlohmann::json;

enum class Kind : std::uint8_t {
  null_value,
  boolean,
  integer,
  uinteger,
  floating,
  string,
  bytes,
  list,
  map,
  type,
  duration,
  timestamp,
  quantity,
  semver,
  error,
  unknown,
};

// The CEL type name of a kind ("int", "string", "google.protobuf.Duration").
std::string_view type_name(Kind kind);

// One step of the path from a variable to a value read from the facts.
// Trivially constructible on purpose: the arena's inline block is not
// zeroed for every evaluation.
struct PathNode {
  const PathNode* parent;
  const char* name_data;
  std::size_t name_size;
  std::int64_t index;  // list index, or -1 for a field/key step
  std::string_view name() const { return {name_data, name_size}; }
};

std::string path_to_string(const PathNode* node);

// Bump allocator for path nodes: one per evaluation, reused storage, so that
// following paths costs a few stores and no heap allocation in the common
// case.
class PathArena {
 public:
  const PathNode* make(const PathNode* parent, std::string_view name, std::int64_t index = -1);

 private:
  static constexpr std::size_t kInline = 128;
  static constexpr std::size_t kChunk = 1024;
  PathNode inline_[kInline];
  std::size_t used_ = 0;
  std::vector<std::unique_ptr<PathNode[]>> chunks_;
  std::size_t chunk_used_ = kChunk;
};

struct Value;

// Owned payloads, reached through Value::heap.
struct HeapBox {
  virtual ~HeapBox() = default;
};
struct StringBox : HeapBox {
  explicit StringBox(std::string s) : text(std::move(s)) {}
  std::string text;
};
struct ListBox : HeapBox {
  std::vector<Value> items;
};
struct MapBox : HeapBox {
  std::vector<std::pair<Value, Value>> entries;
};
struct QuantityBox : HeapBox {
  explicit QuantityBox(Quantity q) : quantity(q) {}
  Quantity quantity;
};
struct SemverBox : HeapBox {
  explicit SemverBox(Semver v) : semver(std::move(v)) {}
  Semver semver;
};
struct UnknownBox : HeapBox {
  std::vector<std::string> missing;  // paths of absent facts
};

struct Value {
  Kind kind = Kind::null_value;
  union {
    bool b;
    std::int64_t i;  // integer; duration (nanoseconds); timestamp (seconds)
    std::uint64_t u;
    double d;
  } num{};
  std::int32_t nanos = 0;               // timestamp nanoseconds
  std::string_view text;                // string/bytes contents, type name, error message
  const Json* json = nullptr;           // borrowed list (array) or map (object)
  std::shared_ptr<const HeapBox> heap;  // owned payload
  const PathNode* path = nullptr;       // where this value was read from, if from a variable

  // ---- constructors
  static Value null() { return Value{}; }
  static Value boolean(bool b) {
    Value v;
    v.kind = Kind::boolean;
    v.num.b = b;
    return v;
  }
  static Value integer(std::int64_t i) {
    Value v;
    v.kind = Kind::integer;
    v.num.i = i;
    return v;
  }
  static Value uinteger(std::uint64_t u) {
    Value v;
    v.kind = Kind::uinteger;
    v.num.u = u;
    return v;
  }
  static Value floating(double d) {
    Value v;
    v.kind = Kind::floating;
    v.num.d = d;
    return v;
  }
  // A string that lives elsewhere for the whole evaluation (AST, facts).
  static Value borrowed_string(std::string_view s, Kind kind = Kind::string) {
    Value v;
    v.kind = kind;
    v.text = s;
    return v;
  }
  static Value owned_string(std::string s, Kind kind = Kind::string);
  static Value type(std::string_view name) {
    Value v;
    v.kind = Kind::type;
    v.text = name;
    return v;
  }
  static Value list(std::vector<Value> items);
  static Value map(std::vector<std::pair<Value, Value>> entries);  // keys must be unique
  static Value error(std::string message);
  static Value unknown(std::string missing_path);
  static Value duration(std::int64_t nanos) {
    Value v;
    v.kind = Kind::duration;
    v.num.i = nanos;
    return v;
  }
  static Value timestamp(Timestamp t) {
    Value v;
    v.kind = Kind::timestamp;
    v.num.i = t.seconds;
    v.nanos = t.nanos;
    return v;
  }
  static Value quantity(Quantity q);
  static Value semver(Semver s);
  // A view of a JSON node; lists, maps and strings are borrowed.
  static Value from_json(const Json& j, const PathNode* path);

  // ---- accessors
  bool is(Kind k) const { return kind == k; }
  bool is_error() const { return kind == Kind::error; }
  bool is_unknown() const { return kind == Kind::unknown; }
  bool is_number() const {
    return kind == Kind::integer || kind == Kind::uinteger || kind == Kind::floating;
  }
  const Quantity& as_quantity() const { return static_cast<const QuantityBox&>(*heap).quantity; }
  const Semver& as_semver() const { return static_cast<const SemverBox&>(*heap).semver; }
  const std::vector<std::string>& missing() const {
    return static_cast<const UnknownBox&>(*heap).missing;
  }
  Timestamp as_timestamp() const { return Timestamp{num.i, nanos}; }
};

// ---- lists and maps, whether borrowed from JSON or owned

std::size_t list_size(const Value& list);
// Element `i` (< list_size). Elements borrowed from JSON get a path node from
// `arena` when the list has a path.
Value list_at(const Value& list, std::size_t i, PathArena& arena);

std::size_t map_size(const Value& map);
// Looks a key up; nullopt when absent. CEL key semantics: numeric keys match
// across int/uint/double when equal in value.
std::optional<Value> map_find(const Value& map, const Value& key, PathArena& arena);
// Looks a string key up (field selection).
std::optional<Value> map_find_field(const Value& map, std::string_view field, PathArena& arena);
// All keys, in the map's order.
std::vector<Value> map_keys(const Value& map);

// Merges the missing paths of two unknowns (either may be non-unknown).
Value merge_unknowns(const Value& a, const Value& b);

// ---- equality and ordering (operands are neither error nor unknown)

bool values_equal(const Value& a, const Value& b, PathArena& arena);

enum class Order { less, equal, greater, unordered, no_overload };
Order compare_values(const Value& a, const Value& b);

// Converts a final value to JSON (uint and int as numbers, bytes as base64,
// domain types as their canonical text, types as their name).
Json to_json(const Value& v);

// Go's %g formatting of a double (shortest text that round-trips).
std::string format_double(double d);

}  // namespace golive::expr
