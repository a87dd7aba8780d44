// Named definitions shared by the rules of a pack: storage, checking and the
// expansion of a call (the checker calls expand_definition()).

#include "expr/definitions.hpp"

#include <algorithm>
#include <stdexcept>

#include "expr/functions.hpp"
#include "expr/lexer.hpp"
#include "expr/parser.hpp"
#include "expr/program.hpp"
#include "golive/text.hpp"

namespace golive::expr {

namespace {

// Loop variables renamed by an expansion end in '#<n>', which no identifier
// in source can contain, so they never collide with an argument's names.
std::string fresh_loop_var(const std::string& name) {
  static thread_local std::size_t counter = 0;
  return name + "#" + std::to_string(++counter);
}

void count_node(std::size_t& budget, std::size_t call_offset, std::string_view source) {
  if (++budget > kMaxExpandedNodes)
    throw CompileError("expression is too large once its definitions are expanded (more than " +
                           std::to_string(kMaxExpandedNodes) + " nodes)",
                       position_at(source, call_offset));
}

NodePtr copy_fields(const Node& node) {
  auto out = std::make_unique<Node>();
  out->kind = node.kind;
  out->offset = node.offset;
  out->name_offset = node.name_offset;
  out->depth = node.depth;
  out->name = node.name;
  out->value = node.value;
  out->field_names = node.field_names;
  out->op = node.op;
  out->receiver_style = node.receiver_style;
  out->global_only = node.global_only;
  out->ident_kind = node.ident_kind;
  out->slot = node.slot;
  out->function = node.function;
  out->regex = node.regex;
  out->macro = node.macro;
  out->loop_var = node.loop_var;
  return out;
}

class Expander {
 public:
  Expander(const Definitions::Entry& entry, const std::vector<NodePtr>& args,
           std::size_t call_offset, std::string_view source, std::size_t& budget)
      : entry_(entry), args_(args), offset_(call_offset), source_(source), budget_(budget) {}

  NodePtr copy(const Node& node) {
    if (node.kind == NodeKind::ident && !renamed(node.name)) {
      auto param = std::find(entry_.params.begin(), entry_.params.end(), node.name);
      if (param != entry_.params.end())
        return clone_tree(*args_[static_cast<std::size_t>(param - entry_.params.begin())], budget_,
                          offset_, source_);
    }
    count_node(budget_, offset_, source_);
    NodePtr out = copy_fields(node);
    out->offset = offset_;
    out->name_offset = offset_;
    if (node.kind == NodeKind::ident) {
      if (const std::string* to = renamed(node.name))
        out->name = *to;
      else
        out->global_only = true;  // facts/env/now (checked at load): never a caller's loop variable
      return out;
    }
    if (node.kind == NodeKind::macro) {
      out->children.push_back(copy(*node.children[0]));  // the range is outside the loop
      out->loop_var = fresh_loop_var(node.loop_var);
      scope_.emplace_back(node.loop_var, out->loop_var);
      for (std::size_t i = 1; i < node.children.size(); ++i)
        out->children.push_back(copy(*node.children[i]));
      scope_.pop_back();
      return out;
    }
    for (const auto& child : node.children) out->children.push_back(copy(*child));
    return out;
  }

 private:
  const std::string* renamed(const std::string& name) const {
    for (auto it = scope_.rbegin(); it != scope_.rend(); ++it)
      if (it->first == name) return &it->second;
    return nullptr;
  }

  const Definitions::Entry& entry_;
  const std::vector<NodePtr>& args_;
  std::size_t offset_;
  std::string_view source_;
  std::size_t& budget_;
  std::vector<std::pair<std::string, std::string>> scope_;  // loop var -> renamed
};

// Names a parameter may not take: the variables, and the type names an
// expression compares with (type(x) == string).
const std::vector<std::string> kGlobalNames = {"self",  "facts", "env",    "now",       "variables",
                                               "int",   "uint",  "double", "bool",      "string",
                                               "bytes", "list",  "map",    "null_type", "type"};

}  // namespace

NodePtr clone_tree(const Node& node, std::size_t& budget, std::size_t call_offset,
                   std::string_view source) {
  count_node(budget, call_offset, source);
  NodePtr out = copy_fields(node);
  for (const auto& child : node.children)
    out->children.push_back(clone_tree(*child, budget, call_offset, source));
  return out;
}

NodePtr expand_definition(const Definitions::Entry& entry, const std::vector<NodePtr>& args,
                          std::size_t call_offset, std::string_view source, std::size_t& budget) {
  return Expander(entry, args, call_offset, source, budget).copy(*entry.body);
}

Definitions::Definitions() = default;
Definitions::~Definitions() = default;
Definitions::Definitions(Definitions&&) noexcept = default;
Definitions& Definitions::operator=(Definitions&&) noexcept = default;

void Definitions::add(const std::string& name, const std::vector<std::string>& params,
                      std::string_view source, std::string description) {
  if (!is_identifier(name))
    throw std::invalid_argument(
        "definition name '" + name +
        "' must be an identifier (letters, digits and '_', not starting with "
        "a digit)");
  if (find_function(name, false) || find_function(name, true) || name == "has")
    throw std::invalid_argument("'" + name +
                                "' is a built-in function; a definition needs another name");
  if (contains(name)) throw std::invalid_argument("definition '" + name + "' is defined twice");
  for (const auto& param : params) {
    if (!is_identifier(param))
      throw std::invalid_argument("parameter '" + param + "' of '" + name +
                                  "' must be an identifier");
    if (std::find(kGlobalNames.begin(), kGlobalNames.end(), param) != kGlobalNames.end())
      throw std::invalid_argument("parameter '" + param + "' of '" + name +
                                  "' hides the variable or type '" + param +
                                  "'; choose another name");
    if (std::count(params.begin(), params.end(), param) > 1)
      throw std::invalid_argument("parameter '" + param + "' of '" + name + "' is listed twice");
  }
  auto entry = std::make_unique<Entry>();
  entry->name = name;
  entry->params = params;
  entry->source = std::string(source);
  entry->description = std::move(description);
  entry->body = parse(entry->source);
  by_name_.emplace(entry->name, entry.get());
  entries_.push_back(std::move(entry));
}

void Definitions::check(const std::string& name) const {
  const Entry* entry = find(name);
  if (!entry) throw std::invalid_argument("no definition '" + name + "'");
  CompileOptions options;
  options.variables = {"facts", "env", "now"};
  options.variables.insert(options.variables.end(), entry->params.begin(), entry->params.end());
  options.definitions = this;
  compile(entry->source, options);
}

bool Definitions::contains(std::string_view name) const {
  return find(name) != nullptr;
}

const Definitions::Entry* Definitions::find(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

std::vector<std::string> Definitions::names() const {
  std::vector<std::string> out;
  for (const auto& entry : entries_) out.push_back(entry->name);
  return out;
}

std::size_t Definitions::size() const {
  return entries_.size();
}

std::vector<Definitions::Info> Definitions::list() const {
  std::vector<Info> out;
  for (const auto& entry : entries_)
    out.push_back({entry->name, entry->params, entry->description, entry->source});
  return out;
}

}  // namespace golive::expr
