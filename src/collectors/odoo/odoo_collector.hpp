#pragma once
// The Odoo collector: odoo.conf (a file, or a ConfigMap/Secret key read
// through the Kubernetes API) without its secrets, and a probe of the
// public URL (health, database manager and selector pages, version).

#include <memory>

#include "golive/collector.hpp"

namespace golive::collectors {

std::unique_ptr<Collector> make_odoo_collector();

}  // namespace golive::collectors
