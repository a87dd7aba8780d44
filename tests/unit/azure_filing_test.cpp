// The Azure filing step and the exports reader: both export shapes give the
// same facts, ARM spelling whatever the case, free-form maps untouched,
// credentials redacted, children attached to their parent, orphans kept,
// and every broken input reported at file:line:column.

#include <catch2/catch.hpp>

#include "collectors/azure/exports.hpp"
#include "collectors/azure/filing.hpp"
#include "golive/diagnostics.hpp"
#include "golive/sensitive.hpp"
#include "golive/text.hpp"
#include "temp_dir.hpp"

using namespace golive::collectors::azure;
using nlohmann::json;

namespace {

const std::string kTestData = GOLIVE_TEST_DATA;
const std::string kCluster =
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-a";

// `Get-AzResource -ExpandProperties | ConvertTo-Json` of a cluster.
json powershell_cluster() {
  return json::parse(R"({
    "ResourceId": ")" +
                     kCluster + R"(", "Id": ")" + kCluster + R"(",
    "Name": "aks-a", "ResourceName": "aks-a", "ResourceGroupName": "rg",
    "ResourceType": "Microsoft.ContainerService/managedClusters",
    "Type": "Microsoft.ContainerService/managedClusters", "ParentResource": null,
    "Location": "westeurope", "Kind": null, "ManagedBy": null, "SubscriptionId": "s",
    "Tags": {"Name": "erp", "TIER": "gold"},
    "Sku": {"Name": "Base", "Tier": "Standard"},
    "Identity": {"Type": "SystemAssigned", "PrincipalId": "p", "TenantId": "t"},
    "Properties": {
      "kubernetesVersion": "1.33.7",
      "aadProfile": {"managed": true, "enableAzureRbac": true, "tenantId": "t"},
      "addonProfiles": {
        "omsAgent": {"enabled": true, "config": {"loganalyticsworkspaceresourceid": "/w"}},
        "azurePolicy": {"enabled": false},
        "aciconnectorlinux": {"enabled": false, "config": {"subnetname": "aci"}}},
      "securityProfile": {"defender": {"logAnalyticsWorkspaceResourceId": "/w"}},
      "agentPoolProfiles": [{"name": "system", "count": 3, "nodeLabels": {"Mode": "system"}}]
    }})");
}

// The same cluster as ARM REST GET returns it.
json arm_cluster() {
  return json::parse(R"({
    "id": ")" + kCluster +
                     R"(", "name": "aks-a",
    "type": "Microsoft.ContainerService/managedClusters", "location": "westeurope",
    "tags": {"Name": "erp", "TIER": "gold"}, "sku": {"name": "Base", "tier": "Standard"},
    "identity": {"type": "SystemAssigned", "principalId": "p", "tenantId": "t"},
    "properties": {
      "kubernetesVersion": "1.33.7",
      "aadProfile": {"managed": true, "enableAzureRBAC": true, "tenantID": "t"},
      "addonProfiles": {
        "omsagent": {"enabled": true, "config": {"logAnalyticsWorkspaceResourceID": "/w"}},
        "azurepolicy": {"enabled": false},
        "aciConnectorLinux": {"enabled": false, "config": {"SubnetName": "aci"}}},
      "securityProfile": {"defender": {"logAnalyticsWorkspaceResourceId": "/w"}},
      "agentPoolProfiles": [{"name": "system", "count": 3, "nodeLabels": {"Mode": "system"}}]
    }})");
}

json filed(const json& resources) {
  json azure = json::object();
  file_resources(azure, resources);
  return azure;
}

json example_body(const std::string& file, const std::string& status = "200") {
  return json::parse(golive::read_file(kTestData + "/arm-examples/" + file))
      .at("responses")
      .at(status)
      .at("body");
}

std::vector<std::string> messages(const std::vector<std::string>& paths) {
  try {
    read_exports(paths);
  } catch (const golive::InputError& e) {
    std::vector<std::string> out;
    for (const auto& d : e.diagnostics()) out.push_back(d.to_string());
    return out;
  }
  return {};
}

}  // namespace

TEST_CASE("both export shapes give the same resource in ARM spelling", "[azure]") {
  json from_powershell = normalise_resource(powershell_cluster());
  // PowerShell adds what ARM's GET body does not carry; the rest is equal.
  CHECK(from_powershell.at("subscriptionId") == "s");
  CHECK(from_powershell.at("resourceGroup") == "rg");
  from_powershell.erase("subscriptionId");
  from_powershell.erase("resourceGroup");
  CHECK(from_powershell == normalise_resource(arm_cluster()));
  CHECK(filed(powershell_cluster()).at("aks").at(0).at("properties") ==
        filed(arm_cluster()).at("aks").at(0).at("properties"));
}

TEST_CASE("property names take ARM's spelling, by context", "[azure]") {
  const json cluster = normalise_resource(powershell_cluster());
  const json& p = cluster.at("properties");
  CHECK(p.at("aadProfile").at("enableAzureRBAC") == true);
  CHECK(p.at("aadProfile").at("tenantID") == "t");  // tenantID only in aadProfile
  CHECK(cluster.at("identity").at("tenantId") == "t");
  CHECK(cluster.at("identity").at("principalId") == "p");
  CHECK(cluster.at("sku").at("tier") == "Standard");
  const json& addons = p.at("addonProfiles");
  CHECK(addons.contains("omsagent"));
  CHECK(addons.contains("azurepolicy"));
  CHECK(addons.at("omsagent").at("config").contains("logAnalyticsWorkspaceResourceID"));
  CHECK(addons.at("aciConnectorLinux").at("config").at("SubnetName") == "aci");
  CHECK(p.at("securityProfile").at("defender").contains("logAnalyticsWorkspaceResourceId"));
  CHECK_FALSE(cluster.contains("ParentResource"));
  CHECK_FALSE(cluster.contains("kind"));  // null in the export: dropped, as ARM omits it
}

TEST_CASE("free-form maps keep their keys; unknown names stay as given", "[azure]") {
  json input = arm_cluster();
  input["properties"]["someFutureProperty"] = {{"MixedCase", 1}};
  input["properties"]["addonProfiles"]["omsagent"]["config"]["UserKey"] = "v";
  input["identity"]["userAssignedIdentities"] = {{"/subscriptions/s/X/Id", {{"PrincipalId", "q"}}}};
  const json cluster = normalise_resource(input);
  CHECK(cluster.at("tags") == json({{"Name", "erp"}, {"TIER", "gold"}}));
  CHECK(cluster.at("properties").at("agentPoolProfiles").at(0).at("nodeLabels").contains("Mode"));
  CHECK(cluster.at("properties").at("someFutureProperty").contains("MixedCase"));
  CHECK(
      cluster.at("properties").at("addonProfiles").at("omsagent").at("config").contains("UserKey"));
  const json& identities = cluster.at("identity").at("userAssignedIdentities");
  CHECK(identities.contains("/subscriptions/s/X/Id"));
  CHECK(identities.at("/subscriptions/s/X/Id").at("principalId") == "q");

  const json redis =
      normalise_resource(json::parse(R"({"id": "/x/providers/Microsoft.Cache/Redis/r",
    "type": "Microsoft.Cache/Redis", "properties": {"redisConfiguration":
    {"maxmemory-reserved": "2", "aad-enabled": "True", "Name": "n"}}})"));
  CHECK(redis.at("properties").at("redisConfiguration") ==
        json({{"maxmemory-reserved", "2"}, {"aad-enabled", "True"}, {"Name", "n"}}));
}

TEST_CASE("credentials are redacted, settings about them are not", "[azure]") {
  const json redis = normalise_resource(json::parse(R"({
    "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Cache/Redis/r",
    "type": "Microsoft.Cache/Redis",
    "properties": {
      "redisConfiguration": {
        "rdb-storage-connection-string": "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=Planted==",
        "aof-storage-connection-string-0": "Planted-Aof",
        "rdb-backup-enabled": "true"},
      "accessKeys": {"primaryKey": "Planted-Primary", "secondaryKey": "Planted-Secondary"},
      "disableAccessKeyAuthentication": false,
      "note": "see https://a.blob.core.windows.net/c?sv=1&sig=PlantedSig",
      "cert": "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----"}})"));
  const json& p = redis.at("properties");
  const std::string redacted(golive::kRedacted);
  CHECK(p.at("redisConfiguration").at("rdb-storage-connection-string") == redacted);
  CHECK(p.at("redisConfiguration").at("aof-storage-connection-string-0") == redacted);
  CHECK(p.at("redisConfiguration").at("rdb-backup-enabled") == "true");
  CHECK(p.at("accessKeys").at("primaryKey") == redacted);
  CHECK(p.at("accessKeys").at("secondaryKey") == redacted);
  CHECK(p.at("disableAccessKeyAuthentication") == false);
  CHECK(p.at("note") == redacted);
  CHECK(p.at("cert") == std::string(golive::kRedactedPrivateKey));
  CHECK(redis.dump().find("Planted") == std::string::npos);

  const json settings =
      normalise_resource(json::parse(R"({"id": "/p/providers/A/b/c", "type": "A/b",
    "properties": {"authConfig": {"passwordAuth": "Enabled"}, "administratorLoginPassword": "Planted",
    "servicePrincipalProfile": {"clientId": "c", "secret": "Planted"},
    "addonProfiles": {"azureKeyvaultSecretsProvider": {"config": {"enableSecretRotation": "true"}}},
    "accessPolicies": [{"permissions": {"keys": ["Get", "Purge"], "secrets": ["All"]}}]}})"));
  const json& q = settings.at("properties");
  CHECK(q.at("authConfig").at("passwordAuth") == "Enabled");
  CHECK(q.at("administratorLoginPassword") == redacted);
  CHECK(q.at("servicePrincipalProfile").at("secret") == redacted);
  CHECK(q.at("addonProfiles")
            .at("azureKeyvaultSecretsProvider")
            .at("config")
            .at("enableSecretRotation") == "true");
  CHECK(q.at("accessPolicies").at(0).at("permissions").at("keys") == json({"Get", "Purge"}));

  // A credential held in an object, as policy and deployment parameters hold it.
  const json assignment = normalise_resource(json::parse(
      R"({"id": "/subscriptions/s/providers/Microsoft.Authorization/policyAssignments/pa",
    "type": "Microsoft.Authorization/policyAssignments",
    "properties": {"parameters": {"adminPassword": {"value": "Planted-Param"}, "effect": {"value": "Deny"}}}})"));
  CHECK(assignment.at("properties").at("parameters").at("adminPassword").at("value") == redacted);
  CHECK(assignment.at("properties").at("parameters").at("effect").at("value") == "Deny");
}

TEST_CASE("children attach to their parent; orphans are kept", "[azure]") {
  const std::string account =
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa";
  const json azure = filed(json::parse(
      R"([
    {"id": ")" +
      kCluster + R"(/agentPools/user", "name": "user", "properties": {"count": 3}},
    {"id": ")" +
      kCluster + R"(", "type": "Microsoft.ContainerService/ManagedClusters", "name": "aks-a",
     "tags": {"owner": "x"}, "resources": [{"Name": "nested", "Type": "Microsoft.Network/virtualNetworks/subnets"}]},
    {"id": ")" +
      kCluster + R"(/providers/Microsoft.Insights/diagnosticSettings/to-law",
     "ExtensionResourceType": "microsoft.insights/diagnosticSettings", "ResourceType": "microsoft.containerservice/managedclusters",
     "Name": "to-law", "Properties": {"workspaceId": "/w", "storageAccountId": null}},
    {"id": ")" +
      account + R"(", "type": "Microsoft.Storage/storageAccounts", "name": "sa"},
    {"id": ")" +
      account +
      R"(/blobServices/default/containers/c1", "type": "Microsoft.Storage/storageAccounts/blobServices/containers", "name": "c1"},
    {"id": ")" +
      account +
      R"(/blobServices/default", "type": "Microsoft.Storage/storageAccounts/blobServices", "name": "default"},
    {"id": ")" +
      account +
      R"(/blobServices/default/providers/Microsoft.Insights/diagnosticSettings/blob", "type": "Microsoft.Insights/diagnosticSettings", "name": "blob"},
    {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/gone/agentPools/p", "name": "p"},
    {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/gone/firewallRules/f", "name": "f"},
    {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app", "type": "Microsoft.Web/sites", "name": "app", "kind": "app"},
    {"id": "/subscriptions/s/resourceGroups/rg", "type": "Microsoft.Resources/resourceGroups", "name": "rg"},
    {"id": "/subscriptions/s/providers/Microsoft.Authorization/policyAssignments/pa", "type": "Microsoft.Authorization/policyAssignments", "name": "pa"}
  ])"));
  REQUIRE(azure.at("aks").size() == 1);
  const json& children = azure.at("aks").at(0).at("resources");
  REQUIRE(children.size() == 3);
  CHECK(children.at(0).at("name") == "nested");  // nested in the input: stays first
  CHECK(children.at(1).at("type") == "Microsoft.ContainerService/managedClusters/agentPools");
  CHECK(children.at(2).at("type") == "Microsoft.Insights/diagnosticSettings");
  CHECK(children.at(2).at("properties") == json({{"workspaceId", "/w"}}));

  // A container beside its blob service, the service's own diagnostic setting under it.
  const json& storage = azure.at("storage_accounts").at(0).at("resources");
  REQUIRE(storage.size() == 2);
  CHECK(storage.at(0).at("name") == "c1");
  CHECK(storage.at(1).at("name") == "default");
  CHECK(storage.at(1).at("resources").at(0).at("name") == "blob");

  CHECK(azure.at("aks_agent_pools").at(0).at("name") == "p");
  CHECK(azure.at("orphans").at(0).at("type") ==
        "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules");
  CHECK(azure.at("resource_groups").at(0).at("name") == "rg");
  CHECK(azure.at("policy_assignments").at(0).at("name") == "pa");
  // Every top-level resource, of any type, in the index, as the generic
  // resource list has them: not children, resource groups or policy assignments.
  const json& index = azure.at("resources");
  REQUIRE(index.size() == 3);
  CHECK(index.at(0) == json({{"id", kCluster},
                             {"name", "aks-a"},
                             {"type", "Microsoft.ContainerService/ManagedClusters"},
                             {"tags", {{"owner", "x"}}}}));
  CHECK(index.at(2).at("kind") == "app");
  CHECK_FALSE(azure.contains("redis"));  // filing adds only what it is given
}

TEST_CASE("the ARM REST examples file under their keys", "[azure]") {
  const json azure = filed(json::array({example_body("aks/ManagedClustersGet.json"),
                                        example_body("postgresql-flexible/ServerGet.json"),
                                        example_body("postgresql-flexible/ConfigurationGet.json"),
                                        example_body("redis/RedisCacheGet.json"),
                                        example_body("aks/AgentPoolsGet.json")}));
  const json& cluster = azure.at("aks").at(0);
  CHECK(cluster.at("name") == "clustername1");
  CHECK(cluster.at("type") == "Microsoft.ContainerService/ManagedClusters");
  CHECK(cluster.at("properties") ==
        example_body("aks/ManagedClustersGet.json").at("properties"));  // already ARM spelling
  // The agent pool body has no `type`: it comes from its id, and it joins its cluster.
  CHECK(cluster.at("resources").at(0).at("type") ==
        "Microsoft.ContainerService/managedClusters/agentPools");
  CHECK(cluster.at("resources").at(0).at("properties").at("eTag") == "ebwiyfneowv");
  CHECK(
      azure.at("postgres_flexible").at(0).at("properties").at("backup").at("geoRedundantBackup") ==
      "Enabled");
  CHECK(azure.at("orphans").at(0).at("name") == "array_nulls");  // another server's
  CHECK(azure.at("redis").at(0).at("properties").at("sku").at("family") == "P");

  const json rbac =
      normalise_resource(example_body("aks/ManagedClustersCreate_UpdateWithEnableAzureRBAC.json"));
  CHECK(rbac.at("properties").at("aadProfile").at("enableAzureRBAC") == true);
}

TEST_CASE("PSRule's test resources read as exports", "[azure]") {
  const std::string data = kTestData + "/psrule-azure/data/";
  const json aks = read_exports({data + "Resources.AKS.json"});
  CHECK(aks.at("aks").size() == 11);
  CHECK(aks.at("aks_agent_pools").at(0).at("name") == "system");
  const json redis = read_exports({data + "Resources.Redis.json"});
  CHECK(redis.at("redis").size() == 12);
  CHECK(redis.at("redis_enterprise").size() == 10);
  const json vaults = read_exports({data + "Resources.KeyVault.json"});
  REQUIRE(vaults.at("key_vaults").size() == 8);
  std::size_t children = 0;
  for (const auto& vault : vaults.at("key_vaults"))
    for (const auto& child : vault.value("resources", json::array())) {
      ++children;
      CHECK(child.at("type").get<std::string>().find('/') != std::string::npos);
    }
  CHECK(children > 0);  // keys and diagnostic settings, each with a full type
}

TEST_CASE("exports: LIST bodies, AKS versions, and every problem at its position", "[azure]") {
  golive::test::TempDir dir;
  dir.write(
      "list.json",
      R"({"value": [{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv",
    "type": "Microsoft.KeyVault/vaults", "name": "kv"}], "nextLink": null})");
  dir.write("versions.json", R"({"location": "West Europe", "values": [{"version": "1.33",
    "patchVersions": {"1.33.7": {"upgrades": []}}}]})");
  const json azure = read_exports({dir.path()});
  CHECK(azure.at("key_vaults").at(0).at("name") == "kv");
  CHECK(azure.at("aks_versions").contains("west europe"));
  // Exports are the whole scope: types not exported have no resources.
  CHECK(azure.at("aks") == json::array());

  golive::test::TempDir bad;
  bad.write("a-broken.json", "[\n  {\"id\": \"/x\",\n   \"type\" \"y\"}\n]\n");
  bad.write("b-not-resource.json",
            "[\n  {\"id\": \"/x\", \"type\": \"A/b\"},\n  {\"hello\": 1}\n]\n");
  bad.write(
      "c-template.json",
      R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": []})");
  bad.write("d-versions.json", R"({"values": [{"version": "1.33", "patchVersions": {}}]})");
  const auto found = messages({bad.path(), bad.file("missing.json")});
  REQUIRE(found.size() == 5);
  CHECK(found.at(0).find("a-broken.json:3:") != std::string::npos);
  CHECK(found.at(1).find("b-not-resource.json:3:3: error: not an Azure resource") !=
        std::string::npos);
  CHECK(found.at(2).find("ARM template") != std::string::npos);
  CHECK(found.at(3).find("AKS versions without their region") != std::string::npos);
  CHECK(found.at(4).find("exports path not found") != std::string::npos);
}
