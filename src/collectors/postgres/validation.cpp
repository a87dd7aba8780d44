#include "collectors/postgres/validation.hpp"

#include <fmt/format.h>

#include "collectors/postgres/dsn.hpp"
#include "golive/collector.hpp"
#include "golive/config.hpp"
#include "golive/secrets.hpp"
#include "golive/yaml.hpp"

namespace golive::collectors::postgres {

namespace {

void check_dsn(const YAML::Node& dsn, const std::string& file, DiagnosticSink& sink) {
  if (!dsn) return;  // optional: libpq's PG* environment variables
  if (!dsn.IsScalar()) {
    sink.error(location_of(dsn, file),
               "'dsn' must be a libpq connection string (\"host=... dbname=...\") or a "
               "postgresql:// URI");
    return;
  }
  const std::string& text = dsn.Scalar();
  if (auto offset = find_literal_password(text)) {
    // The error names where, never what: the password is not repeated.
    sink.error(location_in_scalar(dsn, file, *offset),
               "a password is written in 'dsn': remove it and put the password in `password: "
               "${env:NAME}` (or ${file:PATH}) instead, so it stays out of golive.yaml");
    return;
  }
  if (has_reference(text)) return;  // parsed when collecting, once resolved
  try {
    parse_dsn(text);
  } catch (const DsnError& e) {
    sink.error(location_of(dsn, file), e.what());
  }
}

void check_duration(const YAML::Node& node, const std::string& file, const std::string& key,
                    DiagnosticSink& sink) {
  if (!node) return;
  auto parsed = node.IsScalar() ? parse_timeout(node.Scalar()) : std::nullopt;
  if (!parsed || parsed->count() <= 0)
    sink.error(location_of(node, file),
               fmt::format("'{}' must be a positive duration such as 5s or 500ms", key));
}

void check_password(const YAML::Node& node, const std::string& file, DiagnosticSink& sink) {
  // A literal value is reported by the configuration loader for every
  // collector; here only the shape.
  if (node && !node.IsScalar())
    sink.error(location_of(node, file),
               "'password' must be a reference such as ${env:PGPASSWORD} or ${file:PATH}");
}

}  // namespace

void validate_section(const YAML::Node& section, const std::string& file, DiagnosticSink& sink) {
  validate_targets(section, file, "postgres", kTargetSettings, {}, sink,
                   [&](const YAML::Node& target) {
                     check_dsn(target["dsn"], file, sink);
                     check_password(target["password"], file, sink);
                     check_duration(target["statement_timeout"], file, "statement_timeout", sink);
                     if (auto key = target["azure_resource"])
                       scalar_string(key, file, "azure_resource", sink);
                   });
}

}  // namespace golive::collectors::postgres
