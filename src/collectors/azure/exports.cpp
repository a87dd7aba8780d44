// Placeholder, replaced by az-exports.

#include "collectors/azure/exports.hpp"

#include "golive/diagnostics.hpp"

namespace golive::collectors::azure {

nlohmann::json read_exports(const std::vector<std::string>& /*paths*/) {
  throw InputError({}, "azure exports are not read in this branch");
}

}  // namespace golive::collectors::azure
