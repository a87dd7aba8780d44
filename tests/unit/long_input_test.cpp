// Long untrusted text (a server's error message, a setting's value, a Redis
// INFO field, a rule id) is handled without std::regex, whose matcher
// recurses per character and overflowed the stack (issue #19).

#include <catch2/catch.hpp>

#include <string>

#include "collectors/redis/redis_info.hpp"
#include "golive/diagnostics.hpp"
#include "golive/secrets.hpp"

using namespace golive;

TEST_CASE("the redactor handles long messages", "[secrets][limits]") {
  const std::string filler(200000, 'x');
  const std::string message =
      "connect to postgresql://odoo:s3cr3t-pw@db:5432/odoo failed: " + filler +
      " password=" + filler + " sslpassword='a b'";
  const std::string out = redactor().redact(message);
  CHECK(out.find("s3cr3t-pw") == std::string::npos);
  CHECK(out.find("postgresql://odoo:***@db") != std::string::npos);
  CHECK(out.find("password=***") != std::string::npos);
  CHECK(out.find("sslpassword=***") != std::string::npos);
  CHECK(out.size() > 200000);
}

TEST_CASE("references resolve in long values", "[secrets][limits]") {
  setenv("GOLIVE_LONG_INPUT_TEST", "value", 1);
  const std::string filler(100000, 'y');
  const std::string resolved =
      resolve_references(filler + "${env:GOLIVE_LONG_INPUT_TEST}" + filler, {"t", 1, 1});
  CHECK(resolved == filler + "value" + filler);
  CHECK_THROWS_AS(resolve_references(filler + "${env:", {"t", 1, 1}), InputError);
}

TEST_CASE("Redis values of any length are typed without recursion", "[redis][limits]") {
  using golive::collectors::redis::typed_value;
  const std::string digits(200000, '7');
  CHECK(typed_value(digits) == digits);  // beyond 64 bits: kept as text
  CHECK(typed_value("-0") == 0);
  CHECK(typed_value("007") == "007");
  CHECK(typed_value("1.50") == 1.5);
  CHECK(typed_value("1.") == "1.");
}
