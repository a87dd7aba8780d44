#include "collectors/postgres/queries.hpp"

#include <fmt/format.h>

namespace golive::collectors::postgres {

namespace {

// The server's own WAL position, on a primary or a standby (where
// pg_current_wal_lsn() raises "recovery is in progress").
constexpr const char* kCurrentLsn =
    "CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END";

std::string replication_sql() {
  return fmt::format(
      "SELECT pid, usename, application_name, client_addr, state, sync_state, sent_lsn, "
      "replay_lsn, write_lag, flush_lag, replay_lag, "
      "pg_wal_lsn_diff({}, replay_lsn)::bigint AS replay_lag_bytes "
      "FROM pg_stat_replication ORDER BY application_name, pid",
      kCurrentLsn);
}

// wal_status and safe_wal_size arrived in 13, conflicting in 16,
// invalidation_reason and inactive_since in 17.
std::string replication_slots_sql(int version) {
  std::string columns = "slot_name, slot_type, plugin, database, temporary, active";
  if (version >= 130000) columns += ", wal_status, safe_wal_size";
  if (version >= 160000) columns += ", conflicting";
  if (version >= 170000) columns += ", invalidation_reason, inactive_since";
  return fmt::format(
      "SELECT {}, pg_wal_lsn_diff({}, restart_lsn)::bigint AS retained_bytes "
      "FROM pg_replication_slots ORDER BY slot_name",
      columns, kCurrentLsn);
}

// Client backends only (not autovacuum, walsenders, ...). golive's own
// session counts as a connection, but not as the longest transaction.
constexpr const char* kConnectionsSql =
    "WITH a AS (SELECT pid, coalesce(state, 'unknown') AS state, "
    "coalesce(application_name, '') AS application_name, xact_start, state_change "
    "FROM pg_stat_activity WHERE backend_type = 'client backend') "
    "SELECT current_setting('max_connections')::int AS max_connections, "
    "(SELECT count(*) FROM a) AS total, "
    "(SELECT coalesce(json_object_agg(state, n), '{}') "
    "FROM (SELECT state, count(*) AS n FROM a GROUP BY state) s) AS by_state, "
    "(SELECT count(*) FROM a WHERE state LIKE 'idle in transaction%') AS idle_in_transaction, "
    "(SELECT max(clock_timestamp() - xact_start) FROM a WHERE pid <> pg_backend_pid()) "
    "AS longest_transaction_seconds, "
    "(SELECT max(clock_timestamp() - state_change) FROM a "
    "WHERE state LIKE 'idle in transaction%') AS longest_idle_in_transaction_seconds, "
    "(SELECT coalesce(json_object_agg(application_name, n), '{}') "
    "FROM (SELECT application_name, count(*) AS n FROM a GROUP BY application_name) s) "
    "AS by_application";

// Network client backends: Unix-socket sessions cannot use TLS.
constexpr const char* kSslSql =
    "WITH c AS (SELECT s.ssl, s.version FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) "
    "WHERE a.backend_type = 'client backend' AND a.client_addr IS NOT NULL) "
    "SELECT count(*) AS client_connections, count(*) FILTER (WHERE ssl) AS ssl_connections, "
    "count(*) FILTER (WHERE NOT ssl) AS non_ssl_connections, "
    "(SELECT coalesce(json_object_agg(version, n), '{}') "
    "FROM (SELECT version, count(*) AS n FROM c WHERE ssl GROUP BY version) v) AS by_version "
    "FROM c";

// pg_database_size() needs CONNECT on the database or pg_read_all_stats;
// without either the size is left out rather than failing every database.
constexpr const char* kDatabasesSql =
    "SELECT datname, age(datfrozenxid) AS xid_age, mxid_age(datminmxid) AS mxid_age, "
    "CASE WHEN has_database_privilege(oid, 'CONNECT') "
    "OR pg_has_role('pg_read_all_stats', 'MEMBER') THEN pg_database_size(oid) END AS size_bytes "
    "FROM pg_database ORDER BY datname";

// rule_number and file_name arrived in 16 (with include files).
std::string hba_sql(int version) {
  if (version >= 160000)
    return "SELECT rule_number, file_name, line_number, type, database, user_name, address, "
           "netmask, auth_method, options, error FROM pg_hba_file_rules "
           "ORDER BY rule_number NULLS LAST, line_number";
  return "SELECT line_number, type, database, user_name, address, netmask, auth_method, "
         "options, error FROM pg_hba_file_rules ORDER BY line_number";
}

}  // namespace

const std::vector<std::string>& queried_fact_keys() {
  static const std::vector<std::string> keys = {
      "version",     "in_recovery", "settings", "archiver",  "replication", "replication_slots",
      "connections", "ssl",         "roles",    "databases", "extensions",  "hba"};
  return keys;
}

std::vector<FactQuery> fact_queries(int version) {
  return {
      {"version", Shape::row,
       "SELECT current_setting('server_version_num')::int AS server_version_num, "
       "current_setting('server_version') AS server_version"},
      {"in_recovery", Shape::value, "SELECT pg_is_in_recovery()"},
      {"settings", Shape::settings,
       "SELECT name, setting, unit, source, context, vartype, pending_restart "
       "FROM pg_settings ORDER BY name"},
      {"archiver", Shape::row,
       "SELECT archived_count, last_archived_wal, last_archived_time, failed_count, "
       "last_failed_wal, last_failed_time, stats_reset FROM pg_stat_archiver"},
      {"replication", Shape::rows, replication_sql(), {}, true},
      {"replication_slots", Shape::rows, replication_slots_sql(version)},
      {"connections", Shape::row, kConnectionsSql, {}, true},
      {"ssl", Shape::row, kSslSql, {}, true},
      {"roles", Shape::rows,
       "SELECT rolname, rolsuper, rolcanlogin, rolreplication, rolbypassrls, rolcreaterole, "
       "rolcreatedb, rolconnlimit, rolvaliduntil FROM pg_roles ORDER BY rolname"},
      {"databases", Shape::rows, kDatabasesSql, {"size_bytes"}},
      {"extensions", Shape::rows, "SELECT extname, extversion FROM pg_extension ORDER BY extname"},
      {"hba", Shape::rows, hba_sql(version)},
  };
}

const char* all_stats_visible_sql() {
  // pg_has_role() is true for superusers too.
  return "SELECT pg_has_role('pg_read_all_stats', 'MEMBER')";
}

const char* all_stats_hidden_reason() {
  return "other roles' sessions are hidden from this role: grant pg_monitor (or "
         "pg_read_all_stats)";
}

std::vector<std::string> session_statements(int statement_timeout_ms, int lock_timeout_ms) {
  return {
      // Belt and braces: the transaction is opened read only as well.
      "SET TRANSACTION READ ONLY",
      fmt::format("SET LOCAL statement_timeout = {}", statement_timeout_ms),
      fmt::format("SET LOCAL lock_timeout = {}", lock_timeout_ms),
      // Only the catalog: no user function or view can shadow what golive reads.
      "SET LOCAL search_path = pg_catalog",
      "SET LOCAL TimeZone = 'UTC'",
      "SET LOCAL DateStyle = 'ISO, YMD'",
      "SET LOCAL IntervalStyle = 'postgres'",
  };
}

}  // namespace golive::collectors::postgres
