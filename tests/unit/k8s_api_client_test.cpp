// The Kubernetes API client and the live collection over a scripted
// transport: pagination, retries, 410, statuses, and how kinds that could
// not be read become `unavailable`.

#include <catch2/catch.hpp>

#include <map>

#include "collectors/k8s/api_client.hpp"
#include "collectors/k8s/live.hpp"
#include "scripted_http.hpp"

using namespace golive;
using namespace golive::collectors::k8s;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kServer = "https://cluster.test:6443";

// Answers below the cluster's URL (see scripted_http.hpp).
struct ScriptedApi : test::ScriptedHttp {
  ScriptedApi() : ScriptedHttp(kServer) {}
};

ClusterCredentials credentials() {
  ClusterCredentials c;
  c.server = std::string(kServer) + "/";
  c.token = "api-token-abcdef";
  c.ca_pem = "CA";
  c.tls_server_name = "api.internal";
  return c;
}

ApiClient client(ScriptedApi& api, std::chrono::milliseconds budget = 10s) {
  return ApiClient(credentials(), Clock::now() + budget, api.transport());
}

KindInfo kind(const std::string& name) {
  for (const auto& k : listed_kinds())
    if (k.kind == name) return k;
  FAIL("no kind " << name);
  return {};
}

std::string page(const std::string& names, const std::string& next = "") {
  nlohmann::json items = nlohmann::json::array();
  for (std::size_t at = 0; at < names.size(); ++at)
    items.push_back({{"metadata", {{"name", std::string(1, names[at])}, {"namespace", "odoo"}}}});
  nlohmann::json list = {{"kind", "DeploymentList"}, {"apiVersion", "apps/v1"}, {"items", items}};
  list["metadata"] = nlohmann::json::object();
  if (!next.empty()) list["metadata"]["continue"] = next;
  return list.dump();
}

}  // namespace

TEST_CASE("list follows continue and fills apiVersion and kind", "[k8s][api]") {
  ScriptedApi api;
  api.on("/apis/apps/v1/deployments?limit=2", 200, page("ab", "tok/1+"));
  api.on("/apis/apps/v1/deployments?limit=2&continue=tok%2F1%2B", 200, page("c"));
  const ApiResponse response = client(api).list(kind("Deployment"), "", 2);
  REQUIRE(response.ok());
  REQUIRE(response.body.size() == 3);
  CHECK(response.body[2]["metadata"]["name"] == "c");
  CHECK(response.body[0]["apiVersion"] == "apps/v1");
  CHECK(response.body[0]["kind"] == "Deployment");

  const auto request = api.requests().at(0);
  CHECK(request.bearer_token == "api-token-abcdef");
  CHECK(request.tls.ca_pem == "CA");
  CHECK(request.tls.server_name == "api.internal");
  CHECK(request.headers.at(0) == std::pair<std::string, std::string>{"Accept", "application/json"});
}

TEST_CASE("secrets are asked for as metadata only", "[k8s][api]") {
  ScriptedApi api;
  api.on("/api/v1/namespaces/odoo/secrets?limit=500", 200,
         R"({"kind":"PartialObjectMetadataList","apiVersion":"meta.k8s.io/v1","metadata":{},
             "items":[{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1",
                       "metadata":{"name":"db","namespace":"odoo"}}]})");
  const ApiResponse response = client(api).list(kind("Secret"), "odoo", 500);
  REQUIRE(response.ok());
  CHECK(response.body[0]["kind"] == "Secret");
  CHECK(response.body[0]["apiVersion"] == "v1");
  CHECK(api.requests().at(0).headers.at(0).second ==
        "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1");
}

TEST_CASE("an expired continue token restarts the list once", "[k8s][api]") {
  ScriptedApi api;
  api.on("/apis/apps/v1/deployments?limit=1", 200, page("a", "t1"));
  api.on("/apis/apps/v1/deployments?limit=1&continue=t1", 410,
         R"({"kind":"Status","message":"the provided continue parameter is too old"})");
  api.on("/apis/apps/v1/deployments?limit=1&continue=t1", 200, page("b"));
  const ApiResponse response = client(api).list(kind("Deployment"), "", 1);
  REQUIRE(response.ok());
  CHECK(response.body.size() == 2);  // not three: the first page was read again
  CHECK(api.count("/apis/apps/v1/deployments?limit=1") == 2);

  ScriptedApi always_gone;
  always_gone.on("/apis/apps/v1/deployments?limit=1", 200, page("a", "t1"));
  always_gone.on("/apis/apps/v1/deployments?limit=1&continue=t1", 410, "{}");
  const ApiResponse gone = client(always_gone).list(kind("Deployment"), "", 1);
  CHECK(gone.status == ApiStatus::failed);
  CHECK(gone.http_status == 410);
}

TEST_CASE("429 and 5xx are retried, at most three attempts", "[k8s][api]") {
  ScriptedApi api;
  api.on("/version", 503, "{}");
  api.on("/version", 429, "{}", {{"retry-after", "0"}});
  api.on("/version", 200, R"({"gitVersion":"v1.30.1"})");
  const ApiResponse ok = client(api).get("/version");
  REQUIRE(ok.ok());
  CHECK(ok.body["gitVersion"] == "v1.30.1");
  CHECK(api.count("/version") == 3);

  ScriptedApi broken;
  broken.on("/version", 500, R"({"kind":"Status","message":"etcdserver: request timed out"})");
  const ApiResponse failed = client(broken).get("/version");
  CHECK(failed.status == ApiStatus::failed);
  CHECK(failed.error == "failed (500, 3 attempts): etcdserver: request timed out");
  CHECK(broken.count("/version") == 3);

  // A Retry-After beyond the deadline is not waited for.
  ScriptedApi later;
  later.on("/version", 429, "{}", {{"retry-after", "5"}});
  const auto start = Clock::now();
  CHECK(client(later, 1s).get("/version").status == ApiStatus::failed);
  CHECK(Clock::now() - start < 900ms);
  CHECK(later.count("/version") == 1);
}

TEST_CASE("statuses: 401, 403, 404 and no answer", "[k8s][api]") {
  ScriptedApi api;
  api.on("/a", 401, R"({"message":"Unauthorized"})");
  api.on("/b", 403, R"({"message":"pods is forbidden: User \"x\" cannot list"})");
  api.on("/c", 404, "404 page not found");
  api.fail("/d", "SSL certificate problem: unable to get local issuer certificate");
  auto c = client(api);
  CHECK(c.get("/a").status == ApiStatus::unauthorized);
  CHECK(c.get("/b").error == R"(forbidden (403): pods is forbidden: User "x" cannot list)");
  CHECK(c.get("/c").error == "not served (404): 404 page not found");
  const ApiResponse d = c.get("/d");
  CHECK(d.status == ApiStatus::unreachable);
  CHECK(d.error ==
        "cannot reach https://cluster.test:6443: SSL certificate problem: unable to get local "
        "issuer certificate");
}

TEST_CASE("url_encode", "[k8s][api]") {
  CHECK(url_encode("eyJ2Ijoi+/=") == "eyJ2Ijoi%2B%2F%3D");
  CHECK(url_encode("a-b_c.d~") == "a-b_c.d~");
}

namespace {

const char* kApis = R"({"kind":"APIGroupList","groups":[
  {"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}]},
  {"name":"batch","versions":[{"groupVersion":"batch/v1","version":"v1"}]},
  {"name":"networking.k8s.io","versions":[{"groupVersion":"networking.k8s.io/v1"}]},
  {"name":"policy","versions":[{"groupVersion":"policy/v1"}]},
  {"name":"autoscaling","versions":[{"groupVersion":"autoscaling/v2"}]},
  {"name":"storage.k8s.io","versions":[{"groupVersion":"storage.k8s.io/v1"}]},
  {"name":"rbac.authorization.k8s.io","versions":[{"groupVersion":"rbac.authorization.k8s.io/v1"}]},
  {"name":"traefik.io","versions":[{"groupVersion":"traefik.io/v1alpha1"}]}]})";

// A cluster where every list is empty unless scripted otherwise.
void script_empty_cluster(ScriptedApi& api) {
  api.fallback.status = 200;
  api.fallback.body = R"({"metadata":{},"items":[]})";
  api.on("/version", 200, R"({"major":"1","minor":"30","gitVersion":"v1.30.1"})");
  api.on("/apis", 200, kApis);
}

}  // namespace

TEST_CASE("collect_live: every kind read", "[k8s][api]") {
  ScriptedApi api;
  script_empty_cluster(api);
  api.on("/apis/apps/v1/deployments?limit=500", 200, page("ab"));
  const LiveResult result = collect_live(client(api), {});
  CHECK(result.status == "ok");
  CHECK(result.error.empty());
  CHECK(result.facts.at("version").at("gitVersion") == "v1.30.1");
  CHECK(result.facts.at("deployments").size() == 2);
  CHECK(result.facts.at("workloads").size() == 0);  // no pod template in these
  CHECK(result.facts.at("pods") == nlohmann::json::array());
  CHECK(result.facts.at("ingressroutes") == nlohmann::json::array());  // traefik.io is served
  CHECK(result.facts.at("unavailable") == nlohmann::json::object());
  // Not served: never asked for, absent, and no reason to be partial.
  CHECK_FALSE(result.facts.contains("applications"));
  CHECK(api.count("/apis/argoproj.io/v1alpha1/applications?limit=500") == 0);
  CHECK(api.count("/apis/traefik.containo.us/v1alpha1/ingressroutes?limit=500") == 0);
}

TEST_CASE("collect_live: a forbidden kind is partial", "[k8s][api]") {
  ScriptedApi api;
  script_empty_cluster(api);
  api.on("/api/v1/secrets?limit=500", 403,
         R"({"message":"secrets is forbidden: User \"golive\" cannot list resource \"secrets\""})");
  const LiveResult result = collect_live(client(api), {});
  CHECK(result.status == "partial");
  CHECK_FALSE(result.facts.contains("secrets"));
  CHECK(result.facts.at("unavailable").at("secrets") ==
        R"(forbidden (403): secrets is forbidden: User "golive" cannot list resource "secrets")");
  CHECK_THAT(result.error, Catch::StartsWith("not collected: secrets: forbidden (403)"));
  CHECK(result.facts.at("deployments") == nlohmann::json::array());
}

TEST_CASE("collect_live: namespaces filter lists namespaced kinds per namespace", "[k8s][api]") {
  ScriptedApi api;
  script_empty_cluster(api);
  api.on("/apis/apps/v1/namespaces/odoo/deployments?limit=500", 200, page("a"));
  api.on("/apis/apps/v1/namespaces/traefik/deployments?limit=500", 200, page("b"));
  api.on("/api/v1/namespaces/traefik/pods?limit=500", 403, R"({"message":"no"})");
  LiveOptions options;
  options.namespaces = {"odoo", "traefik"};
  const LiveResult result = collect_live(client(api), options);
  CHECK(result.facts.at("deployments").size() == 2);
  CHECK(api.count("/api/v1/nodes?limit=500") == 1);  // cluster-scoped: once
  CHECK(result.facts.at("unavailable").at("pods") == "in namespace traefik: forbidden (403): no");
  CHECK(result.status == "partial");
}

TEST_CASE("collect_live: unreachable, unauthorized", "[k8s][api]") {
  ScriptedApi down;
  down.fail("/version", "Failed to connect to cluster.test port 6443: Connection refused");
  const LiveResult unreachable = collect_live(client(down), {});
  CHECK(unreachable.status == "unreachable");
  CHECK(unreachable.error ==
        "cannot reach https://cluster.test:6443: Failed to connect to cluster.test port 6443: "
        "Connection refused");
  CHECK(unreachable.facts["unavailable"]["deployments"] == unreachable.error);
  CHECK_FALSE(unreachable.facts["unavailable"].contains("applications"));

  ScriptedApi refused;
  refused.on("/version", 401, R"({"message":"Unauthorized"})");  // answered first
  script_empty_cluster(refused);
  CHECK(collect_live(client(refused), {}).status == "unauthorized");

  ScriptedApi anonymous;
  script_empty_cluster(anonymous);
  anonymous.fallback.status = 403;
  anonymous.fallback.body = R"({"message":"system:anonymous cannot list"})";
  const LiveResult nothing = collect_live(client(anonymous), {});
  CHECK(nothing.status == "unauthorized");
  CHECK_THAT(nothing.error, Catch::StartsWith("the credentials may not list any kind"));
}
