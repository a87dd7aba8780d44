#pragma once
// Definitions as the checker sees them: a parsed, unresolved body and the
// expansion of one call into a fresh tree (golive/expr.hpp: Definitions).

#include <string>
#include <vector>

#include "expr/ast.hpp"
#include "golive/expr.hpp"

namespace golive::expr {

struct Definitions::Entry {
  std::string name;
  std::vector<std::string> params;
  std::string source;
  std::string description;
  NodePtr body;  // as parsed: names unresolved
};

// Most definitions one expansion may nest (a definition calling another, ...);
// deeper means a definition calls itself.
constexpr std::size_t kMaxDefinitionNesting = 32;
// Most nodes all expansions in one expression may add: nested definitions
// that each use a parameter twice grow exponentially.
constexpr std::size_t kMaxExpandedNodes = 200000;
// Most nodes the expansions of a whole rule pack may add (CompileOptions::
// expansion_budget), so that many rules calling a large definition cannot
// exhaust memory either.
constexpr std::size_t kMaxPackExpandedNodes = 2000000;

// A copy of `entry`'s body with each parameter replaced by a copy of its
// argument and each loop variable renamed so an argument's names are never
// captured. Every new node points at `call_offset` (where the call is
// written), argument nodes keep their own. Counts the nodes made into
// `budget` and throws CompileError at `call_offset` past kMaxExpandedNodes.
NodePtr expand_definition(const Definitions::Entry& entry, const std::vector<NodePtr>& args,
                          std::size_t call_offset, std::string_view source, std::size_t& budget);

// A deep copy of an unresolved or resolved tree.
NodePtr clone_tree(const Node& node, std::size_t& budget, std::size_t call_offset,
                   std::string_view source);

}  // namespace golive::expr
