#include "collectors/k8s/objects.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "collectors/k8s/kinds.hpp"
#include "collectors/k8s/sensitive.hpp"

namespace golive::collectors::k8s {

namespace {

void drop_nulls(nlohmann::json& value) {
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end();) {
      if (it->is_null()) {
        it = value.erase(it);
      } else {
        drop_nulls(*it);
        ++it;
      }
    }
  } else if (value.is_array()) {
    for (auto& item : value) drop_nulls(item);
  }
}

// A Secret keeps what says what it is, never what it holds.
nlohmann::json secret_metadata(const nlohmann::json& secret) {
  nlohmann::json kept = nlohmann::json::object();
  for (const char* key : {"apiVersion", "kind", "metadata", "type", "$source"})
    if (secret.contains(key)) kept[key] = secret[key];
  return kept;
}

bool is_owned_by_controller(const nlohmann::json& object) {
  const auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) return false;
  const auto owners = metadata->find("ownerReferences");
  if (owners == metadata->end() || !owners->is_array()) return false;
  for (const auto& owner : *owners) {
    if (!owner.is_object()) continue;
    const auto controller = owner.find("controller");
    if (controller != owner.end() && controller->is_boolean() && controller->get<bool>())
      return true;
  }
  return false;
}

const nlohmann::json* child(const nlohmann::json& value, std::string_view key) {
  if (!value.is_object()) return nullptr;
  const auto it = value.find(key);
  return it == value.end() ? nullptr : &*it;
}

// The fact keys whose objects run pods, in the order workloads list them.
constexpr std::array<std::string_view, 8> kWorkloadKeys = {
    "deployments", "statefulsets", "daemonsets", "replicasets", "replicationcontrollers",
    "jobs",        "cronjobs",     "pods"};

}  // namespace

nlohmann::json sanitize_object(nlohmann::json object) {
  if (!object.is_object()) return object;
  drop_nulls(object);
  if (auto metadata = object.find("metadata"); metadata != object.end() && metadata->is_object()) {
    metadata->erase("managedFields");
    // kubectl apply's copy of the whole object, unredacted (a Secret's data,
    // an env password): golive keeps the object itself instead.
    if (auto notes = metadata->find("annotations"); notes != metadata->end() && notes->is_object())
      notes->erase("kubectl.kubernetes.io/last-applied-configuration");
  }
  if (object.value("kind", "") == "Secret") return secret_metadata(object);
  redact_sensitive_values(object);
  return object;
}

void add_object(nlohmann::json& facts, nlohmann::json object) {
  const std::string key = fact_key_for(object.value("kind", ""));
  if (key.empty()) return;
  auto& list = facts[key];
  if (!list.is_array()) list = nlohmann::json::array();
  list.push_back(sanitize_object(std::move(object)));
}

nlohmann::json pod_template_of(const nlohmann::json& object) {
  const std::string kind = object.value("kind", "");
  const nlohmann::json* spec = child(object, "spec");
  if (!spec) return nullptr;
  if (kind == "Pod") {
    nlohmann::json pod = {{"spec", *spec}};
    if (const auto* metadata = child(object, "metadata")) pod["metadata"] = *metadata;
    return pod;
  }
  if (kind == "CronJob") {
    const auto* job = child(*spec, "jobTemplate");
    const auto* job_spec = job ? child(*job, "spec") : nullptr;
    spec = job_spec;
    if (!spec) return nullptr;
  }
  const auto* pod_template = child(*spec, "template");
  if (!pod_template || !pod_template->is_object()) return nullptr;
  return *pod_template;
}

bool is_workload_key(std::string_view key) {
  return std::find(kWorkloadKeys.begin(), kWorkloadKeys.end(), key) != kWorkloadKeys.end();
}

void add_workloads(nlohmann::json& facts) {
  nlohmann::json workloads = nlohmann::json::array();
  bool any_kind = false;
  for (const auto key : kWorkloadKeys) {
    const auto list = facts.find(key);
    if (list == facts.end() || !list->is_array()) continue;
    any_kind = true;
    for (const auto& object : *list) {
      if (is_owned_by_controller(object)) continue;
      nlohmann::json pod = pod_template_of(object);
      if (pod.is_null()) continue;
      nlohmann::json workload = object;
      workload["podTemplate"] = std::move(pod);
      workloads.push_back(std::move(workload));
    }
  }
  // No workload kind collected (all forbidden, say): leave `workloads`
  // absent, so rules over it are unknown rather than vacuously passing.
  if (any_kind) facts["workloads"] = std::move(workloads);
}

}  // namespace golive::collectors::k8s
