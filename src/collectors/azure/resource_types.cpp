#include "collectors/azure/resource_types.hpp"

#include "golive/text.hpp"

namespace golive::collectors::azure {

const std::vector<ResourceType>& resource_types() {
  static const std::vector<ResourceType> types = {
      {"aks",
       "Microsoft.ContainerService/managedClusters",
       "2025-05-01",
       {{"Microsoft.ContainerService/managedClusters/agentPools", "/agentPools"},
        {"Microsoft.ContainerService/managedClusters/maintenanceConfigurations",
         "/maintenanceConfigurations"}}},
      {"postgres_flexible",
       "Microsoft.DBforPostgreSQL/flexibleServers",
       "2024-08-01",
       {{"Microsoft.DBforPostgreSQL/flexibleServers/configurations", "/configurations"},
        {"Microsoft.DBforPostgreSQL/flexibleServers/firewallRules", "/firewallRules"},
        {"Microsoft.DBforPostgreSQL/flexibleServers/administrators", "/administrators"}}},
      {"redis",
       "Microsoft.Cache/Redis",
       "2024-11-01",
       {{"Microsoft.Cache/redis/firewallRules", "/firewallRules"}}},
      {"redis_enterprise", "Microsoft.Cache/redisEnterprise", "2025-04-01", {}},
      {"storage_accounts",
       "Microsoft.Storage/storageAccounts",
       "2023-05-01",
       {{"Microsoft.Storage/storageAccounts/blobServices",
         "/blobServices",
         "",
         true,
         {"FileStorage"}},
        {"Microsoft.Storage/storageAccounts/blobServices/containers",
         "/blobServices/default/containers",
         "",
         true,
         {"FileStorage"}},
        {"Microsoft.Storage/storageAccounts/fileServices",
         "/fileServices",
         "",
         true,
         {"BlobStorage", "BlockBlobStorage"}}}},
      {"key_vaults",
       "Microsoft.KeyVault/vaults",
       "2023-07-01",
       {{"Microsoft.KeyVault/vaults/keys", "/keys"}}},
      {"container_registries", "Microsoft.ContainerRegistry/registries", "2023-07-01", {}},
      {"virtual_networks", "Microsoft.Network/virtualNetworks", "2024-05-01", {}, false},
      {"network_security_groups", "Microsoft.Network/networkSecurityGroups", "2024-05-01", {}},
      {"private_endpoints", "Microsoft.Network/privateEndpoints", "2024-05-01", {}, false},
      {"public_ips", "Microsoft.Network/publicIPAddresses", "2024-05-01", {}},
      {"log_analytics_workspaces", "Microsoft.OperationalInsights/workspaces", "2023-09-01", {}},
      {"recovery_services_vaults",
       "Microsoft.RecoveryServices/vaults",
       "2024-04-01",
       {{"Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems",
         "/backupProtectedItems"}},
       true,
       true},
      {"backup_vaults",
       "Microsoft.DataProtection/backupVaults",
       "2024-04-01",
       {{"Microsoft.DataProtection/backupVaults/backupInstances", "/backupInstances"}},
       true,
       true},
  };
  return types;
}

bool ChildType::applies_to_kind(const std::string& kind) const {
  for (const auto& excluded : not_for_kinds)
    if (to_lower(excluded) == to_lower(kind)) return false;
  return true;
}

const ResourceType* resource_type_for(std::string_view arm_type) {
  for (const auto& type : resource_types())
    if (to_lower(type.type) == to_lower(arm_type)) return &type;
  return nullptr;
}

}  // namespace golive::collectors::azure
