#include "collectors/k8s/kinds.hpp"

#include <algorithm>
#include <cctype>

namespace golive::collectors::k8s {

std::string KindInfo::list_path(std::string_view namespace_name) const {
  std::string path = group.empty() ? "/api/" + version : "/apis/" + group + "/" + version;
  if (!namespace_name.empty() && namespaced) path += "/namespaces/" + std::string(namespace_name);
  return path + "/" + key;
}

std::string KindInfo::api_version() const {
  return group.empty() ? version : group + "/" + version;
}

const std::vector<KindInfo>& listed_kinds() {
  static const std::vector<KindInfo> kinds = {
      {"Namespace", "namespaces", "", "v1", false},
      {"Node", "nodes", "", "v1", false},
      {"Deployment", "deployments", "apps", "v1"},
      {"StatefulSet", "statefulsets", "apps", "v1"},
      {"DaemonSet", "daemonsets", "apps", "v1"},
      {"CronJob", "cronjobs", "batch", "v1"},
      {"Job", "jobs", "batch", "v1"},
      {"Pod", "pods", "", "v1"},
      {"Service", "services", "", "v1"},
      {"Ingress", "ingresses", "networking.k8s.io", "v1"},
      {"NetworkPolicy", "networkpolicies", "networking.k8s.io", "v1"},
      {"PodDisruptionBudget", "poddisruptionbudgets", "policy", "v1"},
      {"HorizontalPodAutoscaler", "horizontalpodautoscalers", "autoscaling", "v2"},
      {"PersistentVolumeClaim", "persistentvolumeclaims", "", "v1"},
      {"StorageClass", "storageclasses", "storage.k8s.io", "v1", false},
      {"ServiceAccount", "serviceaccounts", "", "v1"},
      {"Role", "roles", "rbac.authorization.k8s.io", "v1"},
      {"RoleBinding", "rolebindings", "rbac.authorization.k8s.io", "v1"},
      {"ClusterRole", "clusterroles", "rbac.authorization.k8s.io", "v1", false},
      {"ClusterRoleBinding", "clusterrolebindings", "rbac.authorization.k8s.io", "v1", false},
      {"ResourceQuota", "resourcequotas", "", "v1"},
      {"LimitRange", "limitranges", "", "v1"},
      {"ConfigMap", "configmaps", "", "v1"},
      {"Secret", "secrets", "", "v1", true, false, true},
      // Custom resources, listed when their CRDs are installed.
      {"IngressRoute", "ingressroutes", "traefik.io", "v1alpha1", true, true},
      {"Middleware", "middlewares", "traefik.io", "v1alpha1", true, true},
      {"TLSOption", "tlsoptions", "traefik.io", "v1alpha1", true, true},
      {"IngressRoute", "ingressroutes", "traefik.containo.us", "v1alpha1", true, true},
      {"Middleware", "middlewares", "traefik.containo.us", "v1alpha1", true, true},
      {"TLSOption", "tlsoptions", "traefik.containo.us", "v1alpha1", true, true},
      {"Kustomization", "kustomizations", "kustomize.toolkit.fluxcd.io", "v1", true, true},
      {"HelmRelease", "helmreleases", "helm.toolkit.fluxcd.io", "v2", true, true},
      {"Application", "applications", "argoproj.io", "v1alpha1", true, true},
      // Flux's sources: what a Kustomization or HelmRelease should apply.
      {"GitRepository", "gitrepositories", "source.toolkit.fluxcd.io", "v1", true, true},
      {"OCIRepository", "ocirepositories", "source.toolkit.fluxcd.io", "v1beta2", true, true},
  };
  return kinds;
}

namespace {

std::string_view group_of(std::string_view api_version) {
  const auto slash = api_version.find('/');
  return slash == std::string_view::npos ? std::string_view{} : api_version.substr(0, slash);
}

}  // namespace

std::optional<KindInfo> find_kind(std::string_view kind, std::string_view api_version) {
  const auto& kinds = listed_kinds();
  const std::string_view group = group_of(api_version);
  std::optional<KindInfo> by_kind;
  for (const auto& info : kinds) {
    if (info.kind != kind) continue;
    if (api_version.empty() || info.group == group) return info;
    if (!by_kind) by_kind = info;
  }
  // Another version or group of a known kind (extensions/v1beta1
  // Deployment, Traefik's old group) still files under the same key.
  return by_kind;
}

std::string fact_key_for(std::string_view kind) {
  if (auto known = find_kind(kind)) return known->key;
  std::string key;
  for (char c : kind) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (key.empty()) return key;
  const auto ends_with = [&](std::string_view suffix) {
    return key.size() >= suffix.size() &&
           key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with("y") && key.size() > 1 &&
      std::string_view("aeiou").find(key[key.size() - 2]) == std::string_view::npos)
    key.back() = 'i', key += "es";
  else if (ends_with("s") || ends_with("x") || ends_with("ch") || ends_with("sh"))
    key += "es";
  else
    key += "s";
  return key;
}

bool is_cluster_scoped(std::string_view kind) {
  static constexpr std::string_view kClusterScoped[] = {"Namespace",
                                                        "Node",
                                                        "PersistentVolume",
                                                        "StorageClass",
                                                        "ClusterRole",
                                                        "ClusterRoleBinding",
                                                        "CustomResourceDefinition",
                                                        "PriorityClass",
                                                        "IngressClass",
                                                        "APIService",
                                                        "ValidatingWebhookConfiguration",
                                                        "MutatingWebhookConfiguration",
                                                        "ValidatingAdmissionPolicy",
                                                        "ValidatingAdmissionPolicyBinding",
                                                        "CSIDriver",
                                                        "CSINode",
                                                        "RuntimeClass",
                                                        "VolumeAttachment",
                                                        "ClusterIssuer",
                                                        "ComponentStatus"};
  return std::find(std::begin(kClusterScoped), std::end(kClusterScoped), kind) !=
         std::end(kClusterScoped);
}

}  // namespace golive::collectors::k8s
