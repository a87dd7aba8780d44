// Evaluation: operators, functions, conversions, macros, and how errors
// and unknowns are absorbed.

#include <catch2/catch.hpp>

#include <string>

#include "golive/expr.hpp"

using namespace golive::expr;
using nlohmann::json;

namespace {

Result run(const std::string& source, const json& self = json::object(), bool check = false) {
  CompileOptions options;
  options.check = check;
  Variables vars;
  vars.self = &self;
  return evaluate(*compile(source, options), vars);
}

json value_of(const std::string& source, const json& self = json::object()) {
  Result r = run(source, self);
  INFO(source << " -> error: " << r.error);
  REQUIRE(r.outcome == Outcome::value);
  return r.value;
}

std::string error_of(const std::string& source, const json& self = json::object()) {
  Result r = run(source, self);
  INFO(source << " -> " << r.value.dump());
  REQUIRE(r.outcome == Outcome::error);
  return r.error;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("expr: arithmetic", "[expr][eval]") {
  CHECK(value_of("7 / 2") == 3);
  CHECK(value_of("-7 % 3") == -1);
  CHECK(value_of("7.0 / 2.0") == 3.5);
  CHECK(value_of("3u * 4u") == 12u);
  CHECK(value_of("'ab' + 'cd'") == "abcd");
  CHECK(value_of("[1] + [2, 3]") == json::array({1, 2, 3}));
  CHECK(contains(error_of("1 / 0"), "division by zero"));
  CHECK(contains(error_of("1 % 0"), "modulus by zero"));
  CHECK(contains(error_of("9223372036854775807 + 1"), "overflow"));
  CHECK(contains(error_of("-9223372036854775808 * -1"), "overflow"));
  CHECK(contains(error_of("[9223372036854775807, 1].sum()"), "overflow"));
  CHECK(contains(error_of("[1, 2.0].sum()"), "one type"));
  CHECK(contains(error_of("['a'].sum()"), "numbers"));
  CHECK(contains(error_of("0u - 1u"), "overflow"));
  CHECK(contains(error_of("1 + 1.0"), "no matching overload for '_+_' applied to (int, double)"));
  CHECK(contains(error_of("-'a'"), "no matching overload"));
}

TEST_CASE("expr: comparisons and equality", "[expr][eval]") {
  CHECK(value_of("1 == 1.0") == true);
  CHECK(value_of("dyn(1) == 1u") == true);
  CHECK(value_of("1 < 1.5 && 2u > 1 && -1 < 0u") == true);
  CHECK(value_of("0.0/0.0 == 0.0/0.0") == false);
  CHECK(value_of("0.0/0.0 != 0.0/0.0") == true);
  CHECK(value_of("'a' == 1") == false);  // heterogeneous equality is false, not an error
  CHECK(value_of("[1, 2] == [1.0, 2u]") == true);
  CHECK(value_of("{'a': 1} == {'a': 1.0}") == true);
  CHECK(value_of("{'a': 1} != {'b': 1}") == true);
  CHECK(value_of("'abc' < 'abd'") == true);
  CHECK(value_of("null == null") == true);
  CHECK(contains(error_of("[1] < [2]"), "no matching overload"));
  CHECK(value_of("3 in [1, 2, 3]") == true);
  CHECK(value_of("'k' in {'k': 1}") == true);
  CHECK(value_of("2.0 in [1, 2]") == true);
}

TEST_CASE("expr: size and string functions", "[expr][eval]") {
  CHECK(value_of("size('héllo')") == 5);
  CHECK(value_of("'héllo'.size()") == 5);
  CHECK(value_of("size(b'ab')") == 2);
  CHECK(value_of("size([1, 2]) + size({'a': 1})") == 3);
  CHECK(value_of("'foobar'.startsWith('foo') && 'foobar'.endsWith('bar')") == true);
  CHECK(value_of("'foobar'.contains('oba')") == true);
  CHECK(value_of("'registry.io/app:1.2'.matches('^[a-z.]+/[a-z]+:[0-9.]+$')") == true);
  CHECK(value_of("matches('abc', 'b')") == true);
  CHECK(value_of("'MiXeD'.lowerAscii() + 'MiXeD'.upperAscii()") == "mixedMIXED");
  CHECK(value_of("'  pad \\n'.trim()") == "pad");
  CHECK(value_of("'a,b,,c'.split(',')") == json::array({"a", "b", "", "c"}));
  CHECK(value_of("'a,b,c'.split(',', 2)") == json::array({"a", "b,c"}));
  CHECK(value_of("['a', 'b'].join('-')") == "a-b");
  CHECK(value_of("['a', 'b'].join()") == "ab");
  CHECK(value_of("['b', 'a', 'b', 'c', 'a'].distinct().join()") == "bac");
  CHECK(value_of("[1, 1.0, 2u, 2].distinct().size()") == 2);
  CHECK(value_of("[3, 2, 5].sum()") == 10);
  CHECK(value_of("[].sum()") == 0);
  CHECK(value_of("[1.5, 2.0].sum()") == 3.5);
  CHECK(value_of("[1u, 2u].sum()") == 3u);
  CHECK(value_of("'aaa'.replace('a', 'b')") == "bbb");
  CHECK(value_of("'aaa'.replace('a', 'b', 1)") == "baa");
  CHECK(value_of("'héllo'.indexOf('l')") == 2);
  CHECK(value_of("'héllo'.lastIndexOf('l')") == 3);
  CHECK(value_of("'hello'.indexOf('z')") == -1);
  CHECK(value_of("'héllo'.substring(1, 3)") == "él");
  CHECK(value_of("'hello'.charAt(1)") == "e");
  CHECK(contains(error_of("'a'.matches('(')"), "invalid regular expression"));
}

TEST_CASE("expr: dynamic regex patterns are checked and cached", "[expr][eval]") {
  json self = {{"pattern", "^v[0-9]+$"}, {"bad", "(unclosed"}};
  CHECK(value_of("'v12'.matches(self.pattern)", self) == true);
  CHECK(value_of("'v12'.matches(self.pattern)", self) == true);
  CHECK(contains(error_of("'v'.matches(self.bad)", self), "invalid regular expression"));
}

TEST_CASE("expr: hostile regexes run in linear time", "[expr][eval]") {
  std::string input(100000, 'a');
  input += "!";
  json self = {{"s", input}};
  auto start = std::chrono::steady_clock::now();
  CHECK(value_of("self.s.matches('(a+)+$')", self) == false);
  CHECK(value_of("self.s.matches('^(a|aa)+$')", self) == false);
  CHECK(value_of("self.s.matches('(a*)*b')", self) == false);
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(elapsed < std::chrono::seconds(2));
}

TEST_CASE("expr: conversions and types", "[expr][eval]") {
  CHECK(value_of("int('42') + int(2.9) + int(3u)") == 47);
  CHECK(value_of("uint(5)") == 5u);
  CHECK(value_of("double(1) / 2.0") == 0.5);
  CHECK(value_of("string(12) + string(1.5) + string(true)") == "121.5true");
  CHECK(value_of("bool('true') && !bool('0')") == true);
  CHECK(value_of("bytes('hi')") == "aGk=");
  CHECK(value_of("type(1) == int && type('a') == string && type([]) == list") == true);
  CHECK(value_of("type(type(1))") == "type");
  CHECK(value_of("type({}) == map && type(null) == null_type") == true);
  CHECK(value_of("type(duration('1h'))") == "google.protobuf.Duration");
  CHECK(contains(error_of("int('x1')"), "'x1'"));
  CHECK(contains(error_of("int(1e99)"), "range"));
  CHECK(contains(error_of("uint(-1)"), "range"));
  CHECK(contains(error_of("bool('yes')"), "'yes'"));
  CHECK(contains(error_of("string(b'\\xff')"), "UTF-8"));
}

TEST_CASE("expr: && and || absorb errors and unknowns commutatively", "[expr][eval]") {
  json self = {{"present", true}};
  // error operands
  CHECK(value_of("false && 1/0 == 1") == false);
  CHECK(value_of("1/0 == 1 && false") == false);
  CHECK(value_of("true || 1/0 == 1") == true);
  CHECK(value_of("1/0 == 1 || true") == true);
  CHECK(contains(error_of("true && 1/0 == 1"), "division by zero"));
  CHECK(contains(error_of("1/0 == 1 || false"), "division by zero"));
  // unknown operands (self.absent is a missing fact)
  CHECK(run("false && self.absent", self).is_false());
  CHECK(run("self.absent && false", self).is_false());
  CHECK(run("true || self.absent", self).is_true());
  CHECK(run("self.absent || true", self).is_true());
  CHECK(run("true && self.absent", self).outcome == Outcome::unknown);
  CHECK(run("self.absent || false", self).outcome == Outcome::unknown);
  // unknown wins over error
  CHECK(run("self.absent && 1/0 == 1", self).outcome == Outcome::unknown);
  CHECK(run("1/0 == 1 || self.absent", self).outcome == Outcome::unknown);
  // both unknown: both paths reported
  Result both = run("self.a == 1 && self.b == 2", self);
  REQUIRE(both.outcome == Outcome::unknown);
  CHECK(both.missing == std::vector<std::string>{"self.a", "self.b"});
  // non-boolean operands
  CHECK(contains(error_of("'a' && true"), "no matching overload"));
  CHECK(value_of("'a' && false") == false);
}

TEST_CASE("expr: !, ternary and functions propagate unknowns and errors", "[expr][eval]") {
  json self = json::object();
  CHECK(run("!self.absent", self).outcome == Outcome::unknown);
  CHECK(run("self.absent ? 1 : 2", self).outcome == Outcome::unknown);
  CHECK(run("true ? self.absent : 2", self).outcome == Outcome::unknown);
  CHECK(value_of("false ? self.absent : 2", self) == 2);
  CHECK(run("size(self.absent) > 0", self).outcome == Outcome::unknown);
  CHECK(run("self.absent + 1/0", self).outcome == Outcome::unknown);
  CHECK(contains(error_of("1/0 ? 1 : 2"), "division by zero"));
  CHECK(contains(error_of("'x' ? 1 : 2"), "no matching overload"));
  CHECK(contains(error_of("!1"), "no matching overload"));
}

TEST_CASE("expr: has()", "[expr][eval]") {
  json self = {{"a", {{"b", 1}, {"n", nullptr}}}};
  CHECK(value_of("has(self.a)", self) == true);
  CHECK(value_of("has(self.a.b)", self) == true);
  CHECK(value_of("has(self.a.n)", self) == true);  // present, even if null
  CHECK(value_of("has(self.a.c)", self) == false);
  Result r = run("has(self.x.y)", self);
  REQUIRE(r.outcome == Outcome::unknown);
  CHECK(r.missing == std::vector<std::string>{"self.x"});
  CHECK(value_of("has({'a': 1}.a) && !has({'a': 1}.b)") == true);
  CHECK(value_of("!has(self.x) || self.x > 0", self) == true);
  CHECK(contains(error_of("has(self.a.b.c)", self), "has() needs a map"));
}

TEST_CASE("expr: macros over lists and maps", "[expr][eval]") {
  CHECK(value_of("[1, 2, 3].all(x, x > 0)") == true);
  CHECK(value_of("[1, 2, 3].exists(x, x == 2)") == true);
  CHECK(value_of("[1, 2, 3].exists_one(x, x > 2)") == true);
  CHECK(value_of("[1, 2, 3].map(x, x * 2)") == json::array({2, 4, 6}));
  CHECK(value_of("[1, 2, 3].map(x, x > 1, x * 10)") == json::array({20, 30}));
  CHECK(value_of("[1, 2, 3].filter(x, x % 2 == 1)") == json::array({1, 3}));
  CHECK(value_of("{'a': 1, 'b': 2}.all(k, k in ['a', 'b'])") == true);
  CHECK(value_of("{'a': 1, 'b': 2}.map(k, k)") == json::array({"a", "b"}));
  CHECK(value_of("[[1, 2], [3]].all(l, l.all(x, x > 0))") == true);
  CHECK(value_of("[1, 2].exists(x, [x].exists(y, y == 2))") == true);
  // error absorption inside all/exists, like && and ||
  CHECK(value_of("[0, 1].all(x, 1 / x > 5)") == false);
  CHECK(value_of("[0, 1].exists(x, 1 / x == 1)") == true);
  CHECK(contains(error_of("[0, 1].all(x, 1 / x == 1)"), "division by zero"));
  CHECK(contains(error_of("[0].map(x, 1 / x)"), "division by zero"));
  CHECK(contains(error_of("1.all(x, true)"), "needs a list or a map"));
  CHECK(value_of("[].all(x, false) && ![].exists(x, true)") == true);
}

TEST_CASE("expr: literal maps keep CEL errors for missing keys", "[expr][eval]") {
  CHECK(contains(error_of("{'a': 1}.b"), "no such key"));
  CHECK(contains(error_of("{'a': 1}['b']"), "no such key"));
  CHECK(contains(error_of("[1, 2][5]"), "out of range"));
  CHECK(contains(error_of("{'a': 1, 'a': 2}"), "repeated key"));
  CHECK(contains(error_of("{1.5: 1}"), "unsupported key type"));
  CHECK(contains(error_of("1.field"), "does not support field selection"));
}

TEST_CASE("expr: unbound functions and variables when checking is off", "[expr][eval]") {
  CHECK(contains(error_of("f_unknown(17)"), "unbound function 'f_unknown'"));
  CHECK(value_of("f_unknown(17) || true") == true);
  CHECK(contains(error_of("nothing + 1"), "undeclared reference to 'nothing'"));
}

TEST_CASE("expr: results as JSON and display()", "[expr][eval]") {
  CHECK(value_of("18446744073709551615u") == 18446744073709551615ull);
  CHECK(value_of("[1, 'a', 2.5, null]") == json::array({1, "a", 2.5, nullptr}));
  CHECK(value_of("int") == "int");
  CHECK(display(json("text")) == "text");
  CHECK(display(json(3)) == "3");
  CHECK(display(json::array({1, "a"})) == "[1,\"a\"]");
  CHECK(display(value_of("quantity('1024Mi')")) == "1Gi");
}

TEST_CASE("expr: variables facts, env and now", "[expr][eval]") {
  json facts = {{"k8s", {{"pods", json::array({{{"name", "a"}}})}}}};
  json env = {{"name", "prod"}, {"profile", "production"}};
  Variables vars;
  vars.facts = &facts;
  vars.env = &env;
  vars.now = std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));  // 2026-01-01
  auto program = compile(
      "env.profile == 'production' && size(facts.k8s.pods) == 1 && "
      "now > timestamp('2025-12-31T00:00:00Z') && now.getFullYear() == 2026");
  CHECK(evaluate(*program, vars).is_true());
  // A variable that is not provided is missing, not an error.
  Result r = evaluate(*compile("self.x == 1"), vars);
  REQUIRE(r.outcome == Outcome::unknown);
  CHECK(r.missing == std::vector<std::string>{"self"});
}

TEST_CASE("expr: programs are reusable and independent of the source buffer", "[expr][eval]") {
  std::string source = "self.name.startsWith('web')";
  auto program = compile(source);
  source.assign(source.size(), 'x');
  json a = {{"name", "web-1"}}, b = {{"name", "db-1"}};
  Variables va, vb;
  va.self = &a;
  vb.self = &b;
  CHECK(evaluate(*program, va).is_true());
  CHECK(evaluate(*program, vb).is_false());
}

TEST_CASE("expr: flagValue reads an option from a command line", "[expr][functions]") {
  const json args = json::parse(R"({"args": ["odoo", "--config=/etc/odoo/odoo.conf",
    "--workers", "4", "--max-cron-threads=0", "--workers=6", "--db-filter=", "--dev"]})");
  CHECK(value_of("self.args.flagValue('--workers')", args) == "6");  // the last one wins
  CHECK(value_of("self.args.flagValue('--max-cron-threads')", args) == "0");
  CHECK(value_of("self.args.flagValue('--db-filter')", args) == "");
  CHECK(value_of("self.args.flagValue('--dev')", args) == "");  // a trailing flag
  CHECK(value_of("self.args.flagValue('--db_maxconn') == null", args) == true);
  // A prefix is not the option: --workers-x is another flag.
  CHECK(value_of("['--workers-x=1'].flagValue('--workers') == null") == true);
  CHECK_THAT(error_of("[].flagValue('')"), Catch::Contains("needs an option name"));
}
