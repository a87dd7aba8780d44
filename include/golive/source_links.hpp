#pragma once
// Links between the sources that describe one system, added to the facts
// before rules judge them, so that a rule reads the best source available for
// each fact and says which one it used (docs/facts.md, "Links between
// sources"):
//
// - a live PostgreSQL target and the Azure flexible server it is
//   (`postgres.<t>.azure`), matched by the target's `azure_resource` (name or
//   resource id) or by its host (`<server>.postgres.database.azure.com`, the
//   private-link name, the server's fullyQualifiedDomainName);
// - a live Redis target and the Azure cache it is (`redis.<t>.azure`),
//   matched the same way (`<cache>.redis.cache.windows.net`, private link,
//   the cache's hostName; Azure Managed Redis by its hostName);
// - each Traefik entry point and what publishes it in Kubernetes
//   (`traefik.entrypoints[].published_by`): the Services whose ports target
//   it, and host ports of the Traefik pods.
//
// A link lives under the linked item, so a rule about PostgreSQL that also
// reads what ARM says stays a PostgreSQL rule: it is audited whenever the
// live target is, and reads ARM's view only when Azure was collected too.
// Linking is a pure function of the facts: linking twice gives the same facts.

#include <nlohmann/json.hpp>

namespace golive {

void link_sources(nlohmann::json& facts);

}  // namespace golive
