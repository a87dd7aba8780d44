#pragma once
// The Azure resource types golive reads: where each is filed in the facts
// (`azure.<fact_key>[]`), the api-version pinned for it, and the child
// resources attached to each item's `resources` array. Live collection and
// offline exports both use this one table (docs/facts.md, "azure").

#include <string>
#include <string_view>
#include <vector>

namespace golive::collectors::azure {

// A child resource read under its parent's id, e.g. "/agentPools" or
// "/blobServices/default". Filed in the parent's `resources[]` with its own
// ARM `type`.
struct ChildType {
  std::string type;           // e.g. "Microsoft.ContainerService/managedClusters/agentPools"
  std::string path;           // appended to the parent's id
  std::string api_version{};  // empty: the parent's
  bool is_list = true;        // a LIST (value[] + nextLink) or one GET
  // Parent `kind`s that cannot have this child (Resource Manager answers 400
  // FeatureNotSupportedForAccount): not asked for, not missing.
  std::vector<std::string> not_for_kinds{};

  bool applies_to_kind(const std::string& kind) const;
};

struct ResourceType {
  std::string fact_key;     // "aks" -> facts.azure.aks[]
  std::string type;         // "Microsoft.ContainerService/managedClusters"
  std::string api_version;  // pinned, as in the REST API reference
  std::vector<ChildType> children;
  bool diagnostic_settings =
      true;  // also read {id}/providers/Microsoft.Insights/diagnosticSettings
  // Read across the whole subscription even when golive.yaml narrows the
  // scope to resource groups or tags: what protects the resources in scope
  // (a Backup vault in its own resource group) is not itself in scope.
  bool whole_subscription = false;
};

// Every type, in the order they are collected and documented.
const std::vector<ResourceType>& resource_types();

// The entry for an ARM type, compared ignoring case (ARM is not consistent:
// "Microsoft.ContainerService/ManagedClusters"); null when golive does not
// file that type under its own key.
const ResourceType* resource_type_for(std::string_view arm_type);

// The api-version of the diagnostic settings API (an extension resource).
inline constexpr std::string_view kDiagnosticSettingsType = "Microsoft.Insights/diagnosticSettings";
inline constexpr std::string_view kDiagnosticSettingsApiVersion = "2021-05-01-preview";

}  // namespace golive::collectors::azure
