// The public API (golive/expr.hpp): compile, evaluate, display.

#include "golive/expr.hpp"

#include <algorithm>

#include "expr/parser.hpp"
#include "expr/program.hpp"

namespace golive::expr {

std::shared_ptr<const Program> compile(std::string_view source, const CompileOptions& options) {
  auto program = std::make_shared<Program>();
  program->source = std::string(source);
  for (const auto& v : options.variables) {
    if (std::find(program->variables.begin(), program->variables.end(), v) ==
        program->variables.end()) {
      program->variables.push_back(v);
    }
  }
  // Parse the Program's own copy: literals and names in the tree may point
  // into it.
  program->root = parse(program->source);
  program->local_slots = resolve(program->root, program->source, options);
  return program;
}

namespace {

Value variable_value(const std::string& name, const nlohmann::json* json, EvalContext& ctx) {
  // The root path node names the variable; values read below it carry
  // their full path from here.
  const PathNode* root = ctx.arena.make(nullptr, name);
  if (json == nullptr) return Value::unknown(name);
  return Value::from_json(*json, root);
}

Value now_value(std::chrono::system_clock::time_point now) {
  auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count();
  std::int64_t secs = nanos / kNanosPerSecond;
  std::int64_t frac = nanos % kNanosPerSecond;
  if (frac < 0) {
    frac += kNanosPerSecond;
    --secs;
  }
  return Value::timestamp(Timestamp{secs, static_cast<std::int32_t>(frac)});
}

}  // namespace

Result evaluate(const Program& program, const Variables& variables, const EvalOptions& options) {
  EvalContext ctx;
  ctx.record_evidence = options.record_evidence;
  ctx.max_evidence = options.max_evidence;

  // Variable values live on the stack for the usual handful of variables.
  constexpr std::size_t kInline = 6;
  Value inline_values[kInline];
  std::vector<Value> heap_values;
  Value* values = inline_values;
  if (program.variables.size() > kInline) {
    heap_values.resize(program.variables.size());
    values = heap_values.data();
  }
  for (std::size_t i = 0; i < program.variables.size(); ++i) {
    const std::string& name = program.variables[i];
    if (name == "self") {
      values[i] = variable_value(name, variables.self, ctx);
    } else if (name == "facts") {
      values[i] = variable_value(name, variables.facts, ctx);
    } else if (name == "env") {
      values[i] = variable_value(name, variables.env, ctx);
    } else if (name == "variables") {
      values[i] = variable_value(name, variables.variables, ctx);
    } else if (name == "now") {
      values[i] = now_value(variables.now);
    } else {
      values[i] = Value::unknown(name);  // declared, but nothing provides it
    }
  }

  Value v = evaluate_values(program, values, program.variables.size(), ctx);
  Result result;
  switch (v.kind) {
    case Kind::unknown:
      result.outcome = Outcome::unknown;
      result.missing = v.missing();
      break;
    case Kind::error:
      result.outcome = Outcome::error;
      result.error = std::string(v.text);
      break;
    default:
      result.outcome = Outcome::value;
      result.value = to_json(v);
      break;
  }
  result.evidence = std::move(ctx.evidence);
  return result;
}

std::string display(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

}  // namespace golive::expr
