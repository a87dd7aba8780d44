#include "collectors/k8s/exec_credential.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "golive/process.hpp"
#include "golive/secrets.hpp"
#include "golive/text.hpp"

namespace golive::collectors::k8s {

namespace {

using Clock = std::chrono::steady_clock;

bool supported_api_version(const std::string& api_version) {
  return api_version == "client.authentication.k8s.io/v1" ||
         api_version == "client.authentication.k8s.io/v1beta1";
}

std::string seconds_text(Clock::duration d) {
  return fmt::format("{:.1f}s", std::chrono::duration<double>(d).count());
}

}  // namespace

std::string resolve_command(const ExecConfig& config) {
  const std::filesystem::path command = config.command;
  if (config.command.find('/') == std::string::npos || command.is_absolute()) return config.command;
  // Absolute: a normalised "./plugin" would lose its '/' and be looked up in PATH.
  return std::filesystem::absolute(std::filesystem::path(config.base_dir) / command)
      .lexically_normal()
      .string();
}

std::string exec_info(const ExecConfig& config, const nlohmann::json& cluster) {
  nlohmann::json info = {{"apiVersion", config.api_version},
                         {"kind", "ExecCredential"},
                         {"spec", {{"interactive", false}}}};
  if (config.provide_cluster_info) info["spec"]["cluster"] = cluster;
  return info.dump();
}

ExecCredential parse_exec_credential(const std::string& output, const ExecConfig& config) {
  const auto fail = [&](const std::string& why) {
    return ExecError(fmt::format("exec plugin '{}' {}", config.command, why));
  };
  nlohmann::json json = nlohmann::json::parse(output, nullptr, false);
  if (json.is_discarded() || !json.is_object())
    throw fail("did not print an ExecCredential (its output is not a JSON object)");
  if (json.value("kind", "") != "ExecCredential")
    throw fail("printed JSON that is not an ExecCredential (kind is not ExecCredential)");
  const std::string api_version = json.value("apiVersion", "");
  if (api_version != config.api_version)
    throw fail(fmt::format("answered with apiVersion '{}' where the kubeconfig asks for '{}'",
                           api_version, config.api_version));
  const nlohmann::json status = json.value("status", nlohmann::json::object());
  if (!status.is_object()) throw fail("printed an ExecCredential without a status");
  ExecCredential credential;
  const auto text = [&](const char* key) {
    const auto it = status.find(key);
    return it != status.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  credential.token = text("token");
  credential.client_cert_pem = text("clientCertificateData");
  credential.client_key_pem = text("clientKeyData");
  credential.expiration = text("expirationTimestamp");
  redactor().add(credential.token);
  redactor().add(credential.client_key_pem);
  const bool has_certificate =
      !credential.client_cert_pem.empty() && !credential.client_key_pem.empty();
  if (credential.token.empty() && !has_certificate)
    throw fail(
        "printed an ExecCredential with neither status.token nor status.clientCertificateData "
        "and status.clientKeyData");
  return credential;
}

ExecCredential run_exec_plugin(const ExecConfig& config, const nlohmann::json& cluster,
                               Clock::time_point deadline) {
  if (!supported_api_version(config.api_version))
    throw ExecError(
        fmt::format("exec plugin '{}': apiVersion '{}' is not supported: use "
                    "client.authentication.k8s.io/v1 (or v1beta1)",
                    config.command, config.api_version));
  if (config.interactive_mode == "Always")
    throw ExecError(fmt::format(
        "exec plugin '{}' has interactiveMode: Always, but golive runs plugins without a "
        "terminal: use a non-interactive login (for kubelogin: -l azurecli, workloadidentity or "
        "spn)",
        config.command));
  const auto start = Clock::now();
  auto env = config.env;
  env.emplace_back("KUBERNETES_EXEC_INFO", exec_info(config, cluster));
  std::vector<std::string> argv = {resolve_command(config)};
  argv.insert(argv.end(), config.args.begin(), config.args.end());
  std::optional<ProcessOutput> output;
  try {
    output = run_process(argv, env, deadline);
  } catch (const ProcessStartError& e) {
    std::string message =
        fmt::format("exec plugin '{}' could not be started: {}", config.command, e.what());
    if (!config.install_hint.empty()) message += " (" + config.install_hint + ")";
    throw ExecError(message);
  }
  if (!output)
    throw ExecError(fmt::format("exec plugin '{}' did not finish within {} (timeout)",
                                config.command, seconds_text(Clock::now() - start)));
  if (output->status != 0) {
    const std::string excerpt = stderr_excerpt(output->err);
    throw ExecError(fmt::format("exec plugin '{}' exited with status {}{}{}", config.command,
                                output->status, excerpt.empty() ? "" : ": ", excerpt));
  }
  return parse_exec_credential(output->out, config);
}

void apply_exec_plugin(ClusterCredentials& credentials,
                       std::chrono::steady_clock::time_point deadline) {
  if (!credentials.exec) return;
  auto credential = run_exec_plugin(*credentials.exec, credentials.exec_cluster, deadline);
  credentials.token = std::move(credential.token);
  credentials.client_cert_pem = std::move(credential.client_cert_pem);
  credentials.client_key_pem = std::move(credential.client_key_pem);
}

}  // namespace golive::collectors::k8s
