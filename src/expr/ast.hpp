#pragma once
// The abstract syntax tree. The parser builds it (expanding macros), the
// checker resolves names in place (variable slots, loop-variable slots,
// functions, literal regexes), and from then on it is immutable and
// evaluated concurrently.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "expr/value.hpp"

namespace re2 {
class RE2;
}

namespace golive::expr {

struct FunctionDef;

enum class NodeKind : std::uint8_t {
  constant,   // value
  ident,      // name; resolved to a variable slot, a loop slot or a type
  select,     // children[0].name
  has,        // has(children[0].name): presence test
  index,      // children[0][children[1]]
  call,       // name(args...) or children[0].name(args...) when receiver_style
  list,       // [children...]
  map,        // {children[0]: children[1], ...}
  structure,  // name{field_names[i]: children[i]} (parsed, not evaluated)
  logical_and,
  logical_or,
  logical_not,
  negate,
  ternary,  // children[0] ? children[1] : children[2]
  binary,   // children[0] op children[1]
  macro,    // comprehension, see MacroKind
};

enum class BinaryOp : std::uint8_t { eq, ne, lt, le, gt, ge, in, add, sub, mul, div, mod };

enum class IdentKind : std::uint8_t { unresolved, variable, local };

enum class MacroKind : std::uint8_t { all, exists, exists_one, map, filter };

struct Node {
  NodeKind kind = NodeKind::constant;
  std::size_t offset = 0;       // byte offset in the source, for messages
  std::size_t name_offset = 0;  // select: where the field name starts
  int depth = 1;     // height of this subtree; bounded so evaluation cannot overflow the stack
  std::string name;  // identifier, field, function or type name
  Value value;       // constant
  std::vector<std::unique_ptr<Node>> children;
  std::vector<std::string> field_names;  // structure literal fields

  BinaryOp op = BinaryOp::eq;
  bool receiver_style = false;  // call written as target.name(...)
  // An identifier of a definition's body that is neither a parameter nor a
  // loop variable of the body: it names a variable (facts, env, now) or a
  // type, never a loop variable of the expression the body is expanded into.
  bool global_only = false;

  // Resolution (filled by the checker).
  IdentKind ident_kind = IdentKind::unresolved;
  int slot = -1;                          // variable slot or loop slot
  const FunctionDef* function = nullptr;  // resolved function
  std::shared_ptr<const re2::RE2> regex;  // precompiled literal pattern of matches()

  // Macros: children[0] = range, children[1] = predicate / transform,
  // children[2] = transform (3-argument map/filter form: filter then map).
  MacroKind macro = MacroKind::all;
  std::string loop_var;
};

using NodePtr = std::unique_ptr<Node>;

}  // namespace golive::expr
