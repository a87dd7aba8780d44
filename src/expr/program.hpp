#pragma once
// The compiled form of an expression, plus an internal evaluation entry point
// that takes CEL values for arbitrary named variables (used by the CEL
// conformance runner and by tests; rules go through golive/expr.hpp).

#include <string>
#include <utility>
#include <vector>

#include "expr/ast.hpp"
#include "expr/evaluator.hpp"
#include "golive/expr.hpp"

namespace golive::expr {

class Program {
 public:
  std::string source;
  NodePtr root;
  std::vector<std::string> variables;  // slot -> declared variable name
  int local_slots = 0;                 // macro loop variables needed at once
};

// Resolves names in the tree (checker.cpp): variable and loop slots,
// functions, qualified names, literal regexes, constant domain literals.
// With `check`, unknown names are CompileErrors with a did-you-mean.
// Returns the number of loop-variable slots the program needs.
int resolve(NodePtr& root, std::string_view source, const CompileOptions& options);

// Evaluates with one value per declared variable (same order as
// Program::variables). Values the caller passes must outlive the call's
// use of the result.
Value evaluate_values(const Program& program, const Value* variables, std::size_t count,
                      EvalContext& ctx);
inline Value evaluate_values(const Program& program, const std::vector<Value>& variables,
                             EvalContext& ctx) {
  return evaluate_values(program, variables.data(), variables.size(), ctx);
}

}  // namespace golive::expr
