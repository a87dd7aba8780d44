#pragma once

#include <memory>

#include "golive/collector.hpp"

namespace golive::collectors {

// Traefik's API (v2 and v3), read-only, and the certificates its public
// hosts serve (docs/facts.md, "traefik").
std::unique_ptr<Collector> make_traefik_collector();

}  // namespace golive::collectors
