#include "collectors/azure/filing.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "collectors/azure/resource_types.hpp"
#include "golive/sensitive.hpp"
#include "golive/text.hpp"

namespace golive::collectors::azure {

namespace {

using nlohmann::json;

// --- ARM spelling -----------------------------------------------------------
//
// Property names as ARM REST returns them, from the REST API reference
// (azure-rest-api-specs) at the api-versions pinned in resource_types.cpp:
// ManagedCluster / AgentPool (containerservice 2025-05-01), Server and
// Configuration (postgresql 2024-08-01), RedisResource (redis 2024-11-01),
// StorageAccount / BlobServiceProperties (storage 2023-05-01), Vault
// (keyvault 2023-07-01), DiagnosticSettingsResource (2021-05-01-preview) and
// the generic resource envelope. The list covers every name the built-in
// rules read and every name the conformance data
// (tests/data/**/*.json) spells in more than one way. A name matched
// ignoring case takes this spelling; names not listed are kept as given.
const std::vector<std::string_view> kArmNames = {
    // envelope, sku, identity
    "id",
    "name",
    "type",
    "location",
    "tags",
    "sku",
    "kind",
    "zones",
    "identity",
    "properties",
    "resources",
    "managedBy",
    "plan",
    "systemData",
    "apiVersion",
    "subscriptionId",
    "resourceGroup",
    "createdTime",
    "changedTime",
    "tier",
    "capacity",
    "family",
    "size",
    "principalId",
    "tenantId",
    "clientId",
    "userAssignedIdentities",
    "provisioningState",
    // managed clusters and agent pools
    "kubernetesVersion",
    "currentKubernetesVersion",
    "dnsPrefix",
    "fqdn",
    "enableRBAC",
    "disableLocalAccounts",
    "aadProfile",
    "managed",
    "enableAzureRBAC",
    "adminGroupObjectIDs",
    "addonProfiles",
    "enabled",
    "config",
    "agentPoolProfiles",
    "count",
    "minCount",
    "maxCount",
    "enableAutoScaling",
    "mode",
    "maxPods",
    "orchestratorVersion",
    "currentOrchestratorVersion",
    "osDiskType",
    "osDiskSizeGB",
    "osType",
    "vmSize",
    "availabilityZones",
    "scaleSetPriority",
    "enableNodePublicIP",
    "nodeLabels",
    "nodeTaints",
    "nodeImageVersion",
    "apiServerAccessProfile",
    "authorizedIPRanges",
    "enablePrivateCluster",
    "autoUpgradeProfile",
    "upgradeChannel",
    "nodeOSUpgradeChannel",
    "networkProfile",
    "networkPlugin",
    "networkPolicy",
    "networkDataplane",
    "loadBalancerSku",
    "outboundType",
    "securityProfile",
    "defender",
    "securityMonitoring",
    "workloadIdentity",
    "oidcIssuerProfile",
    "autoScalerProfile",
    "servicePrincipalProfile",
    "nodeResourceGroup",
    "maintenanceWindow",
    // PostgreSQL flexible servers and their children
    "version",
    "administratorLogin",
    "storage",
    "storageSizeGB",
    "autoGrow",
    "backup",
    "backupRetentionDays",
    "geoRedundantBackup",
    "highAvailability",
    "standbyAvailabilityZone",
    "availabilityZone",
    "network",
    "publicNetworkAccess",
    "delegatedSubnetResourceId",
    "privateDnsZoneArmResourceId",
    "authConfig",
    "activeDirectoryAuth",
    "passwordAuth",
    "customWindow",
    "startHour",
    "startMinute",
    "dayOfWeek",
    "value",
    "defaultValue",
    "source",
    "dataType",
    "startIpAddress",
    "endIpAddress",
    "principalName",
    "principalType",
    // Redis
    "enableNonSslPort",
    "minimumTlsVersion",
    "redisVersion",
    "redisConfiguration",
    "replicasPerMaster",
    "replicasPerPrimary",
    "shardCount",
    "disableAccessKeyAuthentication",
    "zonalAllocationPolicy",
    // storage accounts and blob/file services
    "supportsHttpsTrafficOnly",
    "allowBlobPublicAccess",
    "allowSharedKeyAccess",
    "networkAcls",
    "defaultAction",
    "bypass",
    "ipRules",
    "virtualNetworkRules",
    "deleteRetentionPolicy",
    "containerDeleteRetentionPolicy",
    "shareDeleteRetentionPolicy",
    "days",
    "isVersioningEnabled",
    "isHnsEnabled",
    "largeFileSharesState",
    "publicAccess",
    "encryption",
    "accessTier",
    // key vaults and keys
    "enableSoftDelete",
    "enablePurgeProtection",
    "enableRbacAuthorization",
    "softDeleteRetentionInDays",
    "accessPolicies",
    "permissions",
    "rotationPolicy",
    "lifetimeActions",
    "action",
    "trigger",
    // diagnostic settings
    "workspaceId",
    "logs",
    "metrics",
    "category",
    "categoryGroup",
    "retentionPolicy",
    "logAnalyticsDestinationType",
    "storageAccountId",
    // recovery services / backup vaults
    "dataSourceInfo",
    "protectionStatus",
    "protectionState",
    "sourceResourceId",
    "privateEndpointConnections",
    "subnets",
    "addressPrefix",
    "securityRules",
};

// Names ARM spells differently under different parents: `tenantID` in an
// AKS aadProfile but `tenantId` everywhere else; the omsagent addon's
// `logAnalyticsWorkspaceResourceID` but the Defender profile's
// `logAnalyticsWorkspaceResourceId`; a backup instance's
// `dataSourceInfo.resourceID`. Keyed "parent/name", both in lower case.
const std::unordered_map<std::string, std::string_view>& contextual_names() {
  static const std::unordered_map<std::string, std::string_view> names = {
      {"/etag", "etag"},  // the envelope's (AKS also writes `eTag` in properties)
      {"aadprofile/tenantid", "tenantID"},
      {"defender/loganalyticsworkspaceresourceid", "logAnalyticsWorkspaceResourceId"},
      {"datasourceinfo/resourceid", "resourceID"},
      {"datasourcesetinfo/resourceid", "resourceID"},
  };
  return names;
}

// `addonProfiles` is a map keyed by addon name; ARM writes these names as
// below (`omsagent` and `azurepolicy` in lower case). Other addons keep the
// name given.
const std::vector<std::string_view> kAddonNames = {
    "omsagent",
    "azurepolicy",
    "httpApplicationRouting",
    "azureKeyvaultSecretsProvider",
    "aciConnectorLinux",
    "ingressApplicationGateway",
    "openServiceMesh",
    "kubeDashboard",
    "gitops",
    "ACCSGXDevicePlugin",
    "confcom",
};

// An addon's `config` is a string map; these are the keys ARM documents for
// the addons above. Other keys are the user's and kept.
const std::vector<std::string_view> kAddonConfigNames = {
    "logAnalyticsWorkspaceResourceID",
    "useAADAuth",
    "HTTPApplicationRoutingZoneName",
    "enableSecretRotation",
    "rotationPollInterval",
    "SubnetName",
    "applicationGatewayId",
    "applicationGatewayName",
    "subnetCIDR",
    "subnetId",
    "watchNamespace",
};

// Maps whose keys are the user's data (tag names, node labels, identity
// resource ids, Redis server settings, policy parameters): their keys are
// never respelled. Their values are still normalised (an identity entry's
// `PrincipalId`).
const std::set<std::string, std::less<>> kFreeFormMaps = {"tags",
                                                          "nodelabels",
                                                          "userassignedidentities",
                                                          "redisconfiguration",
                                                          "parameters",
                                                          "metadata",
                                                          "labels",
                                                          "annotations"};

using Dictionary = std::unordered_map<std::string, std::string_view>;

Dictionary make_dictionary(const std::vector<std::string_view>& names) {
  Dictionary dictionary;
  for (const auto name : names) dictionary.emplace(to_lower(name), name);
  return dictionary;
}

const Dictionary& arm_names() {
  static const Dictionary dictionary = make_dictionary(kArmNames);
  return dictionary;
}

const Dictionary& addon_names() {
  static const Dictionary dictionary = make_dictionary(kAddonNames);
  return dictionary;
}

const Dictionary& addon_config_names() {
  static const Dictionary dictionary = make_dictionary(kAddonConfigNames);
  return dictionary;
}

std::string lookup(const Dictionary& dictionary, const std::string& key) {
  auto found = dictionary.find(to_lower(key));
  return found == dictionary.end() ? key : std::string(found->second);
}

// The ARM spelling of `key` found under a key spelled `parent` (lower case).
std::string arm_spelling(const std::string& key, const std::string& parent) {
  if (kFreeFormMaps.count(parent)) return key;
  if (parent == "addonprofiles") return lookup(addon_names(), key);
  if (parent == "config") return lookup(addon_config_names(), key);
  auto contextual = contextual_names().find(parent + "/" + to_lower(key));
  if (contextual != contextual_names().end()) return std::string(contextual->second);
  return lookup(arm_names(), key);
}

json normalise_value(const json& value, const std::string& parent);

// Members in ARM spelling, nulls dropped (ARM omits what PowerShell writes
// as null). When two spellings of one name meet, the one already in ARM
// spelling wins, else the first.
json normalise_object(const json& object, const std::string& parent) {
  json out = json::object();
  const bool free_form = kFreeFormMaps.count(parent) > 0;
  for (const auto& [key, value] : object.items()) {
    if (value.is_null()) continue;
    const std::string spelled = arm_spelling(key, parent);
    if (out.contains(spelled) && key != spelled) continue;
    out[spelled] = normalise_value(value, free_form ? std::string() : to_lower(spelled));
  }
  return out;
}

json normalise_value(const json& value, const std::string& parent) {
  if (value.is_object()) return normalise_object(value, parent);
  if (value.is_array()) {
    json out = json::array();
    for (const auto& item : value) out.push_back(normalise_value(item, parent));
    return out;
  }
  return value;
}

// --- secrets ----------------------------------------------------------------

// A name whose value is a credential: lower-cased, without `-`, `_`, `.`
// and trailing digits (`aof-storage-connection-string-0`), it ends with one
// of these. Settings *about* credentials (`passwordAuth`,
// `enableSecretRotation`, `allowSharedKeyAccess`,
// `disableAccessKeyAuthentication`) end otherwise and keep their values;
// `permissions.keys` / `permissions.secrets` of a Key Vault access policy
// are permission lists, not material, and do not match either.
bool is_credential_name(std::string_view name) {
  std::string squashed;
  for (const char c : name)
    if (c != '-' && c != '_' && c != '.') squashed += static_cast<char>(std::tolower(c));
  while (!squashed.empty() && std::isdigit(static_cast<unsigned char>(squashed.back())))
    squashed.pop_back();
  static const std::vector<std::string_view> endings = {"password",
                                                        "passwd",
                                                        "secret",
                                                        "token",
                                                        "connectionstring",
                                                        "accesskey",
                                                        "accesskeys",
                                                        "primarykey",
                                                        "secondarykey",
                                                        "accountkey",
                                                        "storagekey",
                                                        "sharedkey",
                                                        "masterkey",
                                                        "apikey",
                                                        "privatekey",
                                                        "authkey",
                                                        "sasurl",
                                                        "sasuri",
                                                        "instrumentationkey"};
  return std::any_of(endings.begin(), endings.end(), [&](std::string_view ending) {
    return squashed.size() >= ending.size() &&
           squashed.compare(squashed.size() - ending.size(), ending.size(), ending) == 0;
  });
}

// A connection string or SAS carrying its credential, whatever it is
// called (`AccountKey=`, `SharedAccessKey=`, `Password=`, `sig=`).
bool holds_credential(std::string_view text) {
  const std::string lower = to_lower(text);
  for (const std::string_view marker : {"accountkey=", "sharedaccesskey=", "password=", "pwd=",
                                        "sharedaccesssignature=", "&sig=", "?sig="})
    if (lower.find(marker) != std::string::npos) return true;
  return false;
}

void redact(json& value, bool sensitive) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (holds_private_key(text))
      value = kRedactedPrivateKey;
    else if ((sensitive && !text.empty()) || holds_credential(text))
      value = kRedacted;
  } else if (value.is_object()) {
    // Inside a credential's object (`"adminPassword": {"value": ...}`, as
    // policy and deployment parameters hold it) every string is one too.
    for (auto& [key, child] : value.items()) redact(child, sensitive || is_credential_name(key));
  } else if (value.is_array()) {
    for (auto& item : value) redact(item, sensitive);
  }
}

// --- envelope ---------------------------------------------------------------

// The first non-null member named one of `names` (ignoring case).
const json* member(const json& object, std::initializer_list<std::string_view> names) {
  for (const auto name : names)
    for (const auto& [key, value] : object.items())
      if (!value.is_null() && to_lower(key) == name) return &value;
  return nullptr;
}

// Az PowerShell members that say what the ARM envelope already says.
const std::set<std::string, std::less<>> kPowerShellOnly = {
    "resourceid",        "resourcename",          "resourcetype",
    "resourcegroupname", "extensionresourcename", "extensionresourcetype",
    "parentresource"};

// "Microsoft.ContainerService/managedClusters/agentPools" from the id
// ".../providers/Microsoft.ContainerService/managedClusters/c/agentPools/p".
std::string type_from_id(const std::string& id) {
  const std::string lower = to_lower(id);
  const auto providers = lower.rfind("/providers/");
  if (providers == std::string::npos) return "";
  std::vector<std::string> parts;
  std::size_t start = providers + 11;
  while (start <= id.size()) {
    const auto slash = id.find('/', start);
    parts.push_back(
        id.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  if (parts.size() < 3) return "";
  std::string type = parts[0];
  for (std::size_t i = 1; i < parts.size(); i += 2) type += "/" + parts[i];
  return type;
}

std::string type_of(const json& resource) {
  if (const json* extension = member(resource, {"extensionresourcetype"});
      extension && extension->is_string()) {
    const std::string type = extension->get<std::string>();
    return to_lower(type) == to_lower(kDiagnosticSettingsType)
               ? std::string(kDiagnosticSettingsType)
               : type;
  }
  if (const json* type = member(resource, {"resourcetype", "type"}); type && type->is_string())
    return type->get<std::string>();
  return "";
}

std::string string_member(const json& object, std::string_view key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

}  // namespace

json normalise_resource(const json& resource) {
  if (!resource.is_object()) return resource;
  json out = json::object();
  if (const json* id = member(resource, {"id", "resourceid"}); id && id->is_string())
    out["id"] = *id;
  if (const json* name = member(resource, {"resourcename", "name"}); name && name->is_string())
    out["name"] = *name;
  std::string type = type_of(resource);
  if (type.empty() && out.contains("id")) type = type_from_id(out["id"].get<std::string>());
  if (!type.empty()) out["type"] = type;
  if (!out.contains("name") && out.contains("id")) {
    const std::string id = out["id"];
    out["name"] = id.substr(id.rfind('/') + 1);
  }
  if (const json* group = member(resource, {"resourcegroupname", "resourcegroup"}))
    out["resourceGroup"] = *group;
  for (const auto& [key, value] : resource.items()) {
    const std::string lower = to_lower(key);
    if (value.is_null() || kPowerShellOnly.count(lower) || lower == "id" || lower == "name" ||
        lower == "type" || lower == "resourcegroup")
      continue;
    const std::string spelled = arm_spelling(key, "");
    if (out.contains(spelled) && key != spelled) continue;
    if (lower == "resources" && value.is_array()) {
      json children = json::array();
      for (const auto& child : value) children.push_back(normalise_resource(child));
      out[spelled] = std::move(children);
    } else {
      out[spelled] = normalise_value(value, lower);
    }
  }
  redact(out, false);
  return out;
}

namespace {

// Where a top-level resource of a type golive does not file under its own
// key (resource_types.hpp) still has a place in the contract.
std::string fact_key_for(const std::string& type) {
  if (const ResourceType* known = resource_type_for(type)) return known->fact_key;
  const std::string lower = to_lower(type);
  if (lower == "microsoft.resources/resourcegroups") return "resource_groups";
  if (lower == "microsoft.resources/subscriptions") return "subscriptions";
  if (lower == "microsoft.authorization/policyassignments") return "policy_assignments";
  return "";
}

// Whether Resource Manager's generic resource list (`GET .../resources`, what
// live collection indexes) holds resources of this fact key: not resource
// groups, subscriptions or policy assignments, which have APIs of their own.
bool in_resource_list(const std::string& fact_key) {
  return fact_key != "resource_groups" && fact_key != "subscriptions" &&
         fact_key != "policy_assignments";
}

json index_entry(const json& resource) {
  json entry = json::object();
  for (const char* key : {"id", "name", "type", "kind", "location", "tags", "sku", "managedBy"})
    if (resource.contains(key)) entry[key] = resource[key];
  return entry;
}

// Ids of the resources a resource hangs under, nearest first: for
// ".../providers/NS/a/x/b/y/providers/Microsoft.Insights/diagnosticSettings/d"
// (an extension resource) only ".../providers/NS/a/x/b/y", its own parent;
// for ".../providers/NS/a/x/b/y/c/z" (a child) the top-level ".../NS/a/x"
// first, then ".../NS/a/x/b/y": children are attached to the top-level
// resource, side by side, as live collection and PSRule's exports have them
// (a blob container beside its blob service).
std::vector<std::string> parent_ids(const std::string& id) {
  const std::string lower = to_lower(id);
  const auto first = lower.find("/providers/");
  if (first == std::string::npos) return {};
  const auto last = lower.rfind("/providers/");
  if (last != first) return {lower.substr(0, last)};
  std::vector<std::string> segments;
  std::size_t start = first + 11;
  while (true) {
    const auto slash = lower.find('/', start);
    segments.push_back(lower.substr(0, slash));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  // segments[k] ends after the k-th segment past /providers/: the namespace
  // (k=0), then type/name pairs; ancestors end on a name (k = 2, 4, ...).
  std::vector<std::string> parents;
  for (std::size_t k = 2; k + 2 < segments.size(); k += 2) parents.push_back(segments[k]);
  return parents;
}

bool is_agent_pool(const json& resource) {
  return to_lower(string_member(resource, "type")) ==
         "microsoft.containerservice/managedclusters/agentpools";
}

void append(json& azure, const std::string& key, json value) {
  if (!azure.contains(key) || !azure[key].is_array()) azure[key] = json::array();
  azure[key].push_back(std::move(value));
}

// Adds `child` to `parent.resources[]` unless a child with its id is there.
void attach(json& parent, json child) {
  json& children = parent["resources"];
  if (!children.is_array()) children = json::array();
  const std::string id = to_lower(string_member(child, "id"));
  for (const auto& existing : children)
    if (!id.empty() && to_lower(string_member(existing, "id")) == id) return;
  children.push_back(std::move(child));
}

// Item `i` with the export's children attached (in export order), theirs
// attached to them first (an extension resource of a child). Ids cannot
// nest in a cycle, so the recursion ends.
json with_children(const std::vector<json>& items,
                   const std::vector<std::vector<std::size_t>>& children, std::size_t i) {
  json item = items[i];
  for (const std::size_t child : children[i]) attach(item, with_children(items, children, child));
  return item;
}

}  // namespace

bool is_aks_versions(const json& document) {
  if (!document.is_object() || !document.contains("values") || !document["values"].is_array())
    return false;
  return std::any_of(document["values"].begin(), document["values"].end(),
                     [](const json& v) { return v.is_object() && v.contains("patchVersions"); });
}

std::string aks_versions_location(const json& document) {
  if (const json* location = member(document, {"location"}); location && location->is_string())
    return to_lower(location->get<std::string>());
  const std::string id = to_lower(string_member(document, "id"));
  const auto at = id.find("/locations/");
  if (at == std::string::npos) return "";
  const auto start = at + 11;
  return id.substr(start, id.find('/', start) - start);
}

void file_resources(json& azure, const json& resources) {
  if (!azure.is_object()) azure = json::object();
  if (!azure.contains("resources")) azure["resources"] = json::array();
  std::vector<json> items;
  for (const auto& resource : resources.is_array() ? resources : json::array({resources})) {
    if (is_aks_versions(resource)) {
      const std::string location = aks_versions_location(resource);
      if (!location.empty()) azure["aks_versions"][location] = resource;
      continue;
    }
    items.push_back(normalise_resource(resource));
  }
  // The first resource with each id is the one children attach to.
  std::unordered_map<std::string, std::size_t> by_id;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string id = to_lower(string_member(items[i], "id"));
    if (!id.empty()) by_id.emplace(id, i);
  }
  std::vector<bool> is_child(items.size(), false);
  std::vector<std::vector<std::size_t>> children(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto parents = parent_ids(string_member(items[i], "id"));
    is_child[i] = !parents.empty();
    for (const auto& parent : parents) {
      auto found = by_id.find(parent);
      if (found != by_id.end() && found->second != i) {
        children[found->second].push_back(i);
        break;
      }
    }
  }
  std::vector<bool> attached(items.size(), false);
  for (const auto& list : children)
    for (const std::size_t child : list) attached[child] = true;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (is_child[i] && attached[i]) continue;
    json item = with_children(items, children, i);
    if (is_child[i]) {
      // A child exported without its parent.
      const char* key = is_agent_pool(item) ? "aks_agent_pools" : "orphans";
      append(azure, key, std::move(item));
      continue;
    }
    const std::string key = fact_key_for(string_member(item, "type"));
    if (in_resource_list(key)) azure["resources"].push_back(index_entry(item));
    if (!key.empty()) append(azure, key, std::move(item));
  }
}

}  // namespace golive::collectors::azure
