// Links between the sources of one system: a live target and its Azure
// resource (by host name and by key), Traefik's entry points and the
// Kubernetes objects that publish them.

#include <catch2/catch.hpp>

#include "golive/source_links.hpp"

using namespace golive;
using nlohmann::json;

namespace {

json azure_facts() {
  return json::parse(R"({
    "postgres_flexible": [
      {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-retail-prod",
       "name": "psql-retail-prod", "type": "Microsoft.DBforPostgreSQL/flexibleServers",
       "properties": {"fullyQualifiedDomainName": "psql-retail-prod.postgres.database.azure.com",
                      "highAvailability": {"mode": "ZoneRedundant", "state": "Healthy"}},
       "resources": [
         {"name": "require_secure_transport", "type": "Microsoft.DBforPostgreSQL/flexibleServers/configurations",
          "properties": {"value": "on"}},
         {"name": "max_connections", "type": "microsoft.dbforpostgresql/flexibleservers/configurations",
          "properties": {"value": "1000"}},
         {"name": "AllowAll", "type": "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules",
          "properties": {"startIpAddress": "0.0.0.0"}}]},
      {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-other",
       "name": "psql-other", "properties": {}}],
    "redis": [{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Cache/Redis/redis-retail-prod",
               "name": "redis-retail-prod",
               "properties": {"hostName": "redis-retail-prod.redis.cache.windows.net", "enableNonSslPort": false,
                              "redisConfiguration": {"maxmemory-policy": "noeviction", "aof-backup-enabled": "true"}}}],
    "redis_enterprise": []})");
}

}  // namespace

TEST_CASE("a live PostgreSQL target is linked to its Azure server by host name", "[links]") {
  for (const std::string host : {"psql-retail-prod.postgres.database.azure.com",
                                 "PSQL-RETAIL-PROD.privatelink.postgres.database.azure.com"}) {
    INFO(host);
    json facts = {{"azure", azure_facts()},
                  {"postgres", {{"odoo-db", {{"target", {{"host", host}, {"port", 5432}}}}}}}};
    link_sources(facts);
    const json& link = facts["postgres"]["odoo-db"]["azure"];
    CHECK(link["name"] == "psql-retail-prod");
    CHECK(link["matched_by"] == "host");
    CHECK(link["parameters"] ==
          json({{"require_secure_transport", "on"}, {"max_connections", "1000"}}));
    CHECK(link["properties"]["highAvailability"]["mode"] == "ZoneRedundant");
    // Linking twice gives the same facts.
    const json once = facts;
    link_sources(facts);
    CHECK(facts == once);
  }
}

TEST_CASE("a live target is linked by its azure_resource key when its host does not say",
          "[links]") {
  json facts = {
      {"azure", azure_facts()},
      {"postgres",
       {{"by-name", {{"target", {{"host", "10.0.3.4"}, {"azure_resource", "PSQL-Retail-Prod"}}}}},
        {"by-id",
         {{"target",
           {{"host", "pgbouncer.odoo.svc"},
            {"azure_resource",
             "/subscriptions/s/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/"
             "flexibleServers/psql-other"}}}}},
        {"unlinked", {{"target", {{"host", "db.internal"}}}}},
        {"wrong-key",
         {{"target",
           {{"host", "psql-retail-prod.postgres.database.azure.com"},
            {"azure_resource", "psql-nowhere"}}}}}}},
      {"redis",
       {{"cache", {{"target", {{"host", "10.0.4.5"}, {"azure_resource", "redis-retail-prod"}}}}},
        {"by-host", {{"target", {{"host", "redis-retail-prod.redis.cache.windows.net"}}}}}}}};
  link_sources(facts);
  CHECK(facts["postgres"]["by-name"]["azure"]["name"] == "psql-retail-prod");
  CHECK(facts["postgres"]["by-name"]["azure"]["matched_by"] == "azure_resource");
  CHECK(facts["postgres"]["by-id"]["azure"]["name"] == "psql-other");
  CHECK(!facts["postgres"]["unlinked"].contains("azure"));
  // An explicit key decides: a host that would match does not override it.
  CHECK(!facts["postgres"]["wrong-key"].contains("azure"));
  CHECK(facts["redis"]["cache"]["azure"]["properties"]["redisConfiguration"]["maxmemory-policy"] ==
        "noeviction");
  CHECK(facts["redis"]["by-host"]["azure"]["matched_by"] == "host");
}

TEST_CASE("without Azure facts nothing is linked", "[links]") {
  json facts = {
      {"postgres",
       {{"db", {{"target", {{"host", "psql-retail-prod.postgres.database.azure.com"}}}}}}}};
  const json before = facts;
  link_sources(facts);
  CHECK(facts == before);
  json odd = {{"postgres", "not a map"}, {"azure", {{"postgres_flexible", "not a list"}}}};
  link_sources(odd);  // odd shapes never throw
  json list = json::array();
  link_sources(list);
}

TEST_CASE("Traefik's entry points are linked to the Services and host ports publishing them",
          "[links]") {
  json facts = json::parse(R"({
    "traefik": {"entrypoints": [
      {"name": "web", "address": ":8000/tcp"}, {"name": "websecure", "address": ":8443"},
      {"name": "traefik", "address": ":8080"}, {"name": "metrics", "address": ":9100"}]},
    "k8s": {
      "workloads": [{"kind": "Deployment", "metadata": {"name": "traefik", "namespace": "traefik"},
        "podTemplate": {"spec": {"containers": [{"name": "traefik", "image": "docker.io/traefik:v3.2.3",
          "ports": [{"name": "metrics", "containerPort": 9100, "hostPort": 9100}]}]}}}],
      "services": [
        {"metadata": {"name": "traefik", "namespace": "traefik"},
         "spec": {"type": "LoadBalancer", "ports": [{"name": "web", "port": 80, "targetPort": "web"},
                                                    {"name": "websecure", "port": 443, "targetPort": 8443}]}},
        {"metadata": {"name": "other-app", "namespace": "shop"},
         "spec": {"ports": [{"port": 8080, "targetPort": 8080}]}}]}})");
  link_sources(facts);
  const json& eps = facts["traefik"]["entrypoints"];
  CHECK(eps[0]["published_by"] ==
        json::parse(R"([{"service": "traefik/traefik", "type": "LoadBalancer", "port": 80}])"));
  CHECK(eps[1]["published_by"][0]["port"] == 443);
  // Another namespace's port 8080 does not publish Traefik's internal entry point.
  CHECK(eps[2]["published_by"] == json::array());
  CHECK(eps[3]["published_by"] == json::parse(R"([{"host_port": 9100}])"));
  // Traefik on the node's network is published on every entry point.
  json host = facts;
  host["k8s"]["workloads"][0]["podTemplate"]["spec"]["hostNetwork"] = true;
  link_sources(host);
  CHECK(host["traefik"]["entrypoints"][2]["published_by"] ==
        json::parse(R"([{"host_network": true}])"));
  // Without Kubernetes Services nothing is said either way.
  facts["k8s"].erase("services");
  link_sources(facts);
  CHECK(!facts["traefik"]["entrypoints"][0].contains("published_by"));
}
