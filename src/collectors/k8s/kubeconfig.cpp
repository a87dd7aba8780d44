#include "collectors/k8s/kubeconfig.hpp"

#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "golive/diagnostics.hpp"
#include "golive/secrets.hpp"
#include "golive/text.hpp"
#include "golive/yaml.hpp"

namespace golive::collectors::k8s {

namespace fs = std::filesystem;

namespace {

// A named entry (cluster, user, context) and the file that defines it.
struct Entry {
  YAML::Node body;  // the `cluster:` / `user:` / `context:` mapping
  std::string file;
};

struct Merged {
  std::map<std::string, Entry> clusters, users, contexts;
  std::string current_context;
  SourceLocation current_context_at;
  std::vector<std::string> read;  // files actually read
};

std::string base_dir_of(const std::string& file) {
  const fs::path dir = fs::path(file).parent_path();
  return dir.empty() ? "." : dir.string();
}

std::string resolve_path(const std::string& path, const std::string& file) {
  const fs::path p = path;
  return p.is_absolute() ? p.string() : (fs::path(base_dir_of(file)) / p).string();
}

// The string value of `key` in a mapping; "" when absent or null.
std::string string_at(const YAML::Node& map, const char* key, const std::string& file) {
  const YAML::Node node = map[key];
  if (!node || node.IsNull()) return "";
  if (!node.IsScalar())
    throw InputError(location_of(node, file), fmt::format("'{}' must be a string", key));
  return node.Scalar();
}

bool bool_at(const YAML::Node& map, const char* key, const std::string& file) {
  const YAML::Node node = map[key];
  if (!node || node.IsNull()) return false;
  const nlohmann::json value = yaml_to_json(node);
  if (!value.is_boolean())
    throw InputError(location_of(node, file), fmt::format("'{}' must be true or false", key));
  return value.get<bool>();
}

// A PEM given either inline (`<key>-data`, base64) or as a file (`<key>`).
// Like client-go, the -data form wins when both are given.
std::string pem_at(const YAML::Node& map, const std::string& key, const std::string& file) {
  const std::string data_key = key + "-data";
  const std::string data = string_at(map, data_key.c_str(), file);
  if (!data.empty()) {
    auto decoded = base64_decode(data);
    if (!decoded)
      throw InputError(location_of(map[data_key], file),
                       fmt::format("'{}' is not valid base64: give the PEM file's content "
                                   "base64-encoded, or its path as '{}'",
                                   data_key, key));
    return *decoded;
  }
  const std::string path = string_at(map, key.c_str(), file);
  if (path.empty()) return "";
  try {
    return read_file(resolve_path(path, file));
  } catch (const InputError&) {
    throw InputError(location_of(map[key], file),
                     fmt::format("'{}' names a file that cannot be read ({}): check the path "
                                 "(relative paths are relative to this kubeconfig)",
                                 key, resolve_path(path, file)));
  }
}

// Merges one file's named list (clusters, users, contexts): names already
// defined by an earlier file keep their first definition.
void merge_named(const YAML::Node& list, const char* body_key, const std::string& file,
                 std::map<std::string, Entry>& into) {
  if (!list || list.IsNull()) return;
  if (!list.IsSequence())
    throw InputError(location_of(list, file), "must be a list of {name, ...} entries");
  for (const auto& item : list) {
    const std::string name = item.IsMap() ? string_at(item, "name", file) : "";
    if (name.empty())
      throw InputError(location_of(item, file),
                       fmt::format("an entry without a name: give it 'name' and '{}'", body_key));
    YAML::Node body = item[body_key];
    if (body && !body.IsNull() && !body.IsMap())
      throw InputError(location_of(body, file), fmt::format("'{}' must be a mapping", body_key));
    into.try_emplace(name,
                     Entry{body && body.IsMap() ? body : YAML::Node(YAML::NodeType::Map), file});
  }
}

void merge_file(const std::string& file, Merged& merged) {
  const std::string text = read_file(file);
  const auto documents = parse_yaml_documents(text, file);
  merged.read.push_back(file);
  if (documents.empty() || documents.front().IsNull()) return;  // an empty file is allowed
  const YAML::Node doc = documents.front();
  if (!doc.IsMap())
    throw InputError(location_of(doc, file),
                     "a kubeconfig must be a mapping (apiVersion: v1, kind: Config, clusters, "
                     "users, contexts)");
  merge_named(doc["clusters"], "cluster", file, merged.clusters);
  merge_named(doc["users"], "user", file, merged.users);
  merge_named(doc["contexts"], "context", file, merged.contexts);
  const std::string current = string_at(doc, "current-context", file);
  if (merged.current_context.empty() && !current.empty()) {
    merged.current_context = current;
    merged.current_context_at = location_of(doc["current-context"], file);
  }
}

std::vector<std::string> names_of(const std::map<std::string, Entry>& entries) {
  std::vector<std::string> names;
  for (const auto& [name, entry] : entries) names.push_back(name);
  return names;
}

// The entry `name` refers to, or an InputError at `where`.
const Entry& lookup(const std::map<std::string, Entry>& entries, const std::string& name,
                    const char* what, const SourceLocation& where) {
  const auto it = entries.find(name);
  if (it != entries.end()) return it->second;
  const auto names = names_of(entries);
  throw InputError(
      where, fmt::format("{} '{}' is not defined in the kubeconfig{}; defined: {}", what, name,
                         did_you_mean(name, names), names.empty() ? "none" : join(names, ", ")));
}

bool looks_secret(const std::string& name) {
  std::string upper;
  for (char c : name) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const char* word : {"SECRET", "TOKEN", "PASSWORD", "KEY", "CREDENTIAL"})
    if (upper.find(word) != std::string::npos) return true;
  return false;
}

ExecConfig read_exec(const YAML::Node& exec, const std::string& file) {
  ExecConfig config;
  config.api_version = string_at(exec, "apiVersion", file);
  config.command = string_at(exec, "command", file);
  if (config.command.empty())
    throw InputError(location_of(exec, file),
                     "exec needs a 'command' (the credential plugin, e.g. kubelogin)");
  if (const YAML::Node args = exec["args"]; args && !args.IsNull()) {
    if (!args.IsSequence())
      throw InputError(location_of(args, file), "'args' must be a list of strings");
    for (const auto& arg : args) config.args.push_back(arg.Scalar());
  }
  if (const YAML::Node env = exec["env"]; env && !env.IsNull()) {
    if (!env.IsSequence())
      throw InputError(location_of(env, file), "'env' must be a list of {name, value}");
    for (const auto& entry : env) {
      const std::string name = entry.IsMap() ? string_at(entry, "name", file) : "";
      if (name.empty())
        throw InputError(location_of(entry, file), "an 'env' entry needs a 'name' and a 'value'");
      const std::string value = string_at(entry, "value", file);
      if (looks_secret(name)) redactor().add(value);
      config.env.emplace_back(name, value);
    }
  }
  config.provide_cluster_info = bool_at(exec, "provideClusterInfo", file);
  config.interactive_mode = string_at(exec, "interactiveMode", file);
  config.install_hint = string_at(exec, "installHint", file);
  config.base_dir = base_dir_of(file);
  return config;
}

void read_user(const Entry& user, ClusterCredentials& out) {
  const YAML::Node& body = user.body;
  if (const YAML::Node provider = body["auth-provider"]; provider && !provider.IsNull())
    throw InputError(location_of(provider, user.file),
                     "auth-provider is no longer supported by Kubernetes clients: use an exec "
                     "plugin (for AKS: `kubelogin convert-kubeconfig -l azurecli`)");
  out.token = string_at(body, "token", user.file);
  if (out.token.empty()) {
    const std::string token_file = string_at(body, "tokenFile", user.file);
    if (!token_file.empty()) {
      try {
        out.token = read_file(resolve_path(token_file, user.file));
      } catch (const InputError&) {
        throw InputError(location_of(body["tokenFile"], user.file),
                         "'tokenFile' cannot be read: check the path (relative paths are "
                         "relative to this kubeconfig)");
      }
      out.token = trim(out.token);  // as client-go does
    }
  }
  out.client_cert_pem = pem_at(body, "client-certificate", user.file);
  out.client_key_pem = pem_at(body, "client-key", user.file);
  redactor().add(out.token);
  redactor().add(out.client_key_pem);
  redactor().add(string_at(body, "client-key-data", user.file));
  if (const YAML::Node exec = body["exec"]; exec && exec.IsMap())
    out.exec = read_exec(exec, user.file);
}

// ExecCredential spec.cluster: what provideClusterInfo passes to a plugin.
nlohmann::json exec_cluster_of(const Entry& cluster, const ClusterCredentials& credentials) {
  nlohmann::json info = {{"server", credentials.server}};
  if (!credentials.tls_server_name.empty()) info["tls-server-name"] = credentials.tls_server_name;
  if (credentials.insecure) info["insecure-skip-tls-verify"] = true;
  if (!credentials.ca_pem.empty())
    info["certificate-authority-data"] = base64_encode(credentials.ca_pem);
  if (const YAML::Node extensions = cluster.body["extensions"];
      extensions && extensions.IsSequence())
    for (const auto& extension : extensions)
      if (extension.IsMap() && extension["name"] &&
          extension["name"].Scalar() == "client.authentication.k8s.io/exec")
        info["config"] = yaml_to_json(extension["extension"]);
  return info;
}

void read_cluster(const Entry& cluster, const std::string& name, ClusterCredentials& out) {
  out.server = string_at(cluster.body, "server", cluster.file);
  if (out.server.empty())
    throw InputError(location_of(cluster.body, cluster.file),
                     fmt::format("cluster '{}' has no 'server' (the API server's URL, "
                                 "https://host:port)",
                                 name));
  out.ca_pem = pem_at(cluster.body, "certificate-authority", cluster.file);
  out.insecure = bool_at(cluster.body, "insecure-skip-tls-verify", cluster.file);
  out.tls_server_name = string_at(cluster.body, "tls-server-name", cluster.file);
  out.exec_cluster = exec_cluster_of(cluster, out);
}

std::string home_kubeconfig() {
  const char* home = std::getenv("HOME");
  return (fs::path(home ? home : "") / ".kube" / "config").string();
}

}  // namespace

KubeconfigFiles kubeconfig_files(const std::string& setting, const std::string& config_dir) {
  if (!setting.empty()) {
    // `~/` as a shell would expand it: kubectl's --kubeconfig gets it expanded.
    const char* home = std::getenv("HOME");
    const fs::path p = setting.rfind("~/", 0) == 0 && home ? fs::path(home) / setting.substr(2)
                                                           : fs::path(setting);
    return {
        {p.is_relative() && !config_dir.empty() ? (fs::path(config_dir) / p).string() : p.string()},
        true,
        "the kubeconfig setting"};
  }
  if (const char* env = std::getenv("KUBECONFIG"); env && *env) {
    KubeconfigFiles files{{}, false, fmt::format("KUBECONFIG={}", env)};
    std::set<std::string> seen;
    const std::string list = env;
    for (std::size_t start = 0; start <= list.size();) {
      const auto end = std::min(list.find(':', start), list.size());
      const std::string file = list.substr(start, end - start);
      if (!file.empty() && seen.insert(file).second) files.files.push_back(file);
      start = end + 1;
    }
    return files;
  }
  return {{home_kubeconfig()}, false, "~/.kube/config"};
}

ClusterCredentials load_credentials(const KubeconfigFiles& files, const std::string& context) {
  Merged merged;
  for (const auto& file : files.files) {
    std::error_code error;
    if (!files.must_exist && !fs::exists(file, error)) continue;
    merge_file(file, merged);
  }
  if (merged.read.empty())
    throw InputError({files.files.empty() ? "" : files.files.front(), 0, 0},
                     fmt::format("no kubeconfig found (from {}): set 'kubeconfig' in the k8s "
                                 "section of golive.yaml, or KUBECONFIG",
                                 files.origin));
  const SourceLocation file_only{merged.read.front(), 0, 0};
  const std::string name = context.empty() ? merged.current_context : context;
  if (name.empty())
    throw InputError(file_only,
                     "no current-context in the kubeconfig: set 'context' in the k8s section of "
                     "golive.yaml (or run `kubectl config use-context NAME`)");
  const Entry& ctx = lookup(merged.contexts, name, "context",
                            context.empty() ? merged.current_context_at : file_only);
  ClusterCredentials credentials;
  credentials.context = name;
  credentials.namespace_name = string_at(ctx.body, "namespace", ctx.file);
  const auto reference = [&](const char* key) {
    const std::string value = string_at(ctx.body, key, ctx.file);
    if (value.empty())
      throw InputError(location_of(ctx.body, ctx.file),
                       fmt::format("context '{}' names no {}: give it '{}:'", name, key, key));
    return std::pair{value, location_of(ctx.body[key], ctx.file)};
  };
  const auto [cluster_name, cluster_at] = reference("cluster");
  read_cluster(lookup(merged.clusters, cluster_name, "cluster", cluster_at), cluster_name,
               credentials);
  // A context may omit its user: anonymous access (kubectl allows it).
  const std::string user_name = string_at(ctx.body, "user", ctx.file);
  if (!user_name.empty())
    read_user(lookup(merged.users, user_name, "user", location_of(ctx.body["user"], ctx.file)),
              credentials);
  return credentials;
}

}  // namespace golive::collectors::k8s
