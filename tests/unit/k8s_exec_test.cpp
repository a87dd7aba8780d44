// Exec credential plugins, run as kubectl runs them, with tiny /bin/sh
// scripts in a scratch directory standing in for kubelogin.

#include <catch2/catch.hpp>

#include <signal.h>

#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "collectors/k8s/exec_credential.hpp"
#include "golive/secrets.hpp"
#include "golive/text.hpp"
#include "temp_dir.hpp"

using namespace golive;
using namespace golive::collectors::k8s;
using golive::test::TempDir;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kV1 = "client.authentication.k8s.io/v1";

// A plugin that records what it got, then prints `output` and exits `status`.
ExecConfig plugin(const TempDir& dir, const std::string& output, int status = 0,
                  const std::string& before = "") {
  dir.write("bin/plugin",
            "#!/bin/sh\n"
            "printf '%s' \"$KUBERNETES_EXEC_INFO\" > \"$RECORD_DIR/info.json\"\n"
            "printf '%s|%s|%s' \"$1\" \"$2\" \"$EXTRA\" > \"$RECORD_DIR/args\"\n" +
                before + "cat <<'JSON'\n" + output + "\nJSON\nexit " + std::to_string(status) +
                "\n",
            true);
  ExecConfig config;
  config.api_version = kV1;
  config.command = "./bin/plugin";  // relative, with a '/': relative to the kubeconfig
  config.args = {"get-token", "--login"};
  config.env = {{"EXTRA", "from-kubeconfig"}, {"RECORD_DIR", dir.path()}};
  config.base_dir = dir.path();
  return config;
}

std::string token_credential(const std::string& api_version = kV1) {
  return nlohmann::json{
      {"apiVersion", api_version},
      {"kind", "ExecCredential"},
      {"status",
       {{"token", "exec-token-0123456789"}, {"expirationTimestamp", "2030-01-01T00:00:00Z"}}}}
      .dump();
}

std::string error_of(const ExecConfig& config, std::chrono::milliseconds budget = 10s) {
  try {
    run_exec_plugin(config, {{"server", "https://h:6443"}}, Clock::now() + budget);
  } catch (const ExecError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("an exec plugin's token, with KUBERNETES_EXEC_INFO and env", "[k8s][exec]") {
  TempDir dir;
  ExecConfig config = plugin(dir, token_credential());
  const auto credential =
      run_exec_plugin(config, {{"server", "https://h:6443"}}, Clock::now() + 10s);
  CHECK(credential.token == "exec-token-0123456789");
  CHECK(credential.expiration == "2030-01-01T00:00:00Z");
  CHECK(redactor().redact("exec-token-0123456789") == "***");

  CHECK(read_file(dir.file("args")) == "get-token|--login|from-kubeconfig");
  const auto info = nlohmann::json::parse(read_file(dir.file("info.json")));
  CHECK(info["apiVersion"] == kV1);
  CHECK(info["kind"] == "ExecCredential");
  CHECK(info["spec"]["interactive"] == false);
  CHECK_FALSE(info["spec"].contains("cluster"));

  config.provide_cluster_info = true;
  run_exec_plugin(config, {{"server", "https://h:6443"}}, Clock::now() + 10s);
  CHECK(nlohmann::json::parse(read_file(dir.file("info.json")))["spec"]["cluster"]["server"] ==
        "https://h:6443");
}

TEST_CASE("an exec plugin's client certificate (v1beta1)", "[k8s][exec]") {
  TempDir dir;
  const std::string output =
      nlohmann::json{
          {"apiVersion", "client.authentication.k8s.io/v1beta1"},
          {"kind", "ExecCredential"},
          {"status", {{"clientCertificateData", "CERT-PEM"}, {"clientKeyData", "KEY-PEM-secret"}}}}
          .dump();
  ExecConfig config = plugin(dir, output);
  config.api_version = "client.authentication.k8s.io/v1beta1";
  const auto credential = run_exec_plugin(config, {}, Clock::now() + 10s);
  CHECK(credential.token.empty());
  CHECK(credential.client_cert_pem == "CERT-PEM");
  CHECK(credential.client_key_pem == "KEY-PEM-secret");
}

TEST_CASE("commands: a bare name is looked up in PATH, a relative path is not", "[k8s][exec]") {
  ExecConfig config;
  config.base_dir = "/etc/kube";
  config.command = "kubelogin";
  CHECK(resolve_command(config) == "kubelogin");
  config.command = "./bin/kubelogin";
  CHECK(resolve_command(config) == "/etc/kube/bin/kubelogin");
  config.base_dir = ".";
  config.command = "./kubelogin";
  CHECK(resolve_command(config) == (std::filesystem::current_path() / "kubelogin").string());
  config.command = "/usr/local/bin/kubelogin";
  CHECK(resolve_command(config) == "/usr/local/bin/kubelogin");
}

TEST_CASE("exec plugin failures name the command, never the token", "[k8s][exec]") {
  TempDir dir;
  SECTION("non-zero exit keeps stderr") {
    const auto error = error_of(plugin(dir, token_credential(), 3,
                                       "echo 'AADSTS700082: the refresh token has expired' >&2\n"));
    CHECK_THAT(error, Catch::StartsWith("exec plugin './bin/plugin' exited with status 3: "
                                        "AADSTS700082: the refresh token has expired"));
    CHECK_THAT(error, !Catch::Contains("exec-token"));
  }
  SECTION("bad JSON") {
    CHECK_THAT(error_of(plugin(dir, "token: not json")),
               Catch::Contains("did not print an ExecCredential"));
  }
  SECTION("apiVersion mismatch") {
    CHECK_THAT(error_of(plugin(dir, token_credential("client.authentication.k8s.io/v1beta1"))),
               Catch::Contains("answered with apiVersion 'client.authentication.k8s.io/v1beta1' "
                               "where the kubeconfig asks for 'client.authentication.k8s.io/v1'"));
  }
  SECTION("no credential") {
    CHECK_THAT(error_of(plugin(dir, R"({"apiVersion":"client.authentication.k8s.io/v1",)"
                                    R"("kind":"ExecCredential","status":{}})")),
               Catch::Contains("neither status.token"));
  }
  SECTION("not found") {
    ExecConfig config = plugin(dir, "");
    config.command = "golive-no-such-plugin";
    config.install_hint = "install it with apt";
    CHECK_THAT(error_of(config), Catch::Contains("'golive-no-such-plugin' could not be started") &&
                                     Catch::Contains("install it with apt"));
  }
  SECTION("unsupported apiVersion, interactive only") {
    ExecConfig config = plugin(dir, token_credential());
    config.api_version = "client.authentication.k8s.io/v1alpha1";
    CHECK_THAT(error_of(config), Catch::Contains("is not supported"));
    config.api_version = kV1;
    config.interactive_mode = "Always";
    CHECK_THAT(error_of(config), Catch::Contains("interactiveMode: Always"));
  }
  SECTION("timeout kills the plugin and what it started") {
    const auto start = Clock::now();
    const auto error = error_of(
        plugin(dir, token_credential(), 0, "echo $$ > \"$RECORD_DIR/pid\"\n(sleep 5) &\nsleep 5\n"),
        400ms);
    CHECK_THAT(error, Catch::StartsWith("exec plugin './bin/plugin' did not finish within") &&
                          Catch::EndsWith("(timeout)"));
    CHECK(Clock::now() - start < 3s);
    // Its process group (the plugin is its leader) is gone, children too,
    // once the orphans are reaped.
    const pid_t group = std::stoi(read_file(dir.file("pid")));
    bool gone = false;
    for (int i = 0; i < 200 && !gone; ++i) {
      gone = ::kill(-group, 0) != 0;
      if (!gone) std::this_thread::sleep_for(10ms);
    }
    CHECK(gone);
  }
}
