#pragma once
// The Odoo collector: odoo.conf (a file, or a ConfigMap/Secret key read
// through the Kubernetes API) without its secrets, and a probe of the
// public URL (health, database manager and selector pages, version).

#include <memory>
#include <string>

#include "golive/collector.hpp"

namespace golive::collectors {

std::unique_ptr<Collector> make_odoo_collector();

namespace odoo {

// The collector's status from its two parts (each "" when not configured):
// ok when every configured part was read whole; partial when any part was
// read, even in part, and another was not (or was in part); when every
// configured part failed, that failure (unauthorized if either was refused,
// else unreachable): the word that means nothing was read.
std::string combined_status(const std::string& config, const std::string& probe);

}  // namespace odoo

}  // namespace golive::collectors
