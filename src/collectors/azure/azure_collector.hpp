#pragma once
// The Azure collector (`azure`): Resource Manager read live, or exported
// resources read offline — the same facts either way.

#include <memory>

#include "golive/collector.hpp"

namespace golive::collectors {

std::unique_ptr<Collector> make_azure_collector();

}  // namespace golive::collectors
