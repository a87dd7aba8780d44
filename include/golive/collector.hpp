#pragma once
// Collectors: plugins that look at one kind of system, read-only and
// time-bounded, and report facts plus their own status. Each declares its
// schema (its golive.yaml settings and the facts it emits); the registry in
// src/collectors/registry.cpp lists them, one line each.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "golive/diagnostics.hpp"

namespace golive {

struct CollectorSchema {
  std::string name;                            // its key under `collectors:` in golive.yaml
  std::string description;                     // one line, for `golive init` and docs
  std::vector<std::string> settings;           // keys its section may hold (besides timeout)
  std::vector<std::string> required_settings;  // keys it must hold
  std::vector<std::string> facts;              // fact paths it emits (docs/facts.md)
  std::string example;  // its section as `golive init` writes it (YAML, annotated)
};

struct CollectorRequest {
  nlohmann::json settings = nlohmann::json::object();  // its golive.yaml section, as JSON
  std::string config_dir;  // relative paths in settings are relative to golive.yaml
  std::string environment;
  std::chrono::steady_clock::time_point deadline;  // finish (or give up) by then
};

struct CollectorResult {
  // ok | partial | unreachable | unauthorized | skipped, and why (never a secret).
  std::string status = "ok";
  std::string error;
  nlohmann::json facts = nlohmann::json::object();  // merged into the snapshot's facts
  // Statuses of the fact keys it provided, when they are not its own name
  // (e.g. a files collector providing `azure` and `k8s`).
  nlohmann::json statuses = nlohmann::json::object();
};

class Collector {
 public:
  virtual ~Collector() = default;
  virtual const CollectorSchema& schema() const = 0;
  // Checks its section beyond the known keys (types, values), with positions.
  virtual void validate(const YAML::Node& /*section*/, const std::string& /*file*/,
                        DiagnosticSink& /*sink*/) const {}
  // Looks at the system, read-only, within request.deadline. Problems of the
  // target become the status; it throws only on bugs.
  virtual CollectorResult collect(const CollectorRequest& request) const = 0;
};

// The collector registered under `name`, or null.
std::unique_ptr<Collector> make_collector(const std::string& name);
// Every registered collector's name.
std::vector<std::string> collector_names();

}  // namespace golive
