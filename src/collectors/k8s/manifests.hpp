#pragma once
// The offline twin of the live collector: Kubernetes manifests — files or
// directories of multi-document YAML or JSON, and `kubectl get -o json`
// Lists — read into the same `k8s` facts the API would give.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace golive::collectors::k8s {

struct ManifestObjects {
  std::vector<nlohmann::json> objects;  // every object, Lists expanded
  std::vector<std::string> files;       // the files read, in order
};

// Reads every path: a file, or a directory walked recursively for *.yaml,
// *.yml and *.json (sorted, so facts are repeatable). Documents that are
// empty, or are not Kubernetes objects (no `kind` or no `apiVersion`:
// a Helm values file, a kustomize config without them), are skipped; a
// syntax error, an unreadable path or a document that is not a mapping is an
// InputError at file:line:column. A namespaced object without
// metadata.namespace gets `default_namespace`, as `kubectl apply` would.
ManifestObjects read_manifests(const std::vector<std::string>& paths,
                               const std::string& default_namespace = "default");

// The `k8s` facts of manifests: objects filed by kind, plus `workloads`.
nlohmann::json manifest_facts(const ManifestObjects& manifests);

}  // namespace golive::collectors::k8s
