#pragma once
// The Kubernetes collector (`k8s`): a cluster read live over its REST API,
// or its manifests read offline — the same facts either way.

#include <memory>

#include "golive/collector.hpp"

namespace golive::collectors {

std::unique_ptr<Collector> make_k8s_collector();

}  // namespace golive::collectors
