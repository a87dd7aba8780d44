#include "collectors/postgres/postgres_collector.hpp"

#include <algorithm>
#include <chrono>

#include "collectors/postgres/dsn.hpp"
#include "collectors/postgres/queries.hpp"
#include "collectors/postgres/session.hpp"
#include "collectors/postgres/validation.hpp"
#include "golive/config.hpp"
#include "golive/secrets.hpp"

namespace golive::collectors {

namespace {

using namespace postgres;
using Clock = std::chrono::steady_clock;

constexpr int kDefaultStatementTimeoutMs = 5000;

std::vector<std::string> fact_paths() {
  std::vector<std::string> paths = {"postgres.<name>.target"};
  for (const auto& key : queried_fact_keys()) paths.push_back("postgres.<name>." + key);
  paths.push_back("postgres.<name>.unavailable");
  return paths;
}

// libpq's connect_timeout: two thirds of the time left (the rest is for the
// queries), in whole seconds, at least 2 (libpq's own minimum), at most 60.
int connect_timeout_for(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return std::clamp(static_cast<int>(left.count() * 2 / 3 / 1000), 2, 60);
}

// A string setting; YAML may have typed a plain scalar (`dsn: 5`).
std::string string_setting(const nlohmann::json& settings, const char* key) {
  auto it = settings.find(key);
  if (it == settings.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

int statement_timeout_ms(const nlohmann::json& settings) {
  auto parsed = parse_timeout(string_setting(settings, "statement_timeout"));
  if (!parsed || parsed->count() <= 0) return kDefaultStatementTimeoutMs;
  return static_cast<int>(std::min<long long>(parsed->count(), 24LL * 3600 * 1000));
}

// Settings may quote connection strings with passwords (primary_conninfo,
// an archive_command with a URL), and reasons are server messages: both go
// through the redactor. Other facts are names and numbers, left as read so
// that a short password cannot mangle them.
void redact_strings(nlohmann::json& value) {
  if (value.is_string()) {
    value = redactor().redact(value.get<std::string>());
  } else if (value.is_object() || value.is_array()) {
    for (auto& item : value) redact_strings(item);
  }
}

void redact_facts(nlohmann::json& facts) {
  for (const char* key : {"settings", "unavailable"})
    if (facts.is_object() && facts.contains(key)) redact_strings(facts[key]);
}

TargetOutcome probe_target(const nlohmann::json& settings, const CollectorRequest& request) {
  Options options;
  try {
    options = parse_dsn(string_setting(settings, "dsn"));
  } catch (const DsnError& e) {
    return {"unreachable", e.what(), unreadable_facts(nlohmann::json::object(), e.what())};
  }
  SessionLimits limits;
  limits.connect_timeout_s = connect_timeout_for(request.deadline);
  limits.statement_timeout_ms = statement_timeout_ms(settings);
  limits.deadline = request.deadline;
  nlohmann::json target = describe_target(options);
  // The Azure server this is, when its host name does not say (a private
  // IP, a PgBouncer in front): golive/source_links.hpp links the two.
  if (const std::string key = string_setting(settings, "azure_resource"); !key.empty())
    target["azure_resource"] = key;
  options = connection_options(std::move(options), {string_setting(settings, "password"),
                                                    request.config_dir, limits.connect_timeout_s});
  TargetOutcome outcome = read_server(options, limits, target);
  outcome.error = redactor().redact(outcome.error);
  redact_facts(outcome.facts);
  return outcome;
}

class PostgresCollector final : public Collector {
 public:
  const CollectorSchema& schema() const override {
    static const CollectorSchema schema{
        "postgres",
        "PostgreSQL servers, each read in one read-only transaction (pg_monitor is enough)",
        {"targets"},
        {"targets"},
        fact_paths(),
        "  # (uncomment to audit PostgreSQL; golive needs a role with pg_monitor)\n"
        "  # postgres:\n"
        "  #   timeout: 20s\n"
        "  #   targets:\n"
        "  #     odoo-db:              # rules show it as postgres.odoo-db\n"
        "  #       # libpq keyword=value or postgresql:// URI; without it, libpq's PGHOST,\n"
        "  #       # PGPORT, PGUSER, ... Relative sslrootcert/sslcert/sslkey: next to this file.\n"
        "  #       dsn: \"host=db.internal port=5432 dbname=odoo user=golive_ro "
        "sslmode=verify-full sslrootcert=ca.pem\"\n"
        "  #       password: ${env:PGPASSWORD}  # optional; else PGPASSWORD / PGPASSFILE\n"
        "  #       statement_timeout: 5s        # optional, per query (lock_timeout is 1s)\n"
        "  #       azure_resource: psql-prod    # optional: the Azure server it is, when the host\n"
        "  #                                    # name does not say (rules then also read ARM)\n"};
    return schema;
  }

  void validate(const YAML::Node& section, const std::string& file,
                DiagnosticSink& sink) const override {
    validate_section(section, file, sink);
  }

  CollectorResult collect(const CollectorRequest& request) const override {
    return collect_targets("postgres", request,
                           [&request](const std::string&, const nlohmann::json& settings) {
                             return probe_target(settings, request);
                           });
  }
};

}  // namespace

std::unique_ptr<Collector> make_postgres_collector() {
  return std::make_unique<PostgresCollector>();
}

}  // namespace golive::collectors
