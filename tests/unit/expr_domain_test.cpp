// Domain helpers: Kubernetes quantities, durations, timestamps and dates,
// semantic versions.

#include <catch2/catch.hpp>

#include <string>

#include "golive/expr.hpp"

using namespace golive::expr;
using nlohmann::json;

namespace {

Result run(const std::string& source, const json& self = json::object()) {
  CompileOptions options;
  options.check = false;  // malformed literals must be runtime errors here
  Variables vars;
  vars.self = &self;
  vars.now = std::chrono::system_clock::time_point(
      std::chrono::seconds(1769853600));  // 2026-01-31T10:00:00Z
  return evaluate(*compile(source, options), vars);
}

bool holds(const std::string& source, const json& self = json::object()) {
  Result r = run(source, self);
  INFO(source << " -> " << r.error << r.value.dump());
  return r.is_true();
}

json value_of(const std::string& source) {
  Result r = run(source);
  INFO(source << " -> " << r.error);
  REQUIRE(r.outcome == Outcome::value);
  return r.value;
}

std::string error_of(const std::string& source) {
  Result r = run(source);
  INFO(source << " -> " << r.value.dump());
  REQUIRE(r.outcome == Outcome::error);
  return r.error;
}

}  // namespace

TEST_CASE("expr: quantities compare exactly", "[expr][domain]") {
  CHECK(holds("quantity('1Gi') == quantity('1024Mi')"));
  CHECK(holds("quantity('500m') < quantity('1')"));
  CHECK(holds("quantity('1.5') == quantity('1500m')"));
  CHECK(holds("quantity('1k') == quantity('1000') && quantity('1e3') == quantity('1k')"));
  CHECK(holds("quantity('1Ki') > quantity('1k')"));
  CHECK(holds("quantity('100n') < quantity('1u')"));
  CHECK(holds("quantity('2E') > quantity('1Ei')"));
  CHECK(holds("quantity('-1') < quantity('0')"));
  CHECK(holds("quantity('512Mi').isLessThan(quantity('1Gi'))"));
  CHECK(holds("quantity('2Gi').isGreaterThan('1Gi')"));
  CHECK(holds("quantity('1Gi').compareTo(quantity('1024Mi')) == 0"));
  CHECK(holds("quantity('1500m').compareTo(quantity('1')) == 1"));
  CHECK(holds("quantity('2k').asInteger() == 2000"));
  CHECK(holds("quantity('250m').asApproximateFloat() == 0.25"));
  CHECK(holds("quantity('1Gi').add(quantity('512Mi')) == quantity('1536Mi')"));
  CHECK(holds("quantity('1').sub(quantity('250m')) == quantity('750m')"));
  CHECK(holds("quantity('1').add(2) == quantity('3')"));
  CHECK(holds("isQuantity('100Mi') && !isQuantity('100MB') && !isQuantity('')"));
  CHECK(value_of("quantity('1024Mi')") == "1Gi");
  CHECK(value_of("quantity('1536Mi')") == "1536Mi");
  CHECK(value_of("quantity('0.5')") == "500m");
  CHECK(value_of("quantity('1500')") == "1500");
  CHECK(value_of("quantity('1.5Gi')") == "1536Mi");
  CHECK(value_of("string(quantity('2000m'))") == "2");
}

TEST_CASE("expr: malformed quantities are errors naming the text", "[expr][domain]") {
  for (const char* bad : {"12MB", "1.2.3", "Mi", "", "1 Gi", "--1", "1e", "0x10"}) {
    INFO(bad);
    std::string e = error_of(std::string("quantity('") + bad + "')");
    CHECK(e.find(std::string("'") + bad + "'") != std::string::npos);
  }
  CHECK(error_of("quantity('2Gi').asInteger() > 0 && quantity('1m').asInteger() == 0")
            .find("whole number") != std::string::npos);
}

TEST_CASE("expr: quantities read from facts", "[expr][domain]") {
  json self = {{"limits", {{"memory", "2Gi"}, {"cpu", "500m"}}}};
  CHECK(holds("quantity(self.limits.memory) >= quantity('1Gi')", self));
  CHECK(holds("quantity(self.limits.cpu) <= quantity('1')", self));
  CHECK(run("quantity(self.limits.gpu) > quantity('0')", self).outcome == Outcome::unknown);
}

TEST_CASE("expr: durations", "[expr][domain]") {
  CHECK(holds("duration('1h30m') == duration('90m')"));
  CHECK(holds("duration('7d') == duration('168h') && duration('2w') == duration('14d')"));
  CHECK(holds("duration('-1.5h') == -duration('90m')"));
  CHECK(holds("duration('300ms') < duration('1s')"));
  CHECK(holds("duration('1.5s') == duration('1500ms')"));
  CHECK(holds("duration('1h') + duration('30m') == duration('90m')"));
  CHECK(holds("duration('1h') - duration('90m') < duration('0s')"));
  CHECK(holds("duration('90d').inDays() == 90"));
  CHECK(holds("duration('3730s').getHours() == 1 && duration('3730s').getMinutes() == 62"));
  CHECK(holds("duration('3730s').getSeconds() == 3730"));
  CHECK(holds("duration('1.5s').getMilliseconds() == 1500"));
  CHECK(value_of("string(duration('90d'))") == "90d");
  CHECK(value_of("string(duration('1h30m'))") == "1h30m");
  CHECK(value_of("duration('1500ms')") == "1.5s");
  CHECK(value_of("duration('300ms')") == "300ms");
  CHECK(value_of("duration('0s')") == "0s");
  CHECK(value_of("duration('-2h')") == "-2h");
  for (const char* bad : {"7", "1x", "h", "", "1h-5m", "10 days"}) {
    INFO(bad);
    CHECK(error_of(std::string("duration('") + bad + "')").find(std::string("'") + bad + "'") !=
          std::string::npos);
  }
  CHECK(!error_of("duration('300000000h')").empty());
}

TEST_CASE("expr: timestamps and dates", "[expr][domain]") {
  CHECK(holds("timestamp('2026-01-31T10:00:00Z') == timestamp('2026-01-31T11:00:00+01:00')"));
  CHECK(holds("timestamp('2026-01-31T10:00:00.5Z') > timestamp('2026-01-31T10:00:00Z')"));
  CHECK(holds("date('2026-01-31') == timestamp('2026-01-31T00:00:00Z')"));
  CHECK(holds("timestamp('2026-01-31T10:00:00Z') - date('2026-01-01') == duration('30d10h')"));
  CHECK(holds("date('2026-01-01') + duration('31d') == date('2026-02-01')"));
  CHECK(holds("duration('1d') + date('2026-01-01') == date('2026-01-02')"));
  CHECK(holds("date('2026-03-01') - duration('1d') == date('2026-02-28')"));
  CHECK(holds("now - date('2026-01-01') < duration('90d')"));
  CHECK(holds("now == timestamp('2026-01-31T10:00:00Z')"));
  CHECK(holds("now.getFullYear() == 2026 && now.getMonth() == 0 && now.getDate() == 31"));
  CHECK(holds("now.getDayOfMonth() == 30 && now.getDayOfWeek() == 6 && now.getHours() == 10"));
  CHECK(holds("now.getHours('+02:00') == 12 && now.getDayOfYear() == 30"));
  CHECK(holds("timestamp(0) == timestamp('1970-01-01T00:00:00Z')"));
  CHECK(holds("int(timestamp('1970-01-02T00:00:00Z')) == 86400"));
  CHECK(value_of("string(timestamp('2026-01-31T11:00:00+01:00'))") == "2026-01-31T10:00:00Z");
  CHECK(value_of("timestamp('2026-01-31T10:00:00.250Z')") == "2026-01-31T10:00:00.250Z");
  CHECK(value_of("date('2024-02-29')") == "2024-02-29T00:00:00Z");
  for (const char* bad : {"2026-02-30", "2026-13-01", "31/01/2026", "", "2026-1-1"}) {
    INFO(bad);
    CHECK(error_of(std::string("date('") + bad + "')").find(std::string("'") + bad + "'") !=
          std::string::npos);
  }
  for (const char* bad :
       {"2026-01-31", "2026-01-31T10:00:00", "2026-01-31T25:00:00Z", "yesterday"}) {
    INFO(bad);
    CHECK(error_of(std::string("timestamp('") + bad + "')").find(std::string("'") + bad + "'") !=
          std::string::npos);
  }
  CHECK(error_of("now.getHours('Europe/Paris')").find("time zone") != std::string::npos);
}

TEST_CASE("expr: semantic versions", "[expr][domain]") {
  CHECK(holds("semver('1.29.3') > semver('1.29.0')"));
  CHECK(holds("semver('v1.29') == semver('1.29.0')"));
  CHECK(holds("semver('1') == semver('1.0.0')"));
  CHECK(holds("semver('1.10.0') > semver('1.9.9')"));
  CHECK(holds("semver('1.0.0-alpha') < semver('1.0.0')"));
  CHECK(holds("semver('1.0.0-alpha') < semver('1.0.0-alpha.1')"));
  CHECK(holds("semver('1.0.0-alpha.1') < semver('1.0.0-alpha.beta')"));
  CHECK(holds("semver('1.0.0-beta.2') < semver('1.0.0-beta.11')"));
  CHECK(holds("semver('1.0.0-rc.1') < semver('1.0.0')"));
  CHECK(holds("semver('1.0.0+build.1') == semver('1.0.0+build.2')"));
  CHECK(holds("semver('3.1.2').major() == 3 && semver('3.1.2').minor() == 1"));
  CHECK(holds("semver('3.1.2').patch() == 2"));
  CHECK(holds("semver('1.29.3').isGreaterThan(semver('1.28.0'))"));
  CHECK(holds("semver('1.29.3').isLessThan('1.30')"));
  CHECK(holds("semver('1.29.3').compareTo(semver('1.29.3')) == 0"));
  CHECK(holds("isSemver('v2.0.1') && !isSemver('latest') && !isSemver('1.2.3.4')"));
  CHECK(value_of("semver('v1.29')") == "1.29.0");
  CHECK(value_of("string(semver('1.0.0-rc.1+meta'))") == "1.0.0-rc.1");
  for (const char* bad : {"latest", "1.2.3.4", "1..2", "v", "1.2.x", "1.0.0-", "1.0.0-a..b"}) {
    INFO(bad);
    CHECK(error_of(std::string("semver('") + bad + "')").find(std::string("'") + bad + "'") !=
          std::string::npos);
  }
}

TEST_CASE("expr: domain types do not mix with other types", "[expr][domain]") {
  CHECK(error_of("quantity('1') < 2").find("no matching overload") != std::string::npos);
  CHECK(error_of("duration('1h') + 1").find("no matching overload") != std::string::npos);
  CHECK(error_of("semver('1.0.0') < '2.0.0'").find("no matching overload") != std::string::npos);
  CHECK(holds("quantity('1') != 1"));  // different types are simply not equal
}
