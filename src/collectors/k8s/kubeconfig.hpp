#pragma once
// kubeconfig, read as kubectl reads it: which files (the `kubeconfig`
// setting, else KUBECONFIG's list, else ~/.kube/config), how several files
// merge (the first file to name a cluster, user or context wins, and the
// first current-context), which context applies (the `context` setting, else
// current-context), and what that context's cluster and user say — server,
// CA, TLS options, token, client certificate, or an exec credential plugin.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace golive::collectors::k8s {

// A users[].user.exec stanza: a command that prints an ExecCredential
// (kubelogin for AKS with Microsoft Entra ID, aws eks get-token, ...).
struct ExecConfig {
  std::string api_version;  // client.authentication.k8s.io/v1 or /v1beta1
  std::string command;      // as written; see resolve_command in exec_credential.hpp
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;  // added to golive's environment
  bool provide_cluster_info = false;
  std::string interactive_mode;  // Never | IfAvailable | Always ("" when not given)
  std::string install_hint;
  std::string base_dir;  // directory of the kubeconfig that defines it
};

struct ClusterCredentials {
  std::string context;          // the context used
  std::string server;           // https://host:port, as written
  std::string ca_pem;           // CA certificates (PEM); empty: the system's trust store
  bool insecure = false;        // insecure-skip-tls-verify: true, only when the kubeconfig says so
  std::string tls_server_name;  // name to verify the certificate against, if not the host's
  std::string token;            // bearer token (token, or tokenFile's content)
  std::string client_cert_pem;  // client certificate and key (PEM), for mutual TLS
  std::string client_key_pem;
  std::optional<ExecConfig> exec;
  std::string namespace_name;  // the context's namespace, if any
  // The cluster as an exec plugin sees it (ExecCredential spec.cluster),
  // for provideClusterInfo.
  nlohmann::json exec_cluster = nlohmann::json::object();
};

// Where the kubeconfig comes from.
struct KubeconfigFiles {
  std::vector<std::string> files;  // in precedence order
  bool must_exist = false;         // the `kubeconfig` setting: a missing file is an error
  std::string origin;              // for messages: "kubeconfig setting", "KUBECONFIG", ...
};

// The files to read: `setting` (relative to `config_dir`) when given, else
// KUBECONFIG (split on ':'; files that do not exist are skipped, as kubectl
// skips them), else $HOME/.kube/config.
KubeconfigFiles kubeconfig_files(const std::string& setting, const std::string& config_dir);

// Reads and merges the files and resolves the context (`context` when not
// empty, else current-context). Relative certificate, key, token-file and
// exec command paths are relative to the file that names them; files are
// read now. Registers every credential (token, key, secret-looking exec
// env values) with the redactor. Throws InputError at file:line:column for
// bad YAML, a missing or unknown context, an unknown cluster or user, bad
// base64, an unreadable certificate file, an auth-provider.
ClusterCredentials load_credentials(const KubeconfigFiles& files, const std::string& context);

}  // namespace golive::collectors::k8s
