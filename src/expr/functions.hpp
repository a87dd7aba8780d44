#pragma once
// The standard library: CEL's built-in functions, cel-go style string
// extensions, conversions and golive's domain helpers. Every function is
// strict (an unknown or error argument is propagated before the function
// runs) and dispatches on its arguments' kinds at run time.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "expr/value.hpp"

namespace re2 {
class RE2;
}

namespace golive::expr {

struct EvalContext;
struct Node;

// `args` holds the receiver first for receiver-style calls (x.f(y) gets
// {x, y}), so size(x) and x.size() share one implementation.
using FunctionImpl = Value (*)(EvalContext& ctx, const Node& call, const Value* args,
                               std::size_t n);

struct FunctionDef {
  std::string_view name;
  bool global;           // may be called as name(...)
  bool receiver;         // may be called as x.name(...)
  std::size_t min_args;  // counting the receiver
  std::size_t max_args;
  FunctionImpl impl;
};

constexpr std::size_t kMaxCallArgs = 8;

// Looks a function up by name and call style; nullptr if there is none.
const FunctionDef* find_function(std::string_view name, bool receiver_style);
// Every function name, for did-you-mean suggestions.
std::vector<std::string_view> function_names();

// Compiles a regular expression (RE2 syntax); nullptr and `error` set when
// the pattern is invalid.
std::shared_ptr<const re2::RE2> compile_regex(std::string_view pattern, std::string& error);

// Functions whose result depends only on a constant argument (quantity(),
// duration(), ...) and can be evaluated once at compile time.
bool is_foldable(std::string_view name);

}  // namespace golive::expr
