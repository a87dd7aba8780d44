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
  // What a person should know about what was read (files left out, objects
  // given twice, ...): shown in every report, never a secret.
  std::vector<std::string> notes;
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

// A little before `deadline` (250 ms, or a tenth of what is left when that
// is less): a collector that stops its own waits then reports what it was
// waiting for ("timed out waiting for a reply from HOST:PORT") instead of
// being cut off by the runner without a word about what hung.
std::chrono::steady_clock::time_point stop_before(std::chrono::steady_clock::time_point deadline);

// Collectors of several named targets (postgres, redis) share this shape:
//   collectors: {postgres: {timeout: 20s, targets: {odoo-db: {...}, ...}}}
// Facts go under facts[<collector>][<target>], so rules apply to `postgres.*`.
struct TargetOutcome {
  std::string status = "ok";  // ok | partial | unreachable | unauthorized
  std::string error;          // why, never a secret
  // What was read. A target that could not be read still reports its
  // `target` and `unavailable` keys, so rules over it are unknown, not skipped.
  nlohmann::json facts;
};
using TargetProbe =
    std::function<TargetOutcome(const std::string& name, const nlohmann::json& settings)>;

// Probes every target of request.settings["targets"] concurrently and
// combines them: facts of each target that produced any; status ok when all
// are ok, the common status when all failed alike, partial otherwise; the
// error lists "target: reason" for each target that was not ok.
CollectorResult collect_targets(const std::string& collector, const CollectorRequest& request,
                                const TargetProbe& probe);

// Checks a `targets:` mapping: at least one target, names usable as fact
// keys ([A-Za-z0-9_.-]), each target's keys (did-you-mean), with positions;
// then `check_target` on each target that is a mapping, for the collector's
// own checks of its values.
using TargetCheck = std::function<void(const YAML::Node& target)>;
void validate_targets(const YAML::Node& section, const std::string& file,
                      const std::string& collector, const std::vector<std::string>& allowed,
                      const std::vector<std::string>& required, DiagnosticSink& sink,
                      const TargetCheck& check_target = nullptr);

// The collector registered under `name`, or null.
std::unique_ptr<Collector> make_collector(const std::string& name);
// Every registered collector's name.
std::vector<std::string> collector_names();
// The systems collectors produce facts for: the top-level fact keys their
// schemas declare (azure, declared, k8s, odoo, postgres, redis, traefik).
std::vector<std::string> known_systems();

}  // namespace golive
