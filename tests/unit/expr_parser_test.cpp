// Lexer and parser of the expression language: literals, precedence, and
// errors that point at the right place and say what is wrong.

#include <catch2/catch.hpp>

#include <string>

#include "golive/expr.hpp"

using namespace golive::expr;

namespace {

nlohmann::json value_of(const std::string& source) {
  CompileOptions options;
  options.check = false;
  Result r = evaluate(*compile(source, options), Variables{});
  INFO(source << " -> " << r.error);
  REQUIRE(r.outcome == Outcome::value);
  return r.value;
}

CompileError error_of(const std::string& source, bool check = false) {
  CompileOptions options;
  options.check = check;
  try {
    compile(source, options);
  } catch (const CompileError& e) {
    return e;
  }
  FAIL("expected a compile error for: " << source);
  return CompileError("", {});
}

}  // namespace

TEST_CASE("expr: literals", "[expr][parser]") {
  CHECK(value_of("42") == 42);
  CHECK(value_of("0x1F") == 31);
  CHECK(value_of("-0x10") == -16);
  CHECK(value_of("7u") == 7u);
  CHECK(value_of("-9223372036854775808") == INT64_MIN);
  CHECK(value_of("1.5e3") == 1500.0);
  CHECK(value_of(".5") == 0.5);
  CHECK(value_of("'it\\'s'") == "it's");
  CHECK(value_of("\"double\"") == "double");
  CHECK(value_of("'''multi\nline'''") == "multi\nline");
  CHECK(value_of("r'\\d+'") == "\\d+");
  CHECK(value_of("'\\x41\\u00e9\\U0001F431\\101'") ==
        "A\xC3\xA9\xF0\x9F\x90\xB1"
        "A");
  CHECK(value_of("b'\\xff\\000'") == "/wA=");  // bytes come out as base64
  CHECK(value_of("null").is_null());
  CHECK(value_of("[1, 'a', true,]") == nlohmann::json::array({1, "a", true}));
  CHECK(value_of("{'a': 1, 'b': [2]}") == nlohmann::json({{"a", 1}, {"b", {2}}}));
  CHECK(value_of("{'content-type': 'json'}.`content-type`") == "json");
  CHECK(value_of("1 + // a comment\n 2") == 3);
}

TEST_CASE("expr: precedence and associativity", "[expr][parser]") {
  CHECK(value_of("1 + 2 * 3") == 7);
  CHECK(value_of("(1 + 2) * 3") == 9);
  CHECK(value_of("10 - 4 - 3") == 3);
  CHECK(value_of("100 / 10 / 5") == 2);
  CHECK(value_of("true || false && false") == true);
  CHECK(value_of("false ? 1 : true ? 2 : 3") == 2);
  CHECK(value_of("!true == false") == true);
  CHECK(value_of("--5") == 5);
  CHECK(value_of("1 < 2 == true") == true);
  CHECK(value_of("2 in [1, 2] && 'a' in {'a': 1}") == true);
}

TEST_CASE("expr: reserved words work as field and method names", "[expr][parser]") {
  CHECK(value_of("{'if': 1}.if") == 1);
  CHECK(value_of("{'in': 2}.in") == 2);
  auto e = error_of("if + 1");
  CHECK(std::string(e.what()).find("reserved") != std::string::npos);
}

TEST_CASE("expr: parse errors carry positions and say what is wrong", "[expr][parser]") {
  {
    auto e = error_of("size(self.items");
    CHECK(std::string(e.what()) ==
          "expected ')' to close the call to 'size' opened at column 5, found the end of the "
          "expression");
    CHECK(e.position().line == 1);
    CHECK(e.position().column == 16);
  }
  {
    auto e = error_of("[1, 2");
    CHECK(std::string(e.what()).find("expected ']' to close the list opened at column 1") !=
          std::string::npos);
  }
  {
    auto e = error_of("a &&\n  b = 1");
    CHECK(e.position().line == 2);
    CHECK(e.position().column == 5);
    CHECK(std::string(e.what()).find("'=='") != std::string::npos);
  }
  {
    auto e = error_of("'unterminated");
    CHECK(e.position().column == 1);
    CHECK(std::string(e.what()).find("unterminated string") != std::string::npos);
  }
  {
    auto e = error_of("1 +");
    CHECK(std::string(e.what()).find("operand is missing") != std::string::npos);
    CHECK(e.position().column == 4);
  }
  {
    auto e = error_of("a ? b");
    CHECK(std::string(e.what()).find("expected ':'") != std::string::npos);
  }
  {
    auto e = error_of("1 2");
    CHECK(std::string(e.what()).find("after the end of the expression") != std::string::npos);
    CHECK(e.position().column == 3);
  }
  {
    auto e = error_of("'\\q'");
    CHECK(std::string(e.what()).find("invalid escape") != std::string::npos);
  }
  {
    auto e = error_of("9223372036854775808");
    CHECK(std::string(e.what()).find("out of range") != std::string::npos);
  }
  {
    auto e = error_of("x.all(1, true)");
    CHECK(std::string(e.what()).find("must be a variable name") != std::string::npos);
  }
  {
    auto e = error_of("has(x)");
    CHECK(std::string(e.what()).find("field selection") != std::string::npos);
  }
  {
    // Columns count code points, as an editor shows them.
    auto e = error_of("'é' + )");
    CHECK(e.position().column == 7);
  }
}

TEST_CASE("expr: hostile nesting is rejected, not a stack overflow", "[expr][parser]") {
  std::string deep(5000, '(');
  deep += "1";
  deep += std::string(5000, ')');
  auto e = error_of(deep);
  CHECK(std::string(e.what()).find("nested too deeply") != std::string::npos);

  std::string nots(100000, '!');
  nots += "true";
  CHECK_THROWS_AS(compile(nots), CompileError);

  std::string chain = "1";
  for (int i = 0; i < 100000; ++i) chain += " + 1";
  CHECK_THROWS_AS(compile(chain), CompileError);

  // Moderate nesting is fine.
  std::string ok(100, '(');
  ok += "7";
  ok += std::string(100, ')');
  CHECK(value_of(ok) == 7);
}
