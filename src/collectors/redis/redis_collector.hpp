#pragma once
// The Redis collector: for each target of golive.yaml, what INFO and
// CONFIG GET say, read-only, over plain TCP or TLS (facts:
// redis.<name>, docs/facts.md; settings: docs/collectors.md).

#include <memory>

#include "golive/collector.hpp"

namespace golive::collectors {

std::unique_ptr<Collector> make_redis_collector();

}  // namespace golive::collectors
