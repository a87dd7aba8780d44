#pragma once
// Recursive-descent parser for the CEL grammar (cel-spec langdef.md), with
// macro expansion (has, all, exists, exists_one, map, filter) done here so
// that the evaluator only sees plain nodes.

#include <string_view>

#include "expr/ast.hpp"
#include "expr/lexer.hpp"

namespace golive::expr {

// Deepest nesting the parser accepts, in both parser recursion and tree
// height; deeper input is rejected instead of overflowing the stack.
constexpr int kMaxNesting = 250;

// Parses `source`; throws CompileError with the position of the problem.
NodePtr parse(std::string_view source);

}  // namespace golive::expr
