#include "collectors/azure/azure_collector.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "collectors/azure/credentials.hpp"
#include "collectors/azure/exports.hpp"
#include "collectors/azure/live.hpp"
#include "golive/secrets.hpp"
#include "golive/yaml.hpp"

namespace golive::collectors {

namespace {

namespace fs = std::filesystem;

std::vector<std::string> string_list(const nlohmann::json& setting) {
  std::vector<std::string> out;
  if (setting.is_string()) out.push_back(setting.get<std::string>());
  if (setting.is_array())
    for (const auto& item : setting)
      if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

// `exports:` paths, relative to golive.yaml.
std::vector<std::string> export_paths(const nlohmann::json& setting,
                                      const std::string& config_dir) {
  std::vector<std::string> paths;
  for (const auto& path : string_list(setting)) {
    const fs::path p = path;
    paths.push_back(p.is_relative() && !config_dir.empty() ? (fs::path(config_dir) / p).string()
                                                           : p.string());
  }
  return paths;
}

// Settings that only make sense when reading Resource Manager.
const std::vector<std::string> kLiveSettings = {
    "subscriptions", "resource_groups", "tags",     "cloud",        "authority",
    "resource_manager", "credential",   "token_env", "managed_identity", "ca_file"};

void validate_exports(const YAML::Node& section, const std::string& file, DiagnosticSink& sink) {
  const YAML::Node exports = section["exports"];
  for (const auto& key : kLiveSettings)
    if (section[key])
      sink.error(location_of(section[key], file),
                 fmt::format("'{}' reads Azure Resource Manager, 'exports' reads files: give one "
                             "or the other",
                             key));
  if (!(exports.IsScalar() || (exports.IsSequence() && exports.size() > 0))) {
    sink.error(location_of(exports, file),
               "'exports' must be a path or a non-empty list of paths (JSON files or directories)");
    return;
  }
  try {
    azure::read_exports(export_paths(yaml_to_json(exports), fs::path(file).parent_path().string()));
  } catch (const InputError& e) {
    sink.merge(e);
  }
}

CollectorResult collect_exports(const CollectorRequest& request) {
  CollectorResult result;
  try {
    result.facts["azure"] =
        azure::read_exports(export_paths(request.settings["exports"], request.config_dir));
  } catch (const InputError& e) {
    // Changed since golive.yaml was checked: report it, collect nothing.
    result.status = "unreachable";
    result.error = e.what();
  }
  return result;
}

}  // namespace

// Defined in live_settings.cpp: the live settings' checks (types, values,
// did-you-mean) and their reading into LiveOptions.
void validate_azure_live(const YAML::Node& section, const std::string& file, DiagnosticSink& sink);
CollectorResult collect_azure_live(const CollectorRequest& request);

namespace {

class AzureCollector final : public Collector {
 public:
  const CollectorSchema& schema() const override {
    static const CollectorSchema schema{
        "azure",
        "Azure resources, from Resource Manager (Entra ID credentials, as the Azure SDKs) or "
        "from exported resources",
        {"subscriptions", "resource_groups", "tags", "cloud", "authority", "resource_manager",
         "credential", "token_env", "managed_identity", "ca_file", "exports"},
        {},
        {"azure.<type key>[] (aks, postgres_flexible, redis, storage_accounts, key_vaults, ...)",
         "azure.resources[]", "azure.resource_groups[]", "azure.subscriptions[]",
         "azure.aks_versions", "azure.unavailable"},
        "  # (uncomment to audit Azure; golive needs the Reader role on the subscriptions)\n"
        "  # azure:\n"
        "  #   timeout: 60s\n"
        "  #   subscriptions: [00000000-0000-0000-0000-000000000000]\n"
        "  #   resource_groups: [rg-retail-prod]   # optional; default: all\n"
        "  #   tags: {environment: prod}           # optional; resources must carry these\n"
        "  #   # Credentials as the Azure SDKs find them (AZURE_CLIENT_SECRET or\n"
        "  #   # AZURE_CLIENT_CERTIFICATE_PATH, workload identity, managed identity,\n"
        "  #   # `az login`); or name one: environment | workload_identity |\n"
        "  #   # managed_identity | azure_cli | token (with token_env: VARIABLE).\n"
        "  #   credential: auto\n"
        "  #   cloud: AzureCloud   # or AzureUSGovernment, AzureChinaCloud\n"
        "  #   # Or offline, instead: exported resources (`az resource list`, `az resource\n"
        "  #   # show`, Get-AzResource -ExpandProperties), files or directories.\n"
        "  #   # exports: [azure-export.json]\n"};
    return schema;
  }

  // Exports are input like golive.yaml itself: a syntax error is reported
  // now, with its position, and the run stops (exit 2) before collecting.
  void validate(const YAML::Node& section, const std::string& file,
                DiagnosticSink& sink) const override {
    if (section["exports"])
      validate_exports(section, file, sink);
    else
      validate_azure_live(section, file, sink);
  }

  CollectorResult collect(const CollectorRequest& request) const override {
    return request.settings.contains("exports") ? collect_exports(request)
                                                : collect_azure_live(request);
  }
};

}  // namespace

std::unique_ptr<Collector> make_azure_collector() {
  return std::make_unique<AzureCollector>();
}

}  // namespace golive::collectors
