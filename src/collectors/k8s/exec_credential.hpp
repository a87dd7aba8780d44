#pragma once
// Exec credential plugins (kubelogin, aws eks get-token, gke-gcloud-auth-
// plugin), run as kubectl runs them: the command with its args, golive's
// environment plus the kubeconfig's env entries and KUBERNETES_EXEC_INFO,
// stdin from /dev/null (never interactive), stdout read as an
// ExecCredential within the deadline.

#include <chrono>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "collectors/k8s/kubeconfig.hpp"

namespace golive::collectors::k8s {

struct ExecCredential {
  std::string token;            // status.token, or
  std::string client_cert_pem;  // status.clientCertificateData + clientKeyData
  std::string client_key_pem;
  std::string expiration;  // status.expirationTimestamp (RFC 3339), "" when not given
};

// The plugin could not give a credential. The message names the command and
// why (its exit status and stderr, redacted); never what it printed on stdout.
class ExecError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The program to run: a command with a '/' that is relative is relative to
// the kubeconfig's directory; a bare name is looked up in PATH.
std::string resolve_command(const ExecConfig& config);

// KUBERNETES_EXEC_INFO: {"apiVersion", "kind": "ExecCredential", "spec":
// {"interactive": false, "cluster": ... (with provideClusterInfo)}}.
std::string exec_info(const ExecConfig& config, const nlohmann::json& cluster);

// Parses a plugin's stdout. Registers the token and key with the redactor.
// Throws ExecError (bad JSON, wrong kind or apiVersion, no credential).
ExecCredential parse_exec_credential(const std::string& output, const ExecConfig& config);

// Runs the plugin and parses what it prints. On the deadline its process
// group is killed. Throws ExecError.
ExecCredential run_exec_plugin(const ExecConfig& config, const nlohmann::json& cluster,
                               std::chrono::steady_clock::time_point deadline);

// When `credentials` name an exec plugin, runs it and puts the token or
// client certificate it gives into them. Throws ExecError.
void apply_exec_plugin(ClusterCredentials& credentials,
                       std::chrono::steady_clock::time_point deadline);

}  // namespace golive::collectors::k8s
