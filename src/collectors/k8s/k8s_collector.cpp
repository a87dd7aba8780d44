#include "collectors/k8s/k8s_collector.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "collectors/k8s/manifests.hpp"
#include "golive/yaml.hpp"

namespace golive::collectors {

namespace {

namespace fs = std::filesystem;

// `manifests:` holds one path or a list of them, relative to golive.yaml.
std::vector<std::string> manifest_paths(const nlohmann::json& setting,
                                        const std::string& config_dir) {
  std::vector<std::string> paths;
  const auto add = [&](const std::string& path) {
    fs::path p = path;
    paths.push_back(p.is_relative() && !config_dir.empty() ? (fs::path(config_dir) / p).string()
                                                           : p.string());
  };
  if (setting.is_string()) add(setting.get<std::string>());
  if (setting.is_array())
    for (const auto& path : setting)
      if (path.is_string()) add(path.get<std::string>());
  return paths;
}

std::string default_namespace(const nlohmann::json& settings) {
  return settings.value("namespace", std::string("default"));
}

class K8sCollector final : public Collector {
 public:
  const CollectorSchema& schema() const override {
    static const CollectorSchema schema{
        "k8s",
        "Kubernetes objects, from manifests (files, directories, `kubectl get -o json` Lists)",
        {"manifests", "namespace"},
        {"manifests"},
        {"k8s.<kind plural>[]", "k8s.workloads[]"},
        "  # k8s:\n"
        "  #   timeout: 60s\n"
        "  #   # Manifests (multi-document YAML, JSON, `kubectl get -o json` Lists),\n"
        "  #   # files or directories, relative to this file.\n"
        "  #   manifests: [deploy/]\n"
        "  #   # namespace: odoo    # for objects without metadata.namespace (default: "
        "default)\n"};
    return schema;
  }

  // Manifests are input like golive.yaml itself: a syntax error is reported
  // now, with its position, and the run stops (exit 2) before collecting.
  void validate(const YAML::Node& section, const std::string& file,
                DiagnosticSink& sink) const override {
    const YAML::Node manifests = section["manifests"];
    if (!manifests) return;
    if (!(manifests.IsScalar() || (manifests.IsSequence() && manifests.size() > 0))) {
      sink.error(location_of(manifests, file),
                 "'manifests' must be a path or a non-empty list of paths (files or directories)");
      return;
    }
    try {
      k8s::read_manifests(
          manifest_paths(yaml_to_json(manifests), fs::path(file).parent_path().string()));
    } catch (const InputError& e) {
      sink.merge(e);
    }
  }

  CollectorResult collect(const CollectorRequest& request) const override {
    CollectorResult result;
    try {
      const auto manifests =
          k8s::read_manifests(manifest_paths(request.settings["manifests"], request.config_dir),
                              default_namespace(request.settings));
      result.facts["k8s"] = k8s::manifest_facts(manifests);
    } catch (const InputError& e) {
      // Changed since golive.yaml was checked: report it, collect nothing.
      result.status = "unreachable";
      result.error = e.what();
    }
    return result;
  }
};

}  // namespace

std::unique_ptr<Collector> make_k8s_collector() {
  return std::make_unique<K8sCollector>();
}

}  // namespace golive::collectors
