#pragma once
// Where odoo.conf comes from: a file (`config_file`), or one key of a
// Kubernetes ConfigMap or Secret (`config_from`), read through the API with
// the kubeconfig as the k8s collector reads it. A Secret's value is
// base64-decoded in memory, parsed, and dropped: only the facts remain.

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "collectors/k8s/api_client.hpp"

namespace golive::collectors::odoo {

struct ConfigSource {
  std::string kind;  // File | ConfigMap | Secret
  std::string path;  // File: resolved against golive.yaml's directory
  std::string namespace_name, name, key;
  std::string kubeconfig, context;  // as the k8s collector's settings
  std::string config_dir;           // golive.yaml's directory, for a relative kubeconfig
};

// A string member of a settings object, or "" (absent, or not a string).
std::string text_of(const nlohmann::json& object, const char* key);

// The source that `settings` (the odoo section, as JSON) name; kind empty
// when neither config_file nor config_from is set.
ConfigSource source_from(const nlohmann::json& settings, const std::string& config_dir);

// `odoo.source`: {kind, path} or {kind, namespace, name, key}.
nlohmann::json source_facts(const ConfigSource& source);

struct ConfigRead {
  std::string status = "ok";  // ok | unreachable | unauthorized
  std::string error;          // why not, redacted
  nlohmann::json config;      // `odoo.config` when read
};

// Reads and parses odoo.conf from the file or the cluster, by `deadline`.
ConfigRead read_config(const ConfigSource& source, std::chrono::steady_clock::time_point deadline,
                       const k8s::HttpTransport& transport = net::http_get);

}  // namespace golive::collectors::odoo
