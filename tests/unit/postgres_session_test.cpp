#include <catch2/catch.hpp>

#include "collectors/postgres/queries.hpp"
#include "collectors/postgres/session.hpp"

using namespace golive::collectors::postgres;

TEST_CASE("queries get the configured statement_timeout, within the time left", "[postgres]") {
  using namespace std::chrono;
  SessionLimits limits;
  limits.statement_timeout_ms = 5000;
  CHECK(statement_timeout_now(limits) == 5000);  // no deadline
  limits.deadline = steady_clock::now() + seconds(60);
  CHECK(statement_timeout_now(limits) == 5000);
  limits.deadline = steady_clock::now() + milliseconds(1500);
  CHECK(statement_timeout_now(limits) <= 1500);
  CHECK(statement_timeout_now(limits) > 1000);
  limits.deadline = steady_clock::now() - seconds(1);
  CHECK(statement_timeout_now(limits) == 100);  // still a bound, never 0 (= none)
}

TEST_CASE("an unreadable target keeps its target and names every key unavailable", "[postgres]") {
  const auto facts = unreadable_facts({{"host", "db"}, {"port", 5432}}, "connection refused");
  CHECK(facts["target"]["host"] == "db");
  REQUIRE(facts["unavailable"].size() == queried_fact_keys().size());
  for (const auto& key : queried_fact_keys()) {
    CHECK(facts["unavailable"][key] == "connection refused");
    CHECK_FALSE(facts.contains(key));
  }
}
