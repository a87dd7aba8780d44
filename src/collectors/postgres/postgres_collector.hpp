#pragma once
// The postgres collector: facts of PostgreSQL servers (settings, replication,
// archiving, connections, TLS, roles, pg_hba rules, ...) for each target of
// golive.yaml, read in one read-only transaction per server. The facts are
// specified in docs/facts.md, "postgres.<name>".

#include <memory>

#include "golive/collector.hpp"

namespace golive::collectors {

std::unique_ptr<Collector> make_postgres_collector();

}  // namespace golive::collectors
