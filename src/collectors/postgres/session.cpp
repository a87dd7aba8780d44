#include "collectors/postgres/session.hpp"

#include <algorithm>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "collectors/postgres/errors.hpp"
#include "collectors/postgres/queries.hpp"
#include "collectors/postgres/values.hpp"
#include "golive/text.hpp"

namespace golive::collectors::postgres {

namespace {

// A field's text in its type's output form, nullopt for NULL.
std::optional<std::string_view> text_of(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return std::string_view(field.c_str(), field.size());
}

nlohmann::json row_object(const pqxx::result& result, const pqxx::row& row,
                          const std::vector<std::string>& absent_when_null,
                          pqxx::row::size_type first_column = 0) {
  nlohmann::json object = nlohmann::json::object();
  for (pqxx::row::size_type i = first_column; i < row.size(); ++i) {
    const std::string name = result.column_name(i);
    const auto text = text_of(row[i]);
    const bool leave_out = !text && std::find(absent_when_null.begin(), absent_when_null.end(),
                                              name) != absent_when_null.end();
    if (!leave_out) object[name] = convert_value(result.column_type(i), text);
  }
  return object;
}

nlohmann::json shape_result(const FactQuery& query, const pqxx::result& result) {
  switch (query.shape) {
    case Shape::value:
      if (result.empty() || result.columns() == 0) return nullptr;
      return convert_value(result.column_type(0), text_of(result[0][0]));
    case Shape::row:
      if (result.empty()) return nlohmann::json::object();
      return row_object(result, result[0], query.absent_when_null);
    case Shape::rows: {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& row : result)
        list.push_back(row_object(result, row, query.absent_when_null));
      return list;
    }
    case Shape::settings: {
      nlohmann::json object = nlohmann::json::object();
      for (const auto& row : result)
        object[row[0].c_str()] = row_object(result, row, query.absent_when_null, 1);
      return object;
    }
  }
  return nullptr;
}

// The target as the live connection reports it (the host actually used
// when several were given, the default socket directory, ...).
void complete_target(nlohmann::json& target, pqxx::connection& connection) {
  if (const char* host = connection.hostname(); host && *host) target["host"] = host;
  if (const char* port = connection.port(); port && *port) {
    try {
      target["port"] = std::stoi(port);
    } catch (const std::exception&) {
      target["port"] = port;
    }
  }
  if (const char* db = connection.dbname(); db && *db) target["dbname"] = db;
  if (const char* user = connection.username(); user && *user) target["user"] = user;
}

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

// Whether the role sees every session's statistics; false when unsure.
bool all_stats_visible(pqxx::dbtransaction& tx) {
  try {
    pqxx::subtransaction savepoint(tx, "golive_privileges");
    const pqxx::result result = savepoint.exec(all_stats_visible_sql());
    savepoint.commit();
    return !result.empty() && std::string_view(result[0][0].c_str()) == "t";
  } catch (const pqxx::failure&) {
    return false;
  }
}

// Reads every key in its own savepoint, so that a refused view or a
// timed-out query only costs that key.
void read_keys(pqxx::dbtransaction& tx, int version, nlohmann::json& facts,
               nlohmann::json& unavailable) {
  std::string lost;  // once the connection is gone, the remaining keys go with it
  const bool all_stats = all_stats_visible(tx);
  for (const auto& query : fact_queries(version)) {
    if (!lost.empty()) {
      unavailable[query.key] = lost;
      continue;
    }
    if (query.needs_all_stats && !all_stats) {
      unavailable[query.key] = all_stats_hidden_reason();
      continue;
    }
    try {
      pqxx::subtransaction savepoint(tx, "golive_" + query.key);
      const pqxx::result result = savepoint.exec(query.sql);
      savepoint.commit();  // RELEASE SAVEPOINT: still inside the read-only transaction
      facts[query.key] = shape_result(query, result);
    } catch (const pqxx::broken_connection& e) {
      lost = "connection lost: " + first_line(e.what());
      unavailable[query.key] = lost;
    } catch (const pqxx::failure& e) {  // sql_error: permission denied, timeouts, ...
      unavailable[query.key] = short_query_error(e.what());
    }
  }
}

}  // namespace

int statement_timeout_now(const SessionLimits& limits) {
  using namespace std::chrono;
  const auto now = steady_clock::now();
  if (limits.deadline <= now) return 100;
  const auto left = duration_cast<milliseconds>(limits.deadline - now).count();
  return static_cast<int>(
      std::max<long long>(100, std::min<long long>(limits.statement_timeout_ms, left)));
}

nlohmann::json unreadable_facts(nlohmann::json target, const std::string& reason) {
  nlohmann::json facts = {{"target", std::move(target)}, {"unavailable", nlohmann::json::object()}};
  for (const auto& key : queried_fact_keys()) facts["unavailable"][key] = reason;
  return facts;
}

TargetOutcome read_server(const Options& options, const SessionLimits& limits,
                          nlohmann::json target) {
  std::unique_ptr<pqxx::connection> connection;
  try {
    connection = std::make_unique<pqxx::connection>(conninfo_string(options));
  } catch (const pqxx::broken_connection& e) {
    ConnectFailure failure = classify_connect_error(e.what(), limits.connect_timeout_s);
    return {failure.status, failure.error, unreadable_facts(target, failure.error)};
  } catch (const std::exception& e) {
    ConnectFailure failure = classify_connect_error(e.what(), limits.connect_timeout_s);
    return {"unreachable", failure.error, unreadable_facts(target, failure.error)};
  }
  complete_target(target, *connection);

  nlohmann::json facts = {{"target", target}};
  nlohmann::json unavailable = nlohmann::json::object();
  std::unique_ptr<pqxx::read_transaction> tx;
  try {
    // BEGIN, then SET TRANSACTION ... READ ONLY: nothing in it can write.
    tx = std::make_unique<pqxx::read_transaction>(*connection, "golive");
    for (const auto& statement :
         session_statements(statement_timeout_now(limits), limits.lock_timeout_ms))
      tx->exec(statement);
  } catch (const pqxx::failure& e) {
    const std::string reason = first_line(e.what());
    return {"unreachable", "could not open a read-only transaction: " + reason,
            unreadable_facts(target, reason)};
  }
  read_keys(*tx, connection->server_version(), facts, unavailable);
  try {
    tx->abort();  // ROLLBACK: golive leaves nothing behind, not even its SET LOCALs
  } catch (const pqxx::failure&) {
    // The connection is gone (already recorded per key); the server rolls back.
  }

  facts["unavailable"] = unavailable;
  TargetOutcome outcome;
  outcome.facts = std::move(facts);
  if (!unavailable.empty()) {
    outcome.status = "partial";
    std::vector<std::string> parts;
    for (const auto& [key, reason] : unavailable.items())
      parts.push_back(fmt::format("{} not collected ({})", key, reason.get<std::string>()));
    outcome.error = join(parts, "; ");
  }
  return outcome;
}

}  // namespace golive::collectors::postgres
