// Compile-time checking: unknown variables and functions are reported at
// their position with a did-you-mean; bad literals are caught once, at
// compile time.

#include <catch2/catch.hpp>

#include <string>

#include "golive/expr.hpp"

using namespace golive::expr;

namespace {

CompileError error_of(const std::string& source, const CompileOptions& options = {}) {
  try {
    compile(source, options);
  } catch (const CompileError& e) {
    return e;
  }
  FAIL("expected a compile error for: " << source);
  return CompileError("", {});
}

}  // namespace

TEST_CASE("expr checker: unknown functions get a did-you-mean", "[expr][checker]") {
  auto e = error_of("self.name.startswith('web')");
  CHECK(std::string(e.what()) == "unknown function 'startswith'; did you mean 'startsWith'?");
  CHECK(e.position().column == 11);

  e = error_of("sizee(self.items) > 0");
  CHECK(std::string(e.what()) == "unknown function 'sizee'; did you mean 'size'?");
  CHECK(e.position().column == 1);

  e = error_of("self.name.frobnicate()");
  CHECK(std::string(e.what()) == "unknown function 'frobnicate'");
}

TEST_CASE("expr checker: unknown variables get a did-you-mean", "[expr][checker]") {
  auto e = error_of("slef.spec.replicas >= 2");
  CHECK(std::string(e.what()) == "unknown variable 'slef'; did you mean 'self'?");
  CHECK(e.position().column == 1);

  e = error_of("self.items.all(item, itme > 0)");
  CHECK(std::string(e.what()) == "unknown variable 'itme'; did you mean 'item'?");
  CHECK(e.position().column == 22);

  e = error_of("zzz == 1");
  CHECK(std::string(e.what()).find("variables are: self, facts, env, now") != std::string::npos);

  // Loop variables are only visible inside their macro.
  e = error_of("self.items.all(x, x > 0) && x > 0");
  CHECK(std::string(e.what()).rfind("unknown variable 'x'", 0) == 0);
}

TEST_CASE("expr checker: call style and arity", "[expr][checker]") {
  auto e = error_of("startsWith(self.name, 'a')");
  CHECK(std::string(e.what()).find("is a method") != std::string::npos);
  e = error_of("self.name.int()");
  CHECK(std::string(e.what()).find("is a function, not a method") != std::string::npos);
  e = error_of("size(self.a, self.b)");
  CHECK(std::string(e.what()) == "'size' takes 1 argument, found 2");
  e = error_of("self.name.startsWith()");
  CHECK(std::string(e.what()) == "'startsWith' takes 1 argument, found 0");
}

TEST_CASE("expr checker: literal arguments are validated at compile time", "[expr][checker]") {
  auto e = error_of("self.name.matches('[unclosed')");
  CHECK(std::string(e.what()).find("invalid regular expression") != std::string::npos);
  CHECK(e.position().column == 19);
  e = error_of("quantity(self.x) < quantity('12MB')");
  CHECK(std::string(e.what()).find("invalid quantity '12MB'") != std::string::npos);
  CHECK(e.position().column == 29);
  CHECK(std::string(error_of("duration('7days')").what()).find("'7days'") != std::string::npos);
  CHECK(std::string(error_of("semver('latest')").what()).find("'latest'") != std::string::npos);
  CHECK(std::string(error_of("date('2026-02-30')").what()).find("'2026-02-30'") !=
        std::string::npos);
  CHECK(std::string(error_of("Pod{name: 'x'}").what()).find("not supported") != std::string::npos);
}

TEST_CASE("expr checker: declared variables and type names", "[expr][checker]") {
  CompileOptions options;
  options.variables = {"item", "limits.cpu"};
  CHECK_NOTHROW(compile("item.x > 0 && limits.cpu > 1", options));
  CHECK_NOTHROW(compile("type(1) == int && type('') == string"));
  CHECK_NOTHROW(compile("[1].all(self, self > 0)"));  // loop variables shadow
  CHECK_THROWS_AS(compile("self.x > 0", options), CompileError);
  CompileOptions unchecked;
  unchecked.check = false;
  CHECK_NOTHROW(compile("anything.goes(1) && nobody(2)", unchecked));
}
