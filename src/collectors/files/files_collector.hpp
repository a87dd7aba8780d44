#pragma once
// The files collector: facts recorded elsewhere — an export, the facts of
// systems golive cannot reach from here — read from JSON or YAML files whose
// top-level keys are fact keys (azure, k8s, ...). It is how the demo joins
// live PostgreSQL and Redis facts with recorded ones for the other systems.

#include <memory>

#include "golive/collector.hpp"

namespace golive::collectors {

std::unique_ptr<Collector> make_files_collector();

}  // namespace golive::collectors
