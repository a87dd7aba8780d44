// Which systems an expression reads: the keys of `facts` it selects
// (facts.azure..., facts["k8s"]...), found by walking the compiled tree.

#include <set>

#include "expr/program.hpp"
#include "golive/expr.hpp"

namespace golive::expr {

namespace {

bool is_facts_variable(const Node& node, const Program& program) {
  return node.kind == NodeKind::ident && node.ident_kind == IdentKind::variable && node.slot >= 0 &&
         static_cast<std::size_t>(node.slot) < program.variables.size() &&
         program.variables[static_cast<std::size_t>(node.slot)] == "facts";
}

void collect(const Node& node, const Program& program, std::set<std::string>& roots) {
  const bool reads_facts = !node.children.empty() && is_facts_variable(*node.children[0], program);
  if (reads_facts && (node.kind == NodeKind::select || node.kind == NodeKind::has)) {
    roots.insert(node.name);
    return;
  }
  if (reads_facts && node.kind == NodeKind::index && node.children.size() > 1 &&
      node.children[1]->kind == NodeKind::constant &&
      node.children[1]->value.kind == Kind::string) {
    roots.insert(std::string(node.children[1]->value.text));
    return;
  }
  // `facts` itself, or facts[<computed key>]: any system may be read.
  if (is_facts_variable(node, program)) {
    roots.insert("*");
    return;
  }
  for (const auto& child : node.children)
    if (child) collect(*child, program, roots);
}

}  // namespace

std::vector<std::string> fact_roots(const Program& program) {
  std::set<std::string> roots;
  if (program.root) collect(*program.root, program, roots);
  return {roots.begin(), roots.end()};
}

}  // namespace golive::expr
