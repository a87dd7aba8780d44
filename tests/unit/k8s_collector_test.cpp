// The k8s collector's settings (checked when golive.yaml loads, the
// kubeconfig included) and its live path end to end in-process: kubeconfig,
// exec plugin, HTTP to a loopback server, facts and status.

#include <catch2/catch.hpp>

#include "golive/collector.hpp"
#include "golive/config.hpp"
#include "golive/diagnostics.hpp"
#include "loopback_http.hpp"
#include "temp_dir.hpp"

using namespace golive;
using golive::test::LoopbackHttp;
using golive::test::TempDir;
using namespace std::chrono_literals;

namespace {

std::string load_errors(const TempDir& dir, const std::string& k8s_section) {
  const auto path = dir.write("golive.yaml", "environment: t\ncollectors:\n  k8s:\n" + k8s_section);
  try {
    load_config(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

const char* kKubeconfig = R"(apiVersion: v1
kind: Config
current-context: live
clusters: [{name: c, cluster: {server: "SERVER"}}]
contexts: [{name: live, context: {cluster: c, user: u}}]
users:
- name: u
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./token.sh
)";

std::string kubeconfig_for(const std::string& server) {
  std::string text = kKubeconfig;
  text.replace(text.find("SERVER"), 6, server);
  return text;
}

// The request line's path, "/apis/apps/v1/deployments?limit=500".
std::string path_of(const std::string& head) {
  const auto start = head.find(' ') + 1;
  return head.substr(start, head.find(' ', start) - start);
}

}  // namespace

TEST_CASE("k8s settings are checked when golive.yaml loads", "[k8s][collector]") {
  TempDir dir;
  dir.write("kube/config", kubeconfig_for("https://h:6443"));
  CHECK(load_errors(dir, "    kubeconfig: kube/config\n") == "");
  CHECK(load_errors(dir,
                    "    kubeconfig: kube/config\n    context: live\n    namespaces: [odoo]\n"
                    "    page_size: 100\n") == "");
  CHECK_THAT(load_errors(dir, "    kubeconfig: kube/config\n    context: prod\n"),
             Catch::Contains(dir.file("kube/config") + ": error: context 'prod' is not defined"));
  CHECK_THAT(load_errors(dir, "    kubeconfig: kube/config\n    page_size: 0\n"),
             Catch::Contains("golive.yaml:5:16: error: 'page_size' must be a whole number"));
  CHECK_THAT(load_errors(dir, "    kubeconfig: kube/config\n    namespaces: []\n"),
             Catch::Contains("'namespaces' must be a namespace or a non-empty list"));
  dir.write("deploy.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n");
  CHECK_THAT(load_errors(dir, "    manifests: deploy.yaml\n    context: live\n"),
             Catch::Contains("golive.yaml:5:14: error: 'context' reads a live cluster"));
  CHECK(load_errors(dir, "    manifests: deploy.yaml\n") == "");
}

TEST_CASE("k8s collects live through the kubeconfig and its exec plugin", "[k8s][collector]") {
  LoopbackHttp server([](const std::string& head) {
    if (head.find("Authorization: Bearer plugin-token-424242\r\n") == std::string::npos)
      return LoopbackHttp::respond(401, R"({"message":"Unauthorized"})");
    const std::string path = path_of(head);
    if (path == "/version") return LoopbackHttp::respond(200, R"({"gitVersion":"v1.30.1"})");
    if (path == "/apis")
      return LoopbackHttp::respond(200,
                                   R"({"groups":[{"versions":[{"groupVersion":"apps/v1"}]}]})");
    if (path == "/apis/apps/v1/deployments?limit=1")
      return LoopbackHttp::respond(
          200, R"({"metadata":{"continue":"next"},"items":[{"metadata":{"name":"a"}}]})");
    if (path == "/apis/apps/v1/deployments?limit=1&continue=next")
      return LoopbackHttp::respond(200,
                                   R"({"metadata":{},"items":[{"metadata":{"name":"b","annotations":
                   {"leak":"plugin-token-424242"}}}]})");
    if (path.rfind("/api/v1/", 0) == 0)
      return LoopbackHttp::respond(200, R"({"metadata":{},"items":[]})");
    return LoopbackHttp::respond(404, "{}");
  });
  TempDir dir;
  dir.write("kube/config", kubeconfig_for(server.url("")));
  dir.write("kube/token.sh",
            "#!/bin/sh\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":"
            "\"ExecCredential\",\"status\":{\"token\":\"plugin-token-424242\"}}'\n",
            true);
  CollectorRequest request;
  request.settings = {{"kubeconfig", "kube/config"}, {"page_size", 1}};
  request.config_dir = dir.path();
  request.deadline = std::chrono::steady_clock::now() + 20s;
  const CollectorResult result = make_collector("k8s")->collect(request);
  const nlohmann::json& k8s = result.facts.at("k8s");
  // Groups this server does not serve (batch, networking, ...) are unavailable.
  CHECK(result.status == "partial");
  CHECK(k8s.at("version").at("gitVersion") == "v1.30.1");
  REQUIRE(k8s.at("deployments").size() == 2);
  CHECK(k8s.at("deployments")[1].at("kind") == "Deployment");
  CHECK(k8s.at("deployments")[1].at("metadata").at("annotations").at("leak") == "***");
  CHECK(k8s.at("pods") == nlohmann::json::array());
  CHECK(k8s.at("unavailable").at("jobs") == "batch/v1 is not served by this API server");
  CHECK(result.facts.dump().find("plugin-token-424242") == std::string::npos);

  // The plugin fails: unauthorized, with its message.
  dir.write("kube/token.sh", "#!/bin/sh\necho 'login expired' >&2\nexit 1\n", true);
  const CollectorResult refused = make_collector("k8s")->collect(request);
  CHECK(refused.status == "unauthorized");
  CHECK(refused.error == "exec plugin './token.sh' exited with status 1: login expired");
  CHECK(refused.facts["k8s"]["unavailable"].contains("deployments"));
}
