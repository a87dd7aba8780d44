// Placeholder, replaced by az-exports: files each resource by its type and
// indexes it in `resources[]`; no property-name normalisation yet.

#include "collectors/azure/filing.hpp"

#include "collectors/azure/resource_types.hpp"

namespace golive::collectors::azure {

nlohmann::json normalise_resource(const nlohmann::json& resource) {
  return resource;
}

void file_resources(nlohmann::json& azure, const nlohmann::json& resources) {
  for (const auto& item : resources) {
    if (!item.is_object()) continue;
    const nlohmann::json resource = normalise_resource(item);
    const ResourceType* type = resource_type_for(resource.value("type", ""));
    if (type) azure[type->fact_key].push_back(resource);
    nlohmann::json index = resource;
    index.erase("properties");
    index.erase("resources");
    azure["resources"].push_back(index);
  }
}

}  // namespace golive::collectors::azure
