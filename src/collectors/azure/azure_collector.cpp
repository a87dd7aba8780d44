#include "collectors/azure/azure_collector.hpp"

#include "collectors/azure/credentials.hpp"
#include "collectors/azure/exports.hpp"
#include "collectors/azure/live.hpp"
#include "golive/collector_settings.hpp"
#include "golive/secrets.hpp"
#include "golive/yaml.hpp"

namespace golive::collectors {

// Defined in live_settings.cpp: the live settings' checks (types, values,
// did-you-mean) and their reading into LiveOptions.
void validate_azure_live(const YAML::Node& section, const std::string& file, DiagnosticSink& sink);
CollectorResult collect_azure_live(const CollectorRequest& request);

namespace {

class AzureCollector final : public LiveOrFilesCollector {
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
  const FilesSetting& files_setting() const override {
    static const FilesSetting files{
        "exports",
        "Azure Resource Manager",
        {"subscriptions", "resource_groups", "tags", "cloud", "authority", "resource_manager",
         "credential", "token_env", "managed_identity", "ca_file"},
        "JSON files or directories"};
    return files;
  }

  void check_files(const std::vector<std::string>& paths,
                   const nlohmann::json& /*settings*/) const override {
    azure::read_exports(paths);
  }

  CollectorResult read_files(const std::vector<std::string>& paths,
                             const nlohmann::json& /*settings*/) const override {
    CollectorResult result;
    result.facts["azure"] = azure::read_exports(paths);
    return result;
  }

  void validate_live(const YAML::Node& section, const std::string& file,
                     DiagnosticSink& sink) const override {
    validate_azure_live(section, file, sink);
  }

  CollectorResult collect_live(const CollectorRequest& request) const override {
    return collect_azure_live(request);
  }
};

}  // namespace

std::unique_ptr<Collector> make_azure_collector() {
  return std::make_unique<AzureCollector>();
}

}  // namespace golive::collectors
