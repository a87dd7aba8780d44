// Compile-time resolution and checking of names.
//
// Resolving here keeps evaluation cheap: identifiers become slot indexes,
// calls point straight at their implementation, literal regexes are compiled
// once, and constant domain literals (quantity('512Mi')) are parsed once.
// With checking on, every problem a rule author can fix is reported here,
// at its position, instead of surfacing as an error for every resource.

#include <algorithm>
#include <array>

#include "expr/definitions.hpp"
#include "expr/functions.hpp"
#include "expr/lexer.hpp"
#include "expr/parser.hpp"
#include "expr/program.hpp"
#include "golive/text.hpp"

namespace golive::expr {

namespace {

constexpr std::array<std::string_view, 10> kTypeNames = {
    "int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type"};

// "; did you mean 'x'?" when a candidate is a plausible typo of `name`.
std::string did_you_mean(std::string_view name, const std::vector<std::string_view>& candidates) {
  auto match = closest_match(name, std::vector<std::string>(candidates.begin(), candidates.end()));
  return match ? "; did you mean '" + *match + "'?" : "";
}

class Resolver {
 public:
  Resolver(std::string_view source, const CompileOptions& options)
      : source_(source),
        check_(options.check),
        variables_(options.variables),
        rule_variables_(options.rule_variables),
        definitions_(options.definitions),
        pack_budget_(options.expansion_budget) {
    for (const auto& v : variables_)
      has_qualified_ = has_qualified_ || v.find('.') != std::string::npos;
  }

  void visit(NodePtr& node) {
    if (node->kind == NodeKind::call && expand(node)) return;
    switch (node->kind) {
      case NodeKind::ident:
        resolve_ident(*node);
        return;
      case NodeKind::select:
        check_rule_variable(*node);
        if (has_qualified_ && resolve_qualified(node)) return;
        break;
      case NodeKind::macro: {
        visit(node->children[0]);
        scope_.push_back(node->loop_var);
        node->slot = static_cast<int>(scope_.size()) - 1;
        max_locals_ = std::max(max_locals_, static_cast<int>(scope_.size()));
        for (std::size_t i = 1; i < node->children.size(); ++i) visit(node->children[i]);
        scope_.pop_back();
        update_depth(*node);
        return;
      }
      case NodeKind::structure:
        if (check_) {
          fail(node->offset, "message literals ('" + node->name +
                                 "{...}') are not supported; use a map literal {'key': value}");
        }
        break;
      default:
        break;
    }
    for (NodePtr& c : node->children) visit(c);
    update_depth(*node);
    if (node->kind == NodeKind::call) resolve_call(node);
  }

  int max_locals() const { return max_locals_; }

 private:
  [[noreturn]] void fail(std::size_t offset, const std::string& message) const {
    throw CompileError(message, position_at(source_, offset));
  }

  // A call to a definition becomes the definition's body, bound to the
  // call's arguments, and is then resolved like any other subtree.
  bool expand(NodePtr& node) {
    if (node->receiver_style || !definitions_) return false;
    const Definitions::Entry* entry = definitions_->find(node->name);
    if (!entry) return false;
    const std::size_t offset = node->offset;
    if (node->children.size() != entry->params.size()) {
      std::string params;
      for (const auto& p : entry->params) params += (params.empty() ? "" : ", ") + p;
      fail(offset, "'" + entry->name + "' takes " + std::to_string(entry->params.size()) +
                       " argument" + (entry->params.size() == 1 ? "" : "s") + " (" + entry->name +
                       "(" + params + ")), found " + std::to_string(node->children.size()));
    }
    if (expanding_.size() >= kMaxDefinitionNesting) {
      std::string chain;
      for (const auto& name : expanding_) chain += name + " → ";
      fail(offset, "definitions nest more than " + std::to_string(kMaxDefinitionNesting) +
                       " deep (" + chain + entry->name + "): a definition must not call itself");
    }
    // Arguments belong to the caller: resolved (and their own calls expanded)
    // here, before they are copied into the body, so nesting calls in
    // arguments (f(f(x))) is not nesting definitions.
    for (NodePtr& arg : node->children) visit(arg);
    node = expand_definition(*entry, node->children, offset, source_, expanded_nodes_);
    if (pack_budget_) {
      *pack_budget_ += expanded_nodes_ - counted_nodes_;
      counted_nodes_ = expanded_nodes_;
      if (*pack_budget_ > kMaxPackExpandedNodes)
        fail(offset, "the rule pack is too large once its definitions are expanded (more than " +
                         std::to_string(kMaxPackExpandedNodes) + " nodes in all its expressions)");
    }
    expanding_.push_back(entry->name);
    visit(node);
    expanding_.pop_back();
    return true;
  }

  // Expanded definitions make trees taller than the parser saw; the
  // evaluator's recursion stays bounded by the same limit.
  void update_depth(Node& node) const {
    int depth = 1;
    for (const auto& child : node.children) depth = std::max(depth, child->depth + 1);
    node.depth = depth;
    if (depth > kMaxNesting)
      fail(node.offset,
           "expression is nested too deeply once its definitions are expanded "
           "(more than " +
               std::to_string(kMaxNesting) + " levels)");
  }

  int variable_slot(std::string_view name) const {
    for (std::size_t i = 0; i < variables_.size(); ++i) {
      if (variables_[i] == name) return static_cast<int>(i);
    }
    return -1;
  }

  void resolve_ident(Node& node) {
    for (std::size_t i = node.global_only ? 0 : scope_.size(); i-- > 0;) {
      if (scope_[i] == node.name) {
        node.ident_kind = IdentKind::local;
        node.slot = static_cast<int>(i);
        return;
      }
    }
    if (int slot = variable_slot(node.name); slot >= 0) {
      node.ident_kind = IdentKind::variable;
      node.slot = slot;
      return;
    }
    for (std::string_view t : kTypeNames) {
      if (node.name == t) {
        node.kind = NodeKind::constant;
        node.value = Value::type(t);
        return;
      }
    }
    if (!check_) return;  // an error at run time, as CEL does without a checker
    std::vector<std::string_view> candidates(scope_.begin(), scope_.end());
    for (const auto& v : variables_) candidates.push_back(v);
    std::string hint = did_you_mean(node.name, candidates);
    if (hint.empty() && !variables_.empty()) {
      std::string known;
      for (const auto& v : variables_) known += (known.empty() ? "" : ", ") + v;
      hint = " (variables are: " + known + ")";
    }
    fail(node.offset, "unknown variable '" + node.name + "'" + hint);
  }

  // `variables.<name>` in a rule must name one of its variables defined
  // before the expression.
  void check_rule_variable(const Node& node) const {
    if (!check_ || !rule_variables_) return;
    const Node& operand = *node.children[0];
    if (operand.kind != NodeKind::ident || operand.name != "variables") return;
    if (std::find(scope_.begin(), scope_.end(), "variables") != scope_.end()) return;
    const auto& visible = rule_variables_->visible;
    if (std::find(visible.begin(), visible.end(), node.name) != visible.end()) return;
    const auto& later = rule_variables_->later;
    if (std::find(later.begin(), later.end(), node.name) != later.end())
      fail(node.name_offset, "variable '" + node.name +
                                 "' is defined after this expression; a variable reads only the "
                                 "ones listed before it");
    fail(node.name_offset, "no variable '" + node.name + "' in this rule's 'variables'" +
                               did_you_mean(node.name, std::vector<std::string_view>(
                                                           visible.begin(), visible.end())));
  }

  // A dotted name such as `a.b.c` may name a declared variable "a.b.c" or
  // "a.b"; the longest declared prefix wins, as in CEL.
  bool resolve_qualified(NodePtr& node) {
    std::vector<NodePtr*> chain;
    NodePtr* cur = &node;
    while ((*cur)->kind == NodeKind::select) {
      chain.push_back(cur);
      cur = &(*cur)->children[0];
    }
    if ((*cur)->kind != NodeKind::ident) return false;
    const std::string& root = (*cur)->name;
    for (const auto& s : scope_) {
      if (s == root) return false;  // loop variables shadow qualified names
    }
    // names[k] is the dotted text of chain[k].
    std::vector<std::string> names(chain.size());
    std::string text = root;
    for (std::size_t k = chain.size(); k-- > 0;) {
      text += "." + (*chain[k])->name;
      names[k] = text;
    }
    for (std::size_t k = 0; k < chain.size(); ++k) {
      int slot = variable_slot(names[k]);
      if (slot < 0) continue;
      NodePtr& target = *chain[k];
      auto ident = std::make_unique<Node>();
      ident->kind = NodeKind::ident;
      ident->offset = (*cur)->offset;
      ident->name = names[k];
      ident->ident_kind = IdentKind::variable;
      ident->slot = slot;
      target = std::move(ident);
      return true;
    }
    return false;
  }

  void resolve_call(NodePtr& node) {
    Node& call = *node;
    call.function = find_function(call.name, call.receiver_style);
    std::size_t args = call.children.size() - (call.receiver_style ? 1 : 0);
    if (!call.function) {
      if (!check_) return;  // "unbound function" at run time
      if (call.receiver_style && definitions_ && definitions_->contains(call.name))
        fail(call.offset, "'" + call.name + "' is a definition, not a method: call it as " +
                              call.name + "(...) with the receiver as its first argument");
      if (find_function(call.name, !call.receiver_style)) {
        fail(
            call.offset,
            call.receiver_style
                ? "'" + call.name + "' is a function, not a method: call it as " + call.name + "(x)"
                : "'" + call.name + "' is a method: call it as x." + call.name + "(...)");
      }
      std::vector<std::string_view> known = function_names();
      const std::vector<std::string> defined =
          definitions_ ? definitions_->names() : std::vector<std::string>{};
      known.insert(known.end(), defined.begin(), defined.end());
      fail(call.offset, "unknown function '" + call.name + "'" + did_you_mean(call.name, known));
    }
    if (check_ && (call.children.size() < call.function->min_args ||
                   call.children.size() > call.function->max_args)) {
      std::size_t shift = call.receiver_style ? 1 : 0;
      std::size_t lo = call.function->min_args - shift, hi = call.function->max_args - shift;
      std::string expected =
          lo == hi ? std::to_string(lo) : std::to_string(lo) + " to " + std::to_string(hi);
      fail(call.offset, "'" + call.name + "' takes " + expected + " argument" +
                            (hi == 1 ? "" : "s") + ", found " + std::to_string(args));
    }
    if (call.name == "matches" && call.children.size() == 2) {
      const Node& pattern = *call.children[1];
      if (pattern.kind == NodeKind::constant && pattern.value.kind == Kind::string) {
        std::string error;
        call.regex = compile_regex(pattern.value.text, error);
        if (!call.regex && check_) fail(pattern.offset, error);
      }
    }
    if (is_foldable(call.name) && !call.receiver_style && call.children.size() == 1 &&
        call.children[0]->kind == NodeKind::constant) {
      EvalContext ctx;
      Value v = call.function->impl(ctx, call, &call.children[0]->value, 1);
      if (v.is_error()) {
        if (check_) fail(call.children[0]->offset, v.text.data() ? std::string(v.text) : "error");
        return;
      }
      call.kind = NodeKind::constant;
      call.value = std::move(v);
      call.children.clear();
    }
  }

  std::string_view source_;
  bool check_;
  const std::vector<std::string>& variables_;
  const std::optional<CompileOptions::RuleVariables>& rule_variables_;
  const Definitions* definitions_;
  std::vector<std::string> expanding_;  // definitions being expanded, outermost first
  std::size_t expanded_nodes_ = 0;
  std::size_t* pack_budget_;       // shared by every expression of a pack, when given
  std::size_t counted_nodes_ = 0;  // of expanded_nodes_, already added to it
  bool has_qualified_ = false;
  std::vector<std::string> scope_;
  int max_locals_ = 0;
};

}  // namespace

int resolve(NodePtr& root, std::string_view source, const CompileOptions& options) {
  Resolver r(source, options);
  r.visit(root);
  return r.max_locals();
}

}  // namespace golive::expr
