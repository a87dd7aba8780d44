#pragma once
// Tree-walking evaluator over a checked AST.

#include <cstddef>
#include <string>
#include <vector>

#include "expr/ast.hpp"
#include "golive/expr.hpp"

namespace golive::expr {

// Per-evaluation state. Lives on the caller's stack; nothing in it is shared
// between threads.
struct EvalContext {
  const Value* variables = nullptr;  // indexed by variable slot
  std::size_t variable_count = 0;
  Value* locals = nullptr;  // macro loop variables, indexed by loop slot
  Value inline_locals[4];   // enough for nearly every expression: no allocation
  std::vector<Value> heap_locals;
  PathArena arena;

  bool record_evidence = false;
  std::size_t max_evidence = 16;
  std::vector<Evidence> evidence;

  // Records a fact read from a variable (scalar or missing), deduplicated.
  void record(const PathNode* path, const Value& value, bool missing);
};

Value eval(const Node& node, EvalContext& ctx);

// Operators (operators.cpp). Operands are neither error nor unknown.
Value apply_binary(BinaryOp op, const Value& a, const Value& b, PathArena& arena);
Value apply_negate(const Value& v);

// "no matching overload for 'name' applied to (int, string)".
Value no_overload(std::string_view function, const Value* args, std::size_t n);

}  // namespace golive::expr
