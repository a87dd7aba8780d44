#include "collectors/k8s/k8s_collector.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "collectors/k8s/exec_credential.hpp"
#include "collectors/k8s/kubeconfig.hpp"
#include "collectors/k8s/live.hpp"
#include "collectors/k8s/manifests.hpp"
#include "golive/collector_settings.hpp"
#include "golive/secrets.hpp"
#include "golive/text.hpp"
#include "golive/yaml.hpp"

namespace golive::collectors {

namespace {

namespace fs = std::filesystem;

std::string string_setting(const nlohmann::json& settings, const char* key);

std::string default_namespace(const nlohmann::json& settings) {
  const std::string ns = string_setting(settings, "namespace");
  return ns.empty() ? "default" : ns;
}

std::string string_setting(const nlohmann::json& settings, const char* key) {
  const auto it = settings.find(key);
  return it != settings.end() && it->is_string() ? it->get<std::string>() : "";
}

// `kubernetes_version: 1.34` reads as a number in YAML: take it as written.
std::string version_setting(const nlohmann::json& settings) {
  const auto it = settings.find("kubernetes_version");
  if (it == settings.end()) return "";
  return it->is_string() ? it->get<std::string>() : it->is_number() ? it->dump() : "";
}

k8s::ManifestOptions manifest_options(const nlohmann::json& settings) {
  k8s::ManifestOptions options;
  options.default_namespace = default_namespace(settings);
  options.ignore = string_list(settings.value("ignore_paths", nlohmann::json()));
  return options;
}

k8s::LiveOptions live_options(const nlohmann::json& settings) {
  k8s::LiveOptions options;
  options.namespaces = string_list(settings.value("namespaces", nlohmann::json()));
  const auto page_size = settings.find("page_size");
  if (page_size != settings.end() && page_size->is_number_integer())
    options.page_size = page_size->get<int>();
  return options;
}

bool is_text(const YAML::Node& node) {
  return node.IsScalar() && !node.Scalar().empty();
}

// Types of the live settings, then the kubeconfig itself: a context that
// does not exist is a mistake in the input, reported before collecting.
void validate_cluster(const YAML::Node& section, const std::string& file, DiagnosticSink& sink) {
  for (const char* key : {"kubeconfig", "context"})
    if (section[key] && !is_text(section[key]))
      sink.error(location_of(section[key], file), fmt::format("'{}' must be a string", key));
  if (const YAML::Node namespaces = section["namespaces"]) {
    bool ok = is_text(namespaces) || (namespaces.IsSequence() && namespaces.size() > 0);
    for (const auto& name : namespaces) ok = ok && is_text(name);
    if (!ok)
      sink.error(location_of(namespaces, file),
                 "'namespaces' must be a namespace or a non-empty list of namespaces");
  }
  if (const YAML::Node page_size = section["page_size"]) {
    const nlohmann::json value = yaml_to_json(page_size);
    if (!value.is_number_integer() || value.get<long long>() < 1 || value.get<long long>() > 10000)
      sink.error(location_of(page_size, file),
                 "'page_size' must be a whole number from 1 to 10000 (items per LIST page; "
                 "default 500)");
  }
  if (!sink.empty()) return;
  const nlohmann::json settings = yaml_to_json(section);
  try {
    k8s::load_credentials(k8s::kubeconfig_files(string_setting(settings, "kubeconfig"),
                                                fs::path(file).parent_path().string()),
                          string_setting(settings, "context"));
  } catch (const InputError& e) {
    sink.merge(e);
  }
}

// `kubernetes_version` is a version as written ("1.34.2", "v1.30"): YAML
// reads an unquoted 1.30 as the number 1.3, so a number is refused.
// `ignore_paths` is a glob or a list of them.
void validate_manifest_settings(const YAML::Node& section, const std::string& file,
                                DiagnosticSink& sink) {
  if (const YAML::Node version = section["kubernetes_version"]) {
    const bool quoted_or_text =
        version.IsScalar() && (version.Tag() == "!" || !yaml_to_json(version).is_number());
    if (!quoted_or_text || k8s::version_numbers(version.Scalar()).empty())
      sink.error(location_of(version, file),
                 "'kubernetes_version' must be a Kubernetes version such as \"1.34.2\" (quote "
                 "it: YAML reads 1.30 as the number 1.3)");
  }
  if (const YAML::Node ns = section["namespace"]; ns && !is_text(ns))
    sink.error(location_of(ns, file), "'namespace' must be a namespace name, e.g. odoo");
  if (const YAML::Node globs = section["ignore_paths"]) {
    bool ok = is_text(globs) || globs.IsSequence();
    for (const auto& glob : globs) ok = ok && is_text(glob);
    if (!ok)
      sink.error(
          location_of(globs, file),
          "'ignore_paths' must be a glob or a list of globs, e.g. ['charts/*', '*.values.yaml']");
  }
}

// Fact strings that hold a credential (a ConfigMap quoting the token, say)
// lose it: the snapshot never carries what authenticated golive.
void scrub(nlohmann::json& value, const std::vector<std::string>& secrets) {
  if (value.is_string()) {
    std::string text = value.get<std::string>();
    bool changed = false;
    for (const auto& secret : secrets)
      for (auto pos = text.find(secret); !secret.empty() && pos != std::string::npos;
           pos = text.find(secret, pos)) {
        text.replace(pos, secret.size(), "***");
        changed = true;
      }
    if (changed) value = text;
  } else if (value.is_structured()) {
    for (auto& item : value) scrub(item, secrets);
  }
}

CollectorResult failed(std::string status, const std::string& error) {
  CollectorResult result;
  result.status = std::move(status);
  result.error = redactor().redact(error);
  result.facts["k8s"] = k8s::unreadable_facts(result.error);
  return result;
}

CollectorResult collect_cluster(const CollectorRequest& request) {
  const auto deadline = stop_before(request.deadline);
  k8s::ClusterCredentials credentials;
  try {
    credentials = k8s::load_credentials(
        k8s::kubeconfig_files(string_setting(request.settings, "kubeconfig"), request.config_dir),
        string_setting(request.settings, "context"));
  } catch (const InputError& e) {
    // Changed since golive.yaml was checked.
    return failed("unreachable", e.what());
  }
  try {
    k8s::apply_exec_plugin(credentials, deadline);
  } catch (const k8s::ExecError& e) {
    return failed("unauthorized", e.what());
  }
  const std::vector<std::string> secrets = {credentials.token, credentials.client_key_pem};
  k8s::LiveResult live = k8s::collect_live(k8s::ApiClient(std::move(credentials), deadline),
                                           live_options(request.settings));
  scrub(live.facts, secrets);
  CollectorResult result;
  result.status = live.status;
  result.error = redactor().redact(live.error);
  result.facts["k8s"] = std::move(live.facts);
  return result;
}

class K8sCollector final : public LiveOrFilesCollector {
 public:
  const CollectorSchema& schema() const override {
    static const CollectorSchema schema{
        "k8s",
        "Kubernetes objects, from the API server (kubeconfig, as kubectl) or from manifests",
        {"kubeconfig", "context", "namespaces", "page_size", "manifests", "namespace",
         "ignore_paths", "kubernetes_version"},
        {},
        {"k8s.version", "k8s.<kind plural>[]", "k8s.workloads[]", "k8s.unavailable"},
        "  # (uncomment to audit a Kubernetes cluster; golive needs read access: `view` plus\n"
        "  # list on the kinds in docs/facts.md — Secrets by metadata only, never their values)\n"
        "  # k8s:\n"
        "  #   timeout: 60s\n"
        "  #   # Live, with the kubeconfig as kubectl reads it (default: KUBECONFIG, else\n"
        "  #   # ~/.kube/config); exec plugins such as kubelogin (AKS, Entra ID) work.\n"
        "  #   kubeconfig: ~/.kube/config   # optional; relative paths: next to this file\n"
        "  #   context: aks-retail-prod     # optional; default: current-context\n"
        "  #   namespaces: [odoo, traefik]  # optional; default: all namespaces\n"
        "  #   page_size: 500               # optional; items per LIST page\n"
        "  #   # Or offline, instead: manifests (multi-document YAML, JSON, `kubectl get -o\n"
        "  #   # json` Lists), files or directories, relative to this file.\n"
        "  #   # manifests: [deploy/]\n"
        "  #   # namespace: odoo  # for manifests without metadata.namespace (default: default)\n"
        "  #   # ignore_paths: ['charts/*', '*.values.yaml']  # globs of paths to leave out\n"
        "  #   # kubernetes_version: 1.34.2  # the version the manifests are deployed on\n"};
    return schema;
  }

  // Manifests and the kubeconfig are input like golive.yaml itself: a
  // syntax error, or a context that is not there, is reported now, with its
  // position, and the run stops (exit 2) before collecting.
  const FilesSetting& files_setting() const override {
    static const FilesSetting files{"manifests",
                                    "a live cluster",
                                    {"kubeconfig", "context", "namespaces", "page_size"},
                                    "files or directories"};
    return files;
  }

  void check_files(const std::vector<std::string>& paths,
                   const nlohmann::json& settings) const override {
    k8s::read_manifests(paths, manifest_options(settings));
  }

  // Manifests without a single Kubernetes object leave the cluster out of
  // the audit's scope (status skipped), with the notes saying what was read.
  CollectorResult read_files(const std::vector<std::string>& paths,
                             const nlohmann::json& settings) const override {
    k8s::ManifestObjects manifests = k8s::read_manifests(paths, manifest_options(settings));
    CollectorResult result;
    result.notes = std::move(manifests.notes);
    if (manifests.objects.empty()) {
      result.status = "skipped";
      std::vector<std::string> shown;
      for (const auto& path : paths)
        shown.push_back(path == "-" ? "<stdin>" : k8s::display_path(path));
      result.error = fmt::format("no Kubernetes object in {}", join(shown, ", "));
      return result;
    }
    result.facts["k8s"] = k8s::manifest_facts(manifests, version_setting(settings));
    return result;
  }

  void validate_live(const YAML::Node& section, const std::string& file,
                     DiagnosticSink& sink) const override {
    validate_cluster(section, file, sink);
  }

  void validate_files(const YAML::Node& section, const std::string& file,
                      DiagnosticSink& sink) const override {
    validate_manifest_settings(section, file, sink);
  }

  CollectorResult collect_live(const CollectorRequest& request) const override {
    return collect_cluster(request);
  }
};

}  // namespace

std::unique_ptr<Collector> make_k8s_collector() {
  return std::make_unique<K8sCollector>();
}

}  // namespace golive::collectors
