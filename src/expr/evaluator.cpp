#include "expr/evaluator.hpp"

#include <cmath>
#include <iterator>

#include "expr/functions.hpp"
#include "expr/program.hpp"

namespace golive::expr {

void EvalContext::record(const PathNode* path, const Value& value, bool missing) {
  if (evidence.size() >= max_evidence) return;
  std::string p = path_to_string(path);
  for (const Evidence& e : evidence) {
    if (e.path == p) return;
  }
  Evidence e;
  e.path = std::move(p);
  e.missing = missing;
  if (!missing) e.value = to_json(value);
  evidence.push_back(std::move(e));
}

namespace {

bool is_scalar(const Value& v) {
  return v.kind != Kind::list && v.kind != Kind::map;
}

// Notes a value read from the facts, for evidence. Costs one branch when
// evidence is off.
inline void note_read(EvalContext& ctx, const Value& v) {
  if (ctx.record_evidence && v.path && is_scalar(v)) ctx.record(v.path, v, false);
}

// A fact that the environment does not provide: unknown, never an error.
Value missing_fact(EvalContext& ctx, const PathNode* path) {
  if (ctx.record_evidence) ctx.record(path, Value{}, true);
  return Value::unknown(path_to_string(path));
}

// Strictness: the first unknown (merged with all others) or else the first
// error among `n` values; nullptr-like empty optional when all are plain.
bool absorb(const Value* values, std::size_t n, Value& out) {
  bool found = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (values[i].is_unknown()) {
      out = found && out.is_unknown() ? merge_unknowns(out, values[i]) : values[i];
      found = true;
    }
  }
  if (found) return true;
  for (std::size_t i = 0; i < n; ++i) {
    if (values[i].is_error()) {
      out = values[i];
      return true;
    }
  }
  return false;
}

Value eval_select(const Node& node, EvalContext& ctx) {
  Value target = eval(*node.children[0], ctx);
  if (target.is_unknown() || target.is_error()) return target;
  if (target.kind != Kind::map) {
    return Value::error("type '" + std::string(type_name(target.kind)) +
                        "' does not support field selection ('." + node.name + "')");
  }
  if (auto v = map_find_field(target, node.name, ctx.arena)) {
    note_read(ctx, *v);
    return *v;
  }
  if (target.json) return missing_fact(ctx, ctx.arena.make(target.path, node.name));
  return Value::error("no such key: '" + node.name + "'");
}

Value eval_has(const Node& node, EvalContext& ctx) {
  Value target = eval(*node.children[0], ctx);
  if (target.is_unknown() || target.is_error()) return target;
  if (target.kind != Kind::map) {
    return Value::error("has() needs a map to test for '" + node.name + "', found " +
                        std::string(type_name(target.kind)));
  }
  bool present = map_find_field(target, node.name, ctx.arena).has_value();
  if (!present && target.json && ctx.record_evidence) {
    ctx.record(ctx.arena.make(target.path, node.name), Value{}, true);
  }
  return Value::boolean(present);
}

Value eval_index(const Node& node, EvalContext& ctx) {
  Value target = eval(*node.children[0], ctx);
  Value index = eval(*node.children[1], ctx);
  Value pair[2] = {target, index};
  Value absorbed;
  if (absorb(pair, 2, absorbed)) return absorbed;
  if (target.kind == Kind::list) {
    std::int64_t i;
    if (index.kind == Kind::integer) {
      i = index.num.i;
    } else if (index.kind == Kind::uinteger && index.num.u < (std::uint64_t{1} << 62)) {
      i = static_cast<std::int64_t>(index.num.u);
    } else if (index.kind == Kind::floating && std::trunc(index.num.d) == index.num.d &&
               std::fabs(index.num.d) < 1e18) {
      i = static_cast<std::int64_t>(index.num.d);
    } else {
      return Value::error("invalid_argument: list index must be an int, found " +
                          std::string(type_name(index.kind)));
    }
    if (i < 0 || static_cast<std::size_t>(i) >= list_size(target)) {
      if (target.json) return missing_fact(ctx, ctx.arena.make(target.path, {}, i));
      return Value::error("invalid_argument: index " + std::to_string(i) +
                          " out of range for a list of size " + std::to_string(list_size(target)));
    }
    Value v = list_at(target, static_cast<std::size_t>(i), ctx.arena);
    note_read(ctx, v);
    return v;
  }
  if (target.kind == Kind::map) {
    if (auto v = map_find(target, index, ctx.arena)) {
      note_read(ctx, *v);
      return *v;
    }
    if (target.json && index.kind == Kind::string) {
      return missing_fact(ctx, ctx.arena.make(target.path, index.text));
    }
    std::string key =
        index.kind == Kind::string ? "'" + std::string(index.text) + "'" : to_json(index).dump();
    return Value::error("no such key: " + key);
  }
  return no_overload("_[_]", pair, 2);
}

Value eval_call(const Node& node, EvalContext& ctx) {
  if (node.function == nullptr) {
    return Value::error("unbound function '" + node.name + "'");
  }
  std::size_t n = node.children.size();
  if (n > kMaxCallArgs) return Value::error("too many arguments to '" + node.name + "'");
  Value args[kMaxCallArgs];
  for (std::size_t i = 0; i < n; ++i) args[i] = eval(*node.children[i], ctx);
  Value absorbed;
  if (absorb(args, n, absorbed)) return absorbed;
  return node.function->impl(ctx, node, args, n);
}

Value eval_list(const Node& node, EvalContext& ctx) {
  std::vector<Value> items;
  items.reserve(node.children.size());
  for (const NodePtr& c : node.children) items.push_back(eval(*c, ctx));
  Value absorbed;
  if (absorb(items.data(), items.size(), absorbed)) return absorbed;
  return Value::list(std::move(items));
}

Value eval_map(const Node& node, EvalContext& ctx) {
  std::vector<Value> parts;
  parts.reserve(node.children.size());
  for (const NodePtr& c : node.children) parts.push_back(eval(*c, ctx));
  Value absorbed;
  if (absorb(parts.data(), parts.size(), absorbed)) return absorbed;
  std::vector<std::pair<Value, Value>> entries;
  entries.reserve(parts.size() / 2);
  for (std::size_t i = 0; i + 1 < parts.size(); i += 2) {
    const Value& key = parts[i];
    if (key.kind != Kind::integer && key.kind != Kind::uinteger && key.kind != Kind::boolean &&
        key.kind != Kind::string) {
      return Value::error("unsupported key type " + std::string(type_name(key.kind)) +
                          " in map literal");
    }
    for (const auto& [k, v] : entries) {
      if (values_equal(k, key, ctx.arena)) {
        return Value::error("Failed with repeated key " + to_json(key).dump() + " in map literal");
      }
    }
    entries.emplace_back(key, parts[i + 1]);
  }
  return Value::map(std::move(entries));
}

// && and || are commutative over errors and unknowns: a decisive operand
// (false for &&, true for ||) wins on either side; otherwise unknown wins
// over error.
Value eval_logical(const Node& node, EvalContext& ctx, bool is_and) {
  const bool decisive = !is_and;
  Value l = eval(*node.children[0], ctx);
  if (l.kind == Kind::boolean && l.num.b == decisive) return l;
  Value r = eval(*node.children[1], ctx);
  if (r.kind == Kind::boolean && r.num.b == decisive) return r;
  if (l.kind == Kind::boolean && r.kind == Kind::boolean) return Value::boolean(!decisive);
  if (l.is_unknown() || r.is_unknown()) return merge_unknowns(l, r);
  if (l.is_error()) return l;
  if (r.is_error()) return r;
  Value args[2] = {l, r};
  return no_overload(is_and ? "_&&_" : "_||_", args, 2);
}

Value eval_not(const Node& node, EvalContext& ctx) {
  Value v = eval(*node.children[0], ctx);
  if (v.kind == Kind::boolean) return Value::boolean(!v.num.b);
  if (v.is_unknown() || v.is_error()) return v;
  return no_overload("!_", &v, 1);
}

Value eval_ternary(const Node& node, EvalContext& ctx) {
  Value c = eval(*node.children[0], ctx);
  if (c.is_unknown() || c.is_error()) return c;
  if (c.kind != Kind::boolean) return no_overload("_?_:_", &c, 1);
  return eval(*node.children[c.num.b ? 1 : 2], ctx);
}

Value eval_binary(const Node& node, EvalContext& ctx) {
  Value pair[2] = {eval(*node.children[0], ctx), eval(*node.children[1], ctx)};
  Value absorbed;
  if (absorb(pair, 2, absorbed)) return absorbed;
  return apply_binary(node.op, pair[0], pair[1], ctx.arena);
}

// Folds the predicate results of all/exists like && and || do, so a
// decisive element wins over errors and unknowns in other elements.
struct LogicalFold {
  bool decisive;  // false for all(), true for exists()
  Value pending;  // first error, or merged unknowns
  bool has_pending = false;

  bool add(const Value& v) {  // true when the result is decided
    if (v.kind == Kind::boolean) return v.num.b == decisive;
    if (v.is_unknown()) {
      pending = has_pending && pending.is_unknown() ? merge_unknowns(pending, v) : v;
      has_pending = true;
    } else if (!has_pending) {
      pending = v.is_error() ? v : no_overload("predicate", &v, 1);
      has_pending = true;
    }
    return false;
  }
};

Value eval_macro(const Node& node, EvalContext& ctx) {
  Value range = eval(*node.children[0], ctx);
  if (range.is_unknown() || range.is_error()) return range;
  std::vector<Value> keys;
  std::size_t count;
  if (range.kind == Kind::list) {
    count = list_size(range);
  } else if (range.kind == Kind::map) {
    keys = map_keys(range);
    count = keys.size();
  } else {
    return Value::error(node.name + "() needs a list or a map, found " +
                        std::string(type_name(range.kind)));
  }
  Value& var = ctx.locals[static_cast<std::size_t>(node.slot)];
  auto bind = [&](std::size_t i) {
    if (range.kind == Kind::list) {
      var = list_at(range, i, ctx.arena);
      note_read(ctx, var);
    } else {
      var = keys[i];
    }
  };
  const Node& body = *node.children[1];

  switch (node.macro) {
    case MacroKind::all:
    case MacroKind::exists: {
      LogicalFold fold{node.macro == MacroKind::exists, Value{}, false};
      for (std::size_t i = 0; i < count; ++i) {
        bind(i);
        if (fold.add(eval(body, ctx))) return Value::boolean(fold.decisive);
      }
      if (fold.has_pending) return fold.pending;
      return Value::boolean(!fold.decisive);
    }
    case MacroKind::exists_one: {
      std::int64_t matches = 0;
      std::vector<Value> problems;
      for (std::size_t i = 0; i < count; ++i) {
        bind(i);
        Value v = eval(body, ctx);
        if (v.kind == Kind::boolean) {
          matches += v.num.b ? 1 : 0;
        } else {
          problems.push_back(v.is_unknown() || v.is_error() ? v : no_overload("predicate", &v, 1));
        }
      }
      Value absorbed;
      if (absorb(problems.data(), problems.size(), absorbed)) return absorbed;
      return Value::boolean(matches == 1);
    }
    case MacroKind::filter:
    case MacroKind::map: {
      const bool has_filter = node.macro == MacroKind::filter || node.children.size() == 3;
      const Node* transform = node.macro == MacroKind::map ? node.children.back().get() : nullptr;
      std::vector<Value> out;
      std::vector<Value> problems;
      for (std::size_t i = 0; i < count; ++i) {
        bind(i);
        if (has_filter) {
          Value keep = eval(body, ctx);
          if (keep.kind != Kind::boolean) {
            problems.push_back(
                keep.is_unknown() || keep.is_error() ? keep : no_overload("predicate", &keep, 1));
            continue;
          }
          if (!keep.num.b) continue;
        }
        Value v = transform ? eval(*transform, ctx) : var;
        if (v.is_unknown() || v.is_error()) {
          problems.push_back(v);
          continue;
        }
        out.push_back(std::move(v));
      }
      Value absorbed;
      if (absorb(problems.data(), problems.size(), absorbed)) return absorbed;
      return Value::list(std::move(out));
    }
  }
  return Value::error("unsupported macro");
}

Value eval_ident(const Node& node, EvalContext& ctx) {
  switch (node.ident_kind) {
    case IdentKind::variable: {
      const Value& v = ctx.variables[node.slot];
      note_read(ctx, v);
      return v;
    }
    case IdentKind::local:
      return ctx.locals[static_cast<std::size_t>(node.slot)];
    case IdentKind::unresolved:
      break;
  }
  return Value::error("undeclared reference to '" + node.name + "'");
}

}  // namespace

Value eval(const Node& node, EvalContext& ctx) {
  switch (node.kind) {
    case NodeKind::constant:
      return node.value;
    case NodeKind::ident:
      return eval_ident(node, ctx);
    case NodeKind::select:
      return eval_select(node, ctx);
    case NodeKind::has:
      return eval_has(node, ctx);
    case NodeKind::index:
      return eval_index(node, ctx);
    case NodeKind::call:
      return eval_call(node, ctx);
    case NodeKind::list:
      return eval_list(node, ctx);
    case NodeKind::map:
      return eval_map(node, ctx);
    case NodeKind::structure:
      return Value::error("message literals ('" + node.name + "{...}') are not supported");
    case NodeKind::logical_and:
      return eval_logical(node, ctx, true);
    case NodeKind::logical_or:
      return eval_logical(node, ctx, false);
    case NodeKind::logical_not:
      return eval_not(node, ctx);
    case NodeKind::negate: {
      Value v = eval(*node.children[0], ctx);
      if (v.is_unknown() || v.is_error()) return v;
      return apply_negate(v);
    }
    case NodeKind::ternary:
      return eval_ternary(node, ctx);
    case NodeKind::binary:
      return eval_binary(node, ctx);
    case NodeKind::macro:
      return eval_macro(node, ctx);
  }
  return Value::error("unsupported expression");
}

Value evaluate_values(const Program& program, const Value* variables, std::size_t count,
                      EvalContext& ctx) {
  ctx.variables = variables;
  ctx.variable_count = count;
  auto slots = static_cast<std::size_t>(program.local_slots);
  if (slots <= std::size(ctx.inline_locals)) {
    ctx.locals = ctx.inline_locals;
  } else {
    ctx.heap_locals.assign(slots, Value{});
    ctx.locals = ctx.heap_locals.data();
  }
  return eval(*program.root, ctx);
}

}  // namespace golive::expr
