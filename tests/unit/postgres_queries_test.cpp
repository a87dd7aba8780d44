#include <regex>

#include <catch2/catch.hpp>

#include "collectors/postgres/queries.hpp"

using namespace golive::collectors::postgres;

namespace {

const FactQuery& query_for(const std::vector<FactQuery>& queries, const std::string& key) {
  for (const auto& q : queries)
    if (q.key == key) return q;
  throw std::runtime_error("no query for " + key);
}

bool has(const std::string& sql, const std::string& column) {
  return std::regex_search(sql, std::regex("\\b" + column + "\\b"));
}

}  // namespace

TEST_CASE("every supported version gets one query per fact key, in the same order", "[postgres]") {
  for (int version : {120020, 130016, 140013, 150018, 160004, 170002}) {
    const auto queries = fact_queries(version);
    REQUIRE(queries.size() == queried_fact_keys().size());
    for (std::size_t i = 0; i < queries.size(); ++i)
      CHECK(queries[i].key == queried_fact_keys()[i]);
  }
}

TEST_CASE("replication slot columns follow the server version", "[postgres]") {
  struct Expect {
    int version;
    bool wal_status, conflicting, invalidation_reason;
  };
  for (const auto& e : {Expect{120020, false, false, false}, Expect{130016, true, false, false},
                        Expect{140013, true, false, false}, Expect{150018, true, false, false},
                        Expect{160004, true, true, false}, Expect{170002, true, true, true}}) {
    CAPTURE(e.version);
    const std::string sql = query_for(fact_queries(e.version), "replication_slots").sql;
    CHECK(has(sql, "wal_status") == e.wal_status);
    CHECK(has(sql, "safe_wal_size") == e.wal_status);
    CHECK(has(sql, "conflicting") == e.conflicting);
    CHECK(has(sql, "invalidation_reason") == e.invalidation_reason);
    CHECK(has(sql, "inactive_since") == e.invalidation_reason);
    CHECK(has(sql, "retained_bytes"));
  }
}

TEST_CASE("pg_hba_file_rules has rule_number and file_name from 16 on", "[postgres]") {
  for (int version : {120020, 130016, 140013, 150018}) {
    const std::string sql = query_for(fact_queries(version), "hba").sql;
    CHECK_FALSE(has(sql, "rule_number"));
    CHECK_FALSE(has(sql, "file_name"));
    CHECK(has(sql, "auth_method"));
  }
  for (int version : {160004, 170002}) {
    const std::string sql = query_for(fact_queries(version), "hba").sql;
    CHECK(has(sql, "rule_number"));
    CHECK(has(sql, "file_name"));
  }
}

TEST_CASE("queries that work on standbys and with pg_monitor only", "[postgres]") {
  for (int version : {120020, 170002}) {
    const auto queries = fact_queries(version);
    // pg_current_wal_lsn() fails during recovery: never called unguarded.
    for (const auto& key : {"replication", "replication_slots"})
      CHECK_THAT(query_for(queries, key).sql, Catch::Contains("WHEN pg_is_in_recovery() THEN"));
    CHECK_THAT(query_for(queries, "ssl").sql, Catch::Contains("client_addr IS NOT NULL"));
    CHECK_THAT(query_for(queries, "connections").sql,
               Catch::Contains("backend_type = 'client backend'"));
    CHECK(query_for(queries, "databases").absent_when_null ==
          std::vector<std::string>{"size_bytes"});
  }
}

TEST_CASE("keys reading other sessions' statistics need pg_read_all_stats", "[postgres]") {
  std::vector<std::string> needing;
  for (const auto& q : fact_queries(150018))
    if (q.needs_all_stats) needing.push_back(q.key);
  CHECK(needing == std::vector<std::string>{"replication", "connections", "ssl"});
  CHECK_THAT(all_stats_visible_sql(), Catch::Contains("pg_read_all_stats"));
  CHECK_THAT(all_stats_hidden_reason(), Catch::Contains("pg_monitor"));
}

TEST_CASE("golive's SQL only reads", "[postgres]") {
  static const std::regex kWrite(
      "\\b(INSERT|UPDATE|DELETE|MERGE|CREATE|ALTER|DROP|GRANT|REVOKE|TRUNCATE|COPY|VACUUM|ANALYZE|"
      "CLUSTER|REINDEX|LOCK|CALL|DO|COMMENT|SECURITY|REFRESH|NOTIFY|LISTEN|pg_terminate_backend|"
      "pg_cancel_backend|pg_reload_conf|pg_switch_wal|set_config|nextval|setval|lo_)\\b",
      std::regex::icase);
  std::vector<std::string> statements = session_statements(5000, 1000);
  statements.push_back(all_stats_visible_sql());
  for (const auto& q : fact_queries(170002)) statements.push_back(q.sql);
  for (const auto& q : fact_queries(120020)) statements.push_back(q.sql);
  for (const auto& sql : statements) {
    CAPTURE(sql);
    CHECK_FALSE(std::regex_search(sql, kWrite));
    CHECK(std::regex_search(sql, std::regex("^(SELECT|WITH|SET) ")));
  }
}

TEST_CASE("the session is read only with bounded waits, in UTC", "[postgres]") {
  const auto statements = session_statements(2500, 1000);
  CHECK(statements.front() == "SET TRANSACTION READ ONLY");
  CHECK(std::find(statements.begin(), statements.end(), "SET LOCAL statement_timeout = 2500") !=
        statements.end());
  CHECK(std::find(statements.begin(), statements.end(), "SET LOCAL lock_timeout = 1000") !=
        statements.end());
  CHECK(std::find(statements.begin(), statements.end(), "SET LOCAL TimeZone = 'UTC'") !=
        statements.end());
  for (const auto& s : statements)
    if (s != statements.front()) CHECK_THAT(s, Catch::StartsWith("SET LOCAL "));
}
