#pragma once
// The odoo section of golive.yaml, checked with positions: where odoo.conf
// comes from (config_file, or config_from a ConfigMap/Secret), the URL to
// probe and its CA. A config_file is read and parsed now, so a broken
// odoo.conf stops the run (exit 2) at its file:line:column.

#include <string>

#include <yaml-cpp/yaml.h>

#include "golive/diagnostics.hpp"

namespace golive::collectors::odoo {

void validate_settings(const YAML::Node& section, const std::string& file, DiagnosticSink& sink);

}  // namespace golive::collectors::odoo
