#pragma once
// The Kubernetes kinds golive reads, with where the API serves them. The
// live collector lists exactly these; the offline twin files manifests under
// the same fact keys, so both produce the same facts (docs/facts.md, k8s).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace golive::collectors::k8s {

struct KindInfo {
  std::string kind;     // "Deployment"
  std::string key;      // fact key under k8s: the lower-case plural resource, "deployments"
  std::string group;    // "" for the core group, "apps", "traefik.io", ...
  std::string version;  // preferred version to list: "v1", "v1alpha1"
  bool namespaced = true;
  bool optional = false;  // served only when a CRD (or an optional API) exists
  // Secrets: metadata only, listed as PartialObjectMetadataList so values
  // are never sent to golive; any data that arrives anyway is dropped.
  bool metadata_only = false;

  // "/api/v1/pods" or "/apis/apps/v1/deployments", optionally in a namespace.
  std::string list_path(std::string_view namespace_name = {}) const;
  // "apps/v1", or "v1" for the core group.
  std::string api_version() const;
};

// Every kind golive lists, in the order it lists them.
const std::vector<KindInfo>& listed_kinds();

// The kind for an object's `kind` (and, to tell Traefik's two API groups
// apart, its apiVersion), or nullopt when golive does not list that kind.
std::optional<KindInfo> find_kind(std::string_view kind, std::string_view api_version = {});

// Fact key for any kind, listed or not: the lower-case plural
// ("NetworkPolicy" -> "networkpolicies", "Ingress" -> "ingresses").
std::string fact_key_for(std::string_view kind);

// Cluster-scoped kinds (Namespace, Node, ClusterRole, ...): an object of
// any other kind without metadata.namespace gets one when read offline.
bool is_cluster_scoped(std::string_view kind);

}  // namespace golive::collectors::k8s
