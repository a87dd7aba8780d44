#pragma once
// What golive asks PostgreSQL, one query per fact key. The SQL depends only
// on the server's version (server_version_num), so which columns each major
// version (12-17) gets is decided here and unit-tested without a server.

#include <string>
#include <vector>

namespace golive::collectors::postgres {

// How a query's rows become the fact.
enum class Shape {
  value,     // one row, one column: that value
  row,       // one row: an object of its columns
  rows,      // a list of objects, one per row
  settings,  // an object keyed by the first column, each value the other columns
};

struct FactQuery {
  std::string key;  // the fact key under postgres.<target>
  Shape shape;
  std::string sql;
  // Columns left out of a row when NULL: NULL there means "not allowed to
  // read", and facts say that by absence, not by null.
  std::vector<std::string> absent_when_null = {};
  // Reads pg_stat_activity or pg_stat_replication, which hide other roles'
  // sessions from a role without pg_read_all_stats: counts would be low and
  // lags null, wrongly reassuring, so the key is unavailable instead.
  bool needs_all_stats = false;
};

// The fact keys read from the server, in the order they are queried.
const std::vector<std::string>& queried_fact_keys();

// The queries for a server of this version (PQserverVersion, e.g. 150004).
std::vector<FactQuery> fact_queries(int server_version_num);

// One boolean: may this session see every session's statistics
// (superuser or member of pg_read_all_stats, e.g. through pg_monitor)?
const char* all_stats_visible_sql();

// Why a needs_all_stats key is unavailable when they are not visible.
const char* all_stats_hidden_reason();

// Statements that open golive's transaction: read only, bounded waits, and
// settings that make values print in the forms values.hpp converts (ISO
// dates in UTC, intervals in the postgres style). All are SET LOCAL: they
// end with the transaction, which is rolled back.
std::vector<std::string> session_statements(int statement_timeout_ms, int lock_timeout_ms);

}  // namespace golive::collectors::postgres
