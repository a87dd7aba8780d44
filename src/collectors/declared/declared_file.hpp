#pragma once
// declared.yaml: what no API shows, attested by the team (RTO/RPO, the last
// DR drill and restore test, runbooks, on-call, GitOps, CI gates, SLOs,
// change freezes, approvals). Written by people, so it is checked like every
// other input: every problem at once, each at its file:line:column with what
// to change and the valid form expected. Keys are read in any case and
// separators (dr_drill, dr-drill, drDrill) and under the aliases of
// docs/collectors.md, and stored under their canonical name; objectives
// declared per service only roll up to the environment's (the loosest,
// marked rto_source/rpo_source "services"). The facts keep the shape of
// docs/facts.md "declared".

#include <chrono>
#include <string>

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "golive/diagnostics.hpp"

namespace golive::collectors::declared {

// The facts of a parsed declared.yaml document (without `source`). Problems
// go to `sink`; what is wrong is left out of the facts. `today` (UTC) bounds
// the dates of things that already happened (drills, tests, approvals).
nlohmann::json read_declared(const YAML::Node& document, const std::string& file,
                             std::chrono::sys_days today, DiagnosticSink& sink);

// Reads, parses and checks the file; throws InputError with every problem.
nlohmann::json load_declared(const std::string& path, std::chrono::sys_days today);

}  // namespace golive::collectors::declared
