#pragma once
// One filing step for Azure resources, shared by the live collector and the
// offline exports, so both give the same `azure` facts:
//  - property names are put in ARM REST's spelling (ARM matches them ignoring
//    case; Az PowerShell exports write `Properties`, `Sku.Name`,
//    `ResourceType`, and exports disagree on `enableAzureRbac` /
//    `enableAzureRBAC`, `omsAgent` / `omsagent`);
//  - values that carry a credential (connection strings, keys, passwords)
//    become "<redacted by golive>";
//  - each resource is filed under its type's key (resource_types.hpp), child
//    resources into their parent's `resources[]`, and every top-level
//    resource is indexed in `azure.resources[]`.

#include <string>

#include <nlohmann/json.hpp>

namespace golive::collectors::azure {

// A resource in ARM REST spelling: envelope keys (`id`, `name`, `type`,
// `location`, `tags`, `sku`, `kind`, `zones`, `identity`, `properties`,
// `resources`, ...) from either export shape, known property names in
// ARM's own case, secrets redacted. Free-form maps (tags, nodeLabels,
// redisConfiguration keys, userAssignedIdentities) keep their keys.
nlohmann::json normalise_resource(const nlohmann::json& resource);

// An AKS versions document (`GET .../locations/{loc}/kubernetesVersions`,
// `az aks get-versions -o json`): `values[]` with `patchVersions`.
bool is_aks_versions(const nlohmann::json& document);
// Its region: a `location` member, or `/locations/{loc}/` in its `id`;
// empty when it names none (the REST body and the CLI output do not).
std::string aks_versions_location(const nlohmann::json& document);

// Files resources (already normalised, or not: they are normalised here)
// into an `azure` facts object, adding to what `azure` holds. A child
// (`{parent id}/type/name`) goes into its top-level resource's
// `resources[]`, an extension resource (`{id}/providers/...`, diagnostic
// settings) into its own parent's, when that parent is among `resources`;
// an agent pool without its cluster goes to `aks_agent_pools[]`, any other
// child without its parent to `orphans[]`. AKS versions documents with a
// region go to `aks_versions[region]`.
void file_resources(nlohmann::json& azure, const nlohmann::json& resources);

}  // namespace golive::collectors::azure
