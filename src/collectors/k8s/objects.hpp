#pragma once
// Kubernetes objects into golive's `k8s` facts — one path for the live API
// and for manifests, so both give the same facts (docs/facts.md, k8s).

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace golive::collectors::k8s {

// An object as golive keeps it: keys whose value is null dropped (the API
// server drops them; YAML writes `securityContext:` with nothing under it),
// metadata.managedFields and kubectl's last-applied annotation dropped (bulk,
// and the annotation repeats every value unredacted), and for a Secret only
// apiVersion, kind, metadata and type — its data and stringData never stay.
// Secret-looking values elsewhere are replaced by a marker (sensitive.hpp).
nlohmann::json sanitize_object(nlohmann::json object);

// Appends a sanitized object to facts[<fact key of its kind>].
void add_object(nlohmann::json& facts, nlohmann::json object);

// Derives facts["workloads"]: one entry per top-level pod controller —
// Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
// Job, CronJob, and Pods — skipping objects another controller owns (a
// Deployment's Pods, a CronJob's Jobs), as Polaris does. Each entry is the
// object itself plus `podTemplate: {metadata, spec}`, the pod it runs
// (spec.template, spec.jobTemplate.spec.template, or a Pod's own), so a rule
// about containers is written once for every kind.
void add_workloads(nlohmann::json& facts);

// Whether facts[key] is one of the kinds `workloads` is derived from.
bool is_workload_key(std::string_view key);

// The pod template of a workload object, or null when it has none.
nlohmann::json pod_template_of(const nlohmann::json& object);

}  // namespace golive::collectors::k8s
