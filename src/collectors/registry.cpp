// The collector registry: one line per collector.

#include <set>

#include "collectors/azure/azure_collector.hpp"
#include "collectors/declared/declared_collector.hpp"
#include "collectors/files/files_collector.hpp"
#include "collectors/k8s/k8s_collector.hpp"
#include "collectors/odoo/odoo_collector.hpp"
#include "collectors/postgres/postgres_collector.hpp"
#include "collectors/redis/redis_collector.hpp"
#include "collectors/traefik/traefik_collector.hpp"
#include "golive/collector.hpp"

namespace golive {

namespace {

struct Registration {
  const char* name;
  std::unique_ptr<Collector> (*make)();
};

// One line per collector.
// clang-format off
constexpr Registration kCollectors[] = {
    {"azure", collectors::make_azure_collector},
    {"declared", collectors::make_declared_collector},
    {"files", collectors::make_files_collector},
    {"k8s", collectors::make_k8s_collector},
    {"odoo", collectors::make_odoo_collector},
    {"postgres", collectors::make_postgres_collector},
    {"redis", collectors::make_redis_collector},
    {"traefik", collectors::make_traefik_collector},
};
// clang-format on

}  // namespace

std::unique_ptr<Collector> make_collector(const std::string& name) {
  for (const auto& c : kCollectors)
    if (name == c.name) return c.make();
  return nullptr;
}

std::vector<std::string> known_systems() {
  std::set<std::string> systems;
  for (const auto& c : kCollectors)
    for (const auto& path : c.make()->schema().facts) {
      const std::string root = path.substr(0, path.find_first_of(".["));
      if (!root.empty() && root.front() != '<') systems.insert(root);
    }
  return {systems.begin(), systems.end()};
}

std::vector<std::string> collector_names() {
  std::vector<std::string> names;
  for (const auto& c : kCollectors) names.emplace_back(c.name);
  return names;
}

}  // namespace golive
