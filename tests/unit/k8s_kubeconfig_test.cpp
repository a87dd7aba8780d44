// kubeconfig as kubectl reads it: which files, how they merge, which
// context, relative paths, the -data forms, and errors with positions.

#include <catch2/catch.hpp>

#include <cstdlib>

#include "collectors/k8s/kubeconfig.hpp"
#include "golive/diagnostics.hpp"
#include "golive/secrets.hpp"
#include "temp_dir.hpp"

using namespace golive;
using namespace golive::collectors::k8s;
using golive::test::TempDir;

namespace {

// Sets an environment variable for one test case, restoring it after.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_.empty())
      ::unsetenv(name_);
    else
      ::setenv(name_, old_.c_str(), 1);
  }

 private:
  const char* name_;
  std::string old_;
};

const char* kFirst = R"(apiVersion: v1
kind: Config
current-context: prod
clusters:
- name: aks
  cluster:
    server: https://first.example:6443
    certificate-authority-data: UEVNLUNB
contexts:
- name: prod
  context: {cluster: aks, user: admin, namespace: odoo}
users:
- name: admin
  user:
    token: first-token-123456
)";

const char* kSecond = R"(apiVersion: v1
kind: Config
current-context: staging
clusters:
- name: aks
  cluster: {server: https://second.example:6443}
- name: staging-cluster
  cluster:
    server: https://staging.example
    insecure-skip-tls-verify: true
    tls-server-name: api.staging.internal
contexts:
- name: staging
  context: {cluster: staging-cluster, user: robot}
users:
- name: admin
  user: {token: second-token-000000}
- name: robot
  user:
    client-certificate-data: Q0VSVA==
    client-key-data: S0VZLW1hdGVyaWFs
)";

std::string error_of(const KubeconfigFiles& files, const std::string& context) {
  try {
    load_credentials(files, context);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("KUBECONFIG lists files; the first to define a name wins", "[k8s][kubeconfig]") {
  TempDir dir;
  const auto first = dir.write("first", kFirst);
  const auto second = dir.write("second", kSecond);
  ScopedEnv env("KUBECONFIG", first + ":" + dir.file("missing") + "::" + second);

  const KubeconfigFiles files = kubeconfig_files("", "/somewhere");
  CHECK(files.files == std::vector<std::string>{first, dir.file("missing"), second});
  CHECK_FALSE(files.must_exist);

  const ClusterCredentials current = load_credentials(files, "");
  CHECK(current.context == "prod");  // the first current-context
  CHECK(current.server == "https://first.example:6443");
  CHECK(current.ca_pem == "PEM-CA");
  CHECK(current.token == "first-token-123456");
  CHECK(current.namespace_name == "odoo");
  CHECK_FALSE(current.insecure);

  // The context setting overrides current-context; it may come from any file.
  const ClusterCredentials staging = load_credentials(files, "staging");
  CHECK(staging.server == "https://staging.example");
  CHECK(staging.insecure);
  CHECK(staging.tls_server_name == "api.staging.internal");
  CHECK(staging.client_cert_pem == "CERT");
  CHECK(staging.client_key_pem == "KEY-material");
  CHECK(staging.token.empty());
  CHECK(staging.exec_cluster["insecure-skip-tls-verify"] == true);

  // Every credential is known to the redactor.
  CHECK(redactor().redact("a first-token-123456 b") == "a *** b");
  CHECK(redactor().redact("KEY-material") == "***");
  CHECK(redactor().redact("S0VZLW1hdGVyaWFs") == "***");
}

TEST_CASE("the kubeconfig setting wins and is relative to golive.yaml", "[k8s][kubeconfig]") {
  TempDir dir;
  dir.write("conf/kube.yaml", kFirst);
  ScopedEnv env("KUBECONFIG", dir.file("nothing-here"));
  const KubeconfigFiles files = kubeconfig_files("conf/kube.yaml", dir.path());
  CHECK(files.files == std::vector<std::string>{dir.file("conf/kube.yaml")});
  CHECK(files.must_exist);
  CHECK(load_credentials(files, "").server == "https://first.example:6443");

  const std::string missing = error_of(kubeconfig_files("nope.yaml", dir.path()), "");
  CHECK_THAT(missing, Catch::Contains("nope.yaml"));
}

TEST_CASE("without KUBECONFIG, ~/.kube/config", "[k8s][kubeconfig]") {
  TempDir dir;
  dir.write(".kube/config", kSecond);
  ScopedEnv home("HOME", dir.path());
  ::unsetenv("KUBECONFIG");
  const KubeconfigFiles files = kubeconfig_files("", "");
  REQUIRE(files.files.size() == 1);
  CHECK(files.files[0] == dir.file(".kube/config"));
  CHECK(load_credentials(files, "").context == "staging");
  CHECK(kubeconfig_files("~/x.yaml", "/elsewhere").files[0] == dir.file("x.yaml"));

  ScopedEnv nowhere("HOME", dir.file("empty"));
  CHECK_THAT(error_of(kubeconfig_files("", ""), ""), Catch::Contains("no kubeconfig found"));
}

TEST_CASE("file paths are relative to the kubeconfig that names them", "[k8s][kubeconfig]") {
  TempDir dir;
  dir.write("kube/ca.pem", "CA-FROM-FILE");
  dir.write("kube/client.crt", "CERT-FROM-FILE");
  dir.write("kube/client.key", "KEY-FROM-FILE-abcdef");
  dir.write("kube/token", "token-from-file-xyz\n");
  const auto config = dir.write("kube/config", R"(current-context: c
clusters: [{name: k, cluster: {server: "https://h:6443", certificate-authority: ca.pem}}]
contexts: [{name: c, context: {cluster: k, user: u}}, {name: t, context: {cluster: k, user: t}}]
users:
- {name: u, user: {client-certificate: client.crt, client-key: client.key}}
- {name: t, user: {tokenFile: token}}
)");
  const KubeconfigFiles files{{config}, true, "test"};
  const auto certs = load_credentials(files, "");
  CHECK(certs.ca_pem == "CA-FROM-FILE");
  CHECK(certs.client_cert_pem == "CERT-FROM-FILE");
  CHECK(certs.client_key_pem == "KEY-FROM-FILE-abcdef");
  CHECK(load_credentials(files, "t").token == "token-from-file-xyz");  // newline trimmed
  CHECK(redactor().redact("token-from-file-xyz") == "***");
}

TEST_CASE("exec stanzas are read with the kubeconfig's directory", "[k8s][kubeconfig]") {
  TempDir dir;
  const auto config = dir.write("kube/config", R"(current-context: c
clusters: [{name: k, cluster: {server: "https://h:6443", extensions: [{name: client.authentication.k8s.io/exec, extension: {audience: x}}]}}]
contexts: [{name: c, context: {cluster: k, user: e}}]
users:
- name: e
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ./bin/plugin
      args: [get-token, --server-id, abc]
      env: [{name: AZURE_CLIENT_SECRET, value: s3cret-from-env}, {name: MODE, value: x}]
      provideClusterInfo: true
)");
  const auto credentials = load_credentials({{config}, true, "test"}, "");
  REQUIRE(credentials.exec);
  const ExecConfig& exec = *credentials.exec;
  CHECK(exec.command == "./bin/plugin");
  CHECK(exec.args == std::vector<std::string>{"get-token", "--server-id", "abc"});
  REQUIRE(exec.env.size() == 2);
  CHECK(exec.env[1] == std::pair<std::string, std::string>{"MODE", "x"});
  CHECK(exec.provide_cluster_info);
  CHECK(exec.base_dir == dir.file("kube"));
  CHECK(credentials.exec_cluster["server"] == "https://h:6443");
  CHECK(credentials.exec_cluster["config"]["audience"] == "x");
  CHECK(redactor().redact("s3cret-from-env") == "***");
}

TEST_CASE("kubeconfig mistakes are errors at their position", "[k8s][kubeconfig]") {
  TempDir dir;
  const auto missing_context = dir.write("a", R"(clusters: []
current-context: nope
contexts:
- name: prod
  context: {cluster: aks, user: admin}
)");
  CHECK_THAT(error_of({{missing_context}, true, "t"}, ""),
             Catch::StartsWith(missing_context + ":2:18: error: context 'nope' is not defined") &&
                 Catch::Contains("defined: prod"));
  CHECK_THAT(
      error_of({{missing_context}, true, "t"}, "prd"),
      Catch::Contains("context 'prd' is not defined") && Catch::Contains("did you mean 'prod'"));

  const auto unknown_user = dir.write("b", R"(current-context: c
clusters: [{name: k, cluster: {server: "https://h"}}]
contexts:
- name: c
  context:
    cluster: k
    user: ghost
)");
  CHECK_THAT(error_of({{unknown_user}, true, "t"}, ""),
             Catch::StartsWith(unknown_user + ":7:11: error: user 'ghost' is not defined"));

  const auto bad_yaml = dir.write("c", "clusters: [\n  - {name: x\n");
  CHECK_THAT(error_of({{bad_yaml}, true, "t"}, ""),
             Catch::StartsWith(bad_yaml + ":") && Catch::Contains("invalid YAML"));

  const auto no_current = dir.write("d", "clusters: []\n");
  CHECK_THAT(error_of({{no_current}, true, "t"}, ""), Catch::Contains("no current-context"));

  const auto bad_base64 = dir.write("e", R"(current-context: c
clusters: [{name: k, cluster: {server: "https://h", certificate-authority-data: "not base64!"}}]
contexts: [{name: c, context: {cluster: k}}]
)");
  CHECK_THAT(error_of({{bad_base64}, true, "t"}, ""),
             Catch::Contains(":2:") && Catch::Contains("not valid base64"));

  const auto provider = dir.write("f", R"(current-context: c
clusters: [{name: k, cluster: {server: "https://h"}}]
contexts: [{name: c, context: {cluster: k, user: u}}]
users: [{name: u, user: {auth-provider: {name: azure}}}]
)");
  CHECK_THAT(error_of({{provider}, true, "t"}, ""), Catch::Contains("kubelogin"));

  const auto no_server = dir.write("g", R"(current-context: c
clusters: [{name: k, cluster: {}}]
contexts: [{name: c, context: {cluster: k}}]
)");
  CHECK_THAT(error_of({{no_server}, true, "t"}, ""), Catch::Contains("has no 'server'"));
}
