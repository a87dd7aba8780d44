#pragma once
// One look at one PostgreSQL server: connect, open a read-only transaction,
// read each fact key inside its own savepoint (a key the role may not read
// is recorded as unavailable and the others are still read), roll back.

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "collectors/postgres/dsn.hpp"
#include "golive/collector.hpp"

namespace golive::collectors::postgres {

struct SessionLimits {
  int connect_timeout_s = 10;       // libpq's connect_timeout (already in the options)
  int statement_timeout_ms = 5000;  // each query, as configured
  int lock_timeout_ms = 1000;       // a catalog lock held by someone else is not waited for
  // The collector's deadline: queries get no more than the time left.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

// The statement_timeout for queries starting now: the configured one, but
// no more than the time left before the deadline (at least 100ms).
int statement_timeout_now(const SessionLimits& limits);

// Reads the facts of the server `options` connect to. `target` is the
// target fact as configured; it is completed from the live connection.
// Errors and facts are not yet redacted.
TargetOutcome read_server(const Options& options, const SessionLimits& limits,
                          nlohmann::json target);

// The facts of a target that could not be read at all: its `target` and
// every queried key unavailable for `reason`. Rules over it are then
// unknown, not skipped.
nlohmann::json unreadable_facts(nlohmann::json target, const std::string& reason);

}  // namespace golive::collectors::postgres
