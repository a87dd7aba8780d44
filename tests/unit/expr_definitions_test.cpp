// Named definitions: expansion binds parameters without capturing names,
// nests, is checked like a rule expression and is bounded in size and depth.

#include <catch2/catch.hpp>

#include <string>

#include "golive/expr.hpp"

using namespace golive::expr;
using nlohmann::json;

namespace {

Result run(const std::string& source, const Definitions& definitions, const json& facts,
           const json& self = json::object()) {
  CompileOptions options;
  options.definitions = &definitions;
  auto program = compile(source, options);
  Variables vars;
  vars.facts = &facts;
  vars.self = &self;
  return evaluate(*program, vars);
}

std::string compile_error(const std::string& source, const Definitions& definitions) {
  CompileOptions options;
  options.definitions = &definitions;
  try {
    compile(source, options);
  } catch (const CompileError& e) {
    return e.what();
  }
  FAIL("expected a compile error for: " << source);
  return "";
}

Definitions pod_library() {
  Definitions d;
  d.add("pod_containers", {"spec"},
        "spec.containers + (has(spec.initContainers) ? spec.initContainers : [])");
  d.add("images", {"spec"}, "pod_containers(spec).map(c, c.image)");
  d.add("odoo_deployments", {},
        "facts.k8s.deployments.filter(d, images(d.spec.template.spec).exists(i, "
        "i.contains('odoo')))");
  return d;
}

const json kFacts = json::parse(R"({"k8s": {"deployments": [
  {"metadata": {"name": "web"}, "spec": {"template": {"spec": {
     "initContainers": [{"name": "init", "image": "busybox"}],
     "containers": [{"name": "odoo", "image": "odoo:18"}]}}}},
  {"metadata": {"name": "cache"}, "spec": {"template": {"spec": {
     "containers": [{"name": "redis", "image": "redis:7"}]}}}}]}})");

}  // namespace

TEST_CASE("definitions: a call is the body with its parameters bound", "[expr][definitions]") {
  Definitions d = pod_library();
  for (const auto& name : d.names()) d.check(name);
  auto r = run("odoo_deployments().map(d, d.metadata.name)", d, kFacts);
  REQUIRE(r.outcome == Outcome::value);
  CHECK(r.value == json::array({"web"}));
  r = run("facts.k8s.deployments.map(d, size(pod_containers(d.spec.template.spec)))", d, kFacts);
  CHECK(r.value == json::array({2, 1}));
}

TEST_CASE("definitions: an argument's names are never captured by the body's loops",
          "[expr][definitions]") {
  Definitions d;
  // The body's loop variable is `c`, like the caller's.
  d.add("names_with", {"items", "prefix"}, "items.filter(c, c.startsWith(prefix))");
  auto r = run("['ab', 'ac', 'b'].exists(c, names_with(['ab', 'ba', c], c).size() == 2)", d,
               json::object());
  REQUIRE(r.outcome == Outcome::value);
  // c = 'b': ['ba', 'b'] both start with 'b'.
  CHECK(r.value == true);
  // A parameter named like the body's loop variable stays the argument.
  Definitions shadow;
  shadow.add("first_of", {"x"}, "[x].map(x, x + 1)[0]");
  CHECK(run("first_of(41)", shadow, json::object()).value == 42);
}

TEST_CASE("definitions: unknown('reason') names what could not be established",
          "[expr][definitions]") {
  Definitions d;
  d.add("odoo_or_unknown", {},
        "size(facts.k8s.deployments) > 0 ? facts.k8s.deployments : "
        "unknown('<Deployment running an odoo image>')");
  auto r = run("odoo_or_unknown()", d, json::parse(R"({"k8s": {"deployments": []}})"));
  REQUIRE(r.outcome == Outcome::unknown);
  CHECK(r.missing == std::vector<std::string>{"<Deployment running an odoo image>"});
  // false && unknown is still false: an explicit unknown absorbs like any other.
  r = run("false && unknown('x')", d, json::object());
  CHECK(r.is_false());
}

TEST_CASE("definitions: problems are compile errors that say what to do", "[expr][definitions]") {
  Definitions d = pod_library();
  CHECK_THAT(compile_error("pod_containers()", d),
             Catch::Contains("'pod_containers' takes 1 argument (pod_containers(spec)), found 0"));
  CHECK_THAT(compile_error("pod_contaners(self)", d),
             Catch::Contains("did you mean 'pod_containers'?"));
  // Names are checked as in a rule, against the parameters and facts/env/now.
  Definitions bad;
  bad.add("reads_self", {}, "self.spec");
  CHECK_THROWS_WITH(bad.check("reads_self"), Catch::Contains("unknown variable 'self'"));
  bad.add("loop_a", {}, "loop_b()");
  bad.add("loop_b", {}, "loop_a()");
  CHECK_THROWS_WITH(bad.check("loop_a"), Catch::Contains("a definition must not call itself"));
  CHECK_THROWS_AS(bad.add("size", {}, "1"), std::invalid_argument);
  CHECK_THROWS_AS(bad.add("loop_a", {}, "1"), std::invalid_argument);
  CHECK_THROWS_AS(bad.add("p", {"facts"}, "1"), std::invalid_argument);
  CHECK_THROWS_AS(bad.add("2x", {}, "1"), std::invalid_argument);
  CHECK_THROWS_AS(bad.add("broken", {}, "facts.("), CompileError);
}

TEST_CASE("definitions: expansion is bounded in size and depth", "[expr][definitions]") {
  // Each level doubles the tree: 2^40 nodes if nothing stopped it.
  Definitions d;
  d.add("l0", {"x"}, "[x, x]");
  for (int i = 1; i <= 40; ++i)
    d.add("l" + std::to_string(i), {"x"},
          "l" + std::to_string(i - 1) + "(l" + std::to_string(i - 1) + "(x))");
  CHECK_THAT(compile_error("l40(1)", d), Catch::Contains("too large") || Catch::Contains("deep"));
  // A chain of definitions deeper than the evaluator's recursion limit.
  Definitions chain;
  chain.add("c0", {"x"}, "x + 1");
  for (int i = 1; i <= 300; ++i)
    chain.add("c" + std::to_string(i), {"x"}, "c" + std::to_string(i - 1) + "([x][0])");
  CHECK_THAT(compile_error("c300(1)", chain), Catch::Contains("deep"));
  // What fits evaluates.
  CHECK(run("c20(1)", chain, json::object()).value == 2);
}

TEST_CASE("definitions: a body's facts/env/now are never a caller's loop variable",
          "[expr][definitions]") {
  Definitions d;
  d.add("is_prod", {}, "has(env.name) && env.name == 'prod'");
  d.add("text_type", {"x"}, "type(x) == string");
  CompileOptions options;
  options.definitions = &d;
  const json env = {{"name", "staging"}};
  Variables vars;
  vars.env = &env;
  // The caller loops with a variable named `env`: the body still reads the
  // environment, so staging is not prod.
  auto program = compile("[{'name': 'prod'}].all(env, is_prod())", options);
  CHECK(evaluate(*program, vars).is_false());
  // Type names inside a body stay types, whatever the caller's loop names.
  program = compile("['a'].all(string, text_type(string))", options);
  CHECK(evaluate(*program, vars).is_true());
  CHECK_THROWS_AS(d.add("p", {"string"}, "1"), std::invalid_argument);
}

TEST_CASE("definitions: calls nested in arguments are not nested definitions",
          "[expr][definitions]") {
  Definitions d;
  d.add("h", {"x"}, "x");
  std::string nested = "true";
  for (int i = 0; i < 40; ++i) nested = "h(" + nested + ")";
  CHECK(run(nested, d, json::object()).is_true());
  // A definition called as a method says how to call it.
  CHECK_THAT(compile_error("self.h()", d), Catch::Contains("'h' is a definition, not a method"));
}

TEST_CASE("definitions: a whole pack's expansions share one bound", "[expr][definitions]") {
  Definitions d;
  d.add("b0", {"x"}, "[x, x, x, x, x, x, x, x]");
  d.add("b1", {"x"}, "b0(b0(b0(b0(x))))");  // 8^4 = 4096 copies of x, about 5,000 nodes
  std::size_t budget = 0;
  CompileOptions options;
  options.definitions = &d;
  options.expansion_budget = &budget;
  // Each expression is well within its own bound; together they are not.
  std::string failure;
  for (int i = 0; i < 1000 && failure.empty(); ++i) {
    try {
      compile("size(b1(1)) > 0", options);
    } catch (const CompileError& e) {
      failure = e.what();
    }
  }
  CHECK_THAT(failure, Catch::Contains("the rule pack is too large"));
  CHECK(budget > 2000000);
}
