#pragma once
// The expression language: a subset of CEL (Common Expression Language) with
// golive's domain helpers. An expression is compiled once into a Program and
// evaluated many times (once per resource) against read-only facts.
//
// Evaluation never throws for data problems. It yields one of three outcomes:
//   value   - the expression produced a value;
//   unknown - it needed a fact that the environment did not provide (a missing
//             field, key or list element); `missing` names those facts;
//   error   - the expression is wrong for the data (no such overload, division
//             by zero, bad regex, ...); `error` says what.
// Unknown is absorbed like CEL's unknowns: `false && unknown` is false,
// `true || unknown` is true, anything else touching an unknown is unknown, and
// unknown wins over error.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace golive::expr {

// Where in the expression text something is, 1-based.
struct SourcePosition {
  int line = 1;
  int column = 1;
  std::size_t offset = 0;  // 0-based byte offset
};

// The expression does not parse, or (when checking is on) names an unknown
// variable or function. The message says what to change.
class CompileError : public std::runtime_error {
 public:
  CompileError(const std::string& message, SourcePosition position)
      : std::runtime_error(message), position_(position) {}
  const SourcePosition& position() const { return position_; }

 private:
  SourcePosition position_;
};

class Definitions;

struct CompileOptions {
  // Reject identifiers that are neither declared variables nor macro loop
  // variables, and calls to functions the evaluator does not know, with a
  // did-you-mean. Rules compile with checking on.
  bool check = true;
  // Top-level variables an expression may reference (when `check` is on).
  std::vector<std::string> variables = {"self", "facts", "env", "now", "variables"};
  // A rule's `variables` names, when the expression belongs to a rule (with
  // checking on, `variables.<name>` must be one of `visible`; one of `later`,
  // defined after the expression, is reported as such).
  struct RuleVariables {
    std::vector<std::string> visible;
    std::vector<std::string> later;
  };
  std::optional<RuleVariables> rule_variables;
  // Named definitions a call may use (`odoo_web_deployments()`,
  // `pod_containers(spec)`); each call is expanded in place at compile time.
  // Must outlive compile() only.
  const Definitions* definitions = nullptr;
  // Nodes added by expanding definitions, shared by every expression compiled
  // with the same counter (a rule pack): past a bound, compiling fails.
  std::size_t* expansion_budget = nullptr;
};

// Named, parameterised expressions shared by the rules of a pack
// (`definitions:` in a rule pack, docs/rule-authoring.md). A call
// `name(args)` in any expression compiled with these definitions is replaced
// by the definition's body with its parameters bound to the arguments, so a
// join (the Odoo routers, every container of a pod template) is written once
// and costs nothing at evaluation time. A body sees its parameters, `facts`,
// `env`, `now` and the other definitions; never `self` or `variables`.
class Definitions {
 public:
  struct Entry;

  Definitions();
  ~Definitions();
  Definitions(Definitions&&) noexcept;
  Definitions& operator=(Definitions&&) noexcept;

  // Adds `name(params...) = source`. Throws CompileError when the body does
  // not parse (position in `source`), std::invalid_argument when the name or
  // a parameter is not an identifier, a parameter hides a variable, or
  // `name` is already defined or is a built-in function.
  void add(const std::string& name, const std::vector<std::string>& params, std::string_view source,
           std::string description = {});
  // Checks a definition's body as a rule expression would be checked:
  // unknown names and functions, arity of the definitions it calls, a
  // definition calling itself. Throws CompileError (position in its source).
  void check(const std::string& name) const;

  bool contains(std::string_view name) const;
  const Entry* find(std::string_view name) const;
  std::vector<std::string> names() const;
  std::size_t size() const;

  // For listings (golive rules definitions).
  struct Info {
    std::string name;
    std::vector<std::string> params;
    std::string description;
    std::string source;
  };
  std::vector<Info> list() const;

 private:
  std::vector<std::unique_ptr<Entry>> entries_;  // in the order added
  std::map<std::string, const Entry*, std::less<>> by_name_;
};

class Program;  // opaque; immutable once compiled, safe to evaluate concurrently

// Compiles `source`. Throws CompileError.
std::shared_ptr<const Program> compile(std::string_view source, const CompileOptions& options = {});

// What an expression can see. The pointers must outlive evaluate().
struct Variables {
  const nlohmann::json* self = nullptr;   // the item under evaluation
  const nlohmann::json* facts = nullptr;  // the whole facts tree
  const nlohmann::json* env = nullptr;    // {"name": ..., "profile": ...}
  std::chrono::system_clock::time_point now{};
  // A rule's named sub-expressions, already evaluated: {"<name>": value}.
  // A name absent here reads as unknown ("variables.<name>").
  const nlohmann::json* variables = nullptr;
};

struct EvalOptions {
  // Record the facts the evaluation read (path and value), for evidence.
  bool record_evidence = false;
  std::size_t max_evidence = 16;
};

// A fact the evaluation read: its path from a variable (e.g.
// "self.spec.replicas", "self.spec.containers[0].image") and its value, or
// `missing` when it was absent.
struct Evidence {
  std::string path;
  nlohmann::json value;
  bool missing = false;
};

enum class Outcome { value, unknown, error };

struct Result {
  Outcome outcome = Outcome::error;
  // The value as JSON when outcome == value. Durations, timestamps,
  // quantities and semvers become their canonical strings; bytes base64.
  nlohmann::json value;
  std::string error;                 // when outcome == error
  std::vector<std::string> missing;  // when outcome == unknown: absent fact paths
  std::vector<Evidence> evidence;    // when EvalOptions::record_evidence

  bool is_true() const {
    return outcome == Outcome::value && value.is_boolean() && value.get<bool>();
  }
  bool is_false() const {
    return outcome == Outcome::value && value.is_boolean() && !value.get<bool>();
  }
};

Result evaluate(const Program& program, const Variables& variables,
                const EvalOptions& options = {});

// The top-level keys of `facts` the expression reads (`facts.k8s...`,
// `facts["azure"]...`), sorted; "*" when it reads `facts` whole or by a
// computed key. Rules derive the systems they need from these.
std::vector<std::string> fact_roots(const Program& program);

// The text a value shows in a rendered message: strings unquoted, everything
// else as compact JSON (durations/quantities/semvers as their canonical text).
std::string display(const nlohmann::json& value);

}  // namespace golive::expr
