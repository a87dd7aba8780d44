#pragma once
// Checks of the `postgres:` section of golive.yaml beyond its keys: each
// target's dsn (parseable, and no password written in it), durations.

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "golive/diagnostics.hpp"

namespace golive::collectors::postgres {

// The keys a target may hold.
inline const std::vector<std::string> kTargetSettings = {"dsn", "password", "statement_timeout",
                                                         "azure_resource"};

void validate_section(const YAML::Node& section, const std::string& file, DiagnosticSink& sink);

}  // namespace golive::collectors::postgres
