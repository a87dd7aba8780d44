#include "golive/source_links.hpp"

#include <string>
#include <string_view>
#include <vector>

#include "golive/text.hpp"

namespace golive {

namespace {

using Json = nlohmann::json;

std::string lower_string(const Json& value) {
  return value.is_string() ? to_lower(value.get<std::string>()) : std::string();
}

const Json* find_array(const Json& facts, std::string_view system, std::string_view key) {
  if (!facts.is_object()) return nullptr;
  auto s = facts.find(system);
  if (s == facts.end() || !s->is_object()) return nullptr;
  auto k = s->find(key);
  return k != s->end() && k->is_array() ? &*k : nullptr;
}

// The host names an Azure resource answers to: its declared host name
// property and `<name>.<zone>` / `<name>.privatelink.<zone>`.
std::vector<std::string> azure_host_names(const Json& resource, std::string_view host_property,
                                          std::string_view zone) {
  std::vector<std::string> names;
  if (auto props = resource.find("properties"); props != resource.end() && props->is_object()) {
    if (auto host = props->find(host_property); host != props->end())
      names.push_back(lower_string(*host));
  }
  const std::string name = lower_string(resource.value("name", Json()));
  if (!name.empty() && !zone.empty()) {
    names.push_back(name + "." + std::string(zone));
    names.push_back(name + ".privatelink." + std::string(zone));
  }
  return names;
}

struct AzureKind {
  std::string_view list;           // azure.<list>
  std::string_view host_property;  // properties.<host_property>
  std::string_view zone;           // DNS zone of `<name>.<zone>`, "" when names are regional
};

struct Match {
  const Json* resource = nullptr;
  std::string_view by;
};

Match find_azure_resource(const Json& facts, const Json& target,
                          const std::vector<AzureKind>& kinds) {
  const std::string key = lower_string(target.value("azure_resource", Json()));
  const std::string host = lower_string(target.value("host", Json()));
  for (const auto& kind : kinds) {
    const Json* list = find_array(facts, "azure", kind.list);
    if (!list) continue;
    for (const auto& resource : *list) {
      if (!resource.is_object()) continue;
      if (!key.empty()) {
        if (lower_string(resource.value("name", Json())) == key ||
            lower_string(resource.value("id", Json())) == key)
          return {&resource, "azure_resource"};
        continue;
      }
      if (host.empty()) continue;
      for (const auto& name : azure_host_names(resource, kind.host_property, kind.zone))
        if (!name.empty() && name == host) return {&resource, "host"};
    }
  }
  return {};
}

// Server parameters of a PostgreSQL flexible server, by name: its
// `…/configurations` children's `properties.value`.
Json server_parameters(const Json& server) {
  Json parameters = Json::object();
  auto children = server.find("resources");
  if (children == server.end() || !children->is_array()) return parameters;
  for (const auto& child : *children) {
    if (!child.is_object() || lower_string(child.value("type", Json())) !=
                                  "microsoft.dbforpostgresql/flexibleservers/configurations")
      continue;
    const std::string name =
        child.value("name", Json()).is_string() ? child["name"].get<std::string>() : "";
    auto props = child.find("properties");
    if (name.empty() || props == child.end() || !props->is_object()) continue;
    if (auto value = props->find("value"); value != props->end()) parameters[name] = *value;
  }
  return parameters;
}

Json azure_link(const Match& match) {
  const Json& resource = *match.resource;
  Json link = {{"matched_by", std::string(match.by)}};
  for (const char* key : {"id", "name", "type", "location", "zones", "sku", "properties"})
    if (auto it = resource.find(key); it != resource.end()) link[key] = *it;
  return link;
}

void link_live_targets(Json& facts, std::string_view system, const std::vector<AzureKind>& kinds,
                       bool with_parameters) {
  auto live = facts.find(system);
  if (live == facts.end() || !live->is_object()) return;
  for (auto& [name, target] : live->items()) {
    if (!target.is_object()) continue;
    target.erase("azure");
    auto where = target.find("target");
    if (where == target.end() || !where->is_object()) continue;
    const Match match = find_azure_resource(facts, *where, kinds);
    if (!match.resource) continue;
    Json link = azure_link(match);
    if (with_parameters) link["parameters"] = server_parameters(*match.resource);
    target["azure"] = std::move(link);
  }
}

// ---- Traefik entry points published by Kubernetes

std::string port_of_address(const Json& address) {
  // ":8443", "0.0.0.0:8000/tcp", "[::]:443"
  std::string text = address.is_string() ? address.get<std::string>() : "";
  if (auto slash = text.find('/'); slash != std::string::npos) text.resize(slash);
  auto colon = text.rfind(':');
  return colon == std::string::npos ? "" : text.substr(colon + 1);
}

std::string scalar_text(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  return "";
}

bool runs_traefik(const Json& workload) {
  const Json* spec = &workload;
  for (const char* key : {"podTemplate", "spec"}) {
    if (!spec->is_object() || !spec->contains(key)) return false;
    spec = &(*spec)[key];
  }
  auto containers = spec->find("containers");
  if (containers == spec->end() || !containers->is_array()) return false;
  for (const auto& c : *containers) {
    std::string image = lower_string(c.is_object() ? c.value("image", Json()) : Json());
    if (auto slash = image.rfind('/'); slash != std::string::npos) image = image.substr(slash + 1);
    if (image.rfind("traefik", 0) == 0) return true;
  }
  return false;
}

std::string metadata_text(const Json& object, const char* key) {
  auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) return "";
  return scalar_text(meta->value(key, Json()));
}

void link_entrypoints(Json& facts) {
  auto traefik = facts.find("traefik");
  if (traefik == facts.end() || !traefik->is_object()) return;
  auto entrypoints = traefik->find("entrypoints");
  if (entrypoints == traefik->end() || !entrypoints->is_array()) return;
  for (auto& e : *entrypoints)
    if (e.is_object()) e.erase("published_by");
  const Json* services = find_array(facts, "k8s", "services");
  if (!services) return;  // nothing says what is published: rules decide without it
  // Traefik's namespaces: where a workload runs a traefik image (all, if none is seen).
  std::vector<std::string> namespaces;
  std::vector<const Json*> traefik_pods;
  if (const Json* workloads = find_array(facts, "k8s", "workloads")) {
    for (const auto& w : *workloads) {
      if (!w.is_object() || !runs_traefik(w)) continue;
      namespaces.push_back(metadata_text(w, "namespace"));
      traefik_pods.push_back(&w["podTemplate"]["spec"]);
    }
  }
  auto in_scope = [&](const Json& service) {
    if (namespaces.empty()) return true;
    const std::string ns = metadata_text(service, "namespace");
    for (const auto& n : namespaces)
      if (n == ns) return true;
    return false;
  };
  for (auto& e : *entrypoints) {
    if (!e.is_object()) continue;
    const std::string name = scalar_text(e.value("name", Json()));
    const std::string port = port_of_address(e.value("address", Json()));
    Json published = Json::array();
    for (const auto& s : *services) {
      if (!s.is_object() || !in_scope(s) || !s.contains("spec") || !s["spec"].is_object()) continue;
      const Json& spec = s["spec"];
      const std::string type = spec.contains("type") ? scalar_text(spec["type"]) : "ClusterIP";
      if (type == "ExternalName" || !spec.contains("ports") || !spec["ports"].is_array()) continue;
      for (const auto& p : spec["ports"]) {
        if (!p.is_object()) continue;
        const std::string target = p.contains("targetPort") ? scalar_text(p["targetPort"])
                                                            : scalar_text(p.value("port", Json()));
        if (target.empty() || (target != name && target != port)) continue;
        published.push_back(
            {{"service", metadata_text(s, "namespace") + "/" + metadata_text(s, "name")},
             {"type", type},
             {"port", p.value("port", Json())}});
      }
    }
    for (const Json* pod : traefik_pods) {
      // On the node's network Traefik listens on every entry point's address
      // of every node, whatever its declared ports.
      if (auto host = pod->find("hostNetwork"); host != pod->end() && host->is_boolean() &&
                                                host->get<bool>()) {
        published.push_back({{"host_network", true}});
        continue;
      }
      if (!pod->contains("containers") || !(*pod)["containers"].is_array()) continue;
      for (const auto& c : (*pod)["containers"]) {
        if (!c.is_object() || !c.contains("ports") || !c["ports"].is_array()) continue;
        for (const auto& p : c["ports"]) {
          if (!p.is_object() || !p.contains("hostPort")) continue;
          const std::string pname = scalar_text(p.value("name", Json()));
          const std::string cport = scalar_text(p.value("containerPort", Json()));
          if ((!pname.empty() && pname == name) || (!cport.empty() && cport == port))
            published.push_back({{"host_port", p["hostPort"]}});
        }
      }
    }
    e["published_by"] = std::move(published);
  }
}

}  // namespace

void link_sources(Json& facts) {
  if (!facts.is_object()) return;
  link_live_targets(
      facts, "postgres",
      {{"postgres_flexible", "fullyQualifiedDomainName", "postgres.database.azure.com"}},
      /*with_parameters=*/true);
  link_live_targets(
      facts, "redis",
      {{"redis", "hostName", "redis.cache.windows.net"}, {"redis_enterprise", "hostName", ""}},
      /*with_parameters=*/false);
  link_entrypoints(facts);
}

}  // namespace golive
