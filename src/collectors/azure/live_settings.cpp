// The live Azure settings: their checks (types and values, with positions,
// before anything is collected) and their reading into LiveOptions.

#include <filesystem>

#include <fmt/format.h>

#include "collectors/azure/credentials.hpp"
#include "collectors/azure/live.hpp"
#include "golive/collector.hpp"
#include "golive/collector_settings.hpp"
#include "golive/secrets.hpp"
#include "golive/text.hpp"
#include "golive/yaml.hpp"

namespace golive::collectors {

namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kClouds = {"AzureCloud", "AzureUSGovernment", "AzureChinaCloud"};
const std::vector<std::string> kCredentials = {
    "auto", "environment", "workload_identity", "managed_identity", "azure_cli", "token"};

bool is_text(const YAML::Node& node) {
  return node.IsScalar() && !node.Scalar().empty();
}

bool is_text_list(const YAML::Node& node) {
  if (is_text(node)) return true;
  if (!node.IsSequence() || node.size() == 0) return false;
  for (const auto& item : node)
    if (!is_text(item)) return false;
  return true;
}

void check_choice(const YAML::Node& node, const char* key, const std::vector<std::string>& choices,
                  const std::string& file, DiagnosticSink& sink) {
  if (!node) return;
  if (is_text(node))
    for (const auto& choice : choices)
      if (to_lower(choice) == to_lower(node.Scalar())) return;
  const std::string hint = is_text(node) ? did_you_mean(node.Scalar(), choices) : "";
  sink.error(location_of(node, file),
             fmt::format("'{}' must be one of {}{}", key, join(choices, ", "), hint));
}

void check_url(const YAML::Node& node, const char* key, const std::string& file,
               DiagnosticSink& sink) {
  if (node && !(is_text(node) && node.Scalar().rfind("https://", 0) == 0))
    sink.error(location_of(node, file), fmt::format("'{}' must be an https:// URL (e.g. {})", key,
                                                    std::string(key) == "authority"
                                                        ? "https://login.microsoftonline.us"
                                                        : "https://management.usgovcloudapi.net"));
}

void check_tags(const YAML::Node& tags, const std::string& file, DiagnosticSink& sink) {
  bool ok = tags.IsMap();
  for (const auto& tag : tags) ok = ok && is_text(tag.first) && tag.second.IsScalar();
  if (!ok)
    sink.error(location_of(tags, file),
               "'tags' must map tag names to values (e.g. {environment: prod}); a resource must "
               "carry each");
}

void check_managed_identity(const YAML::Node& node, const std::string& file, DiagnosticSink& sink) {
  if (!node.IsMap()) {
    sink.error(location_of(node, file),
               "'managed_identity' must be a mapping with 'client_id' and/or 'endpoint'");
    return;
  }
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    if (key != "client_id" && key != "endpoint")
      sink.error(location_of(entry.first, file),
                 fmt::format("'managed_identity' has no setting '{}'{}", key,
                             did_you_mean(key, {"client_id", "endpoint"})));
    else if (!is_text(entry.second))
      sink.error(location_of(entry.second, file), fmt::format("'{}' must be a string", key));
  }
}

}  // namespace

void validate_azure_live(const YAML::Node& section, const std::string& file, DiagnosticSink& sink) {
  if (!section["subscriptions"])
    sink.error(location_of(section, file),
               "'subscriptions' is required to read Azure Resource Manager (a subscription id or "
               "a list of them); or give 'exports' to read exported resources");
  else if (!is_text_list(section["subscriptions"]))
    sink.error(location_of(section["subscriptions"], file),
               "'subscriptions' must be a subscription id or a non-empty list of them");
  if (const YAML::Node groups = section["resource_groups"]; groups && !is_text_list(groups))
    sink.error(location_of(groups, file),
               "'resource_groups' must be a resource group name or a non-empty list of them");
  if (const YAML::Node tags = section["tags"]) check_tags(tags, file, sink);
  check_choice(section["cloud"], "cloud", kClouds, file, sink);
  check_choice(section["credential"], "credential", kCredentials, file, sink);
  check_url(section["authority"], "authority", file, sink);
  check_url(section["resource_manager"], "resource_manager", file, sink);
  if (const YAML::Node token_env = section["token_env"]) {
    if (!is_text(token_env) || !is_identifier(token_env.Scalar()))
      sink.error(location_of(token_env, file),
                 "'token_env' must name an environment variable (e.g. AZURE_ACCESS_TOKEN)");
    else if (!section["credential"] || section["credential"].Scalar() != "token")
      sink.error(location_of(token_env, file), "'token_env' goes with 'credential: token'");
  }
  if (const YAML::Node mi = section["managed_identity"]) check_managed_identity(mi, file, sink);
  if (const YAML::Node ca = section["ca_file"]) {
    if (!is_text(ca))
      sink.error(location_of(ca, file), "'ca_file' must be a path (PEM certificates)");
    else if (!fs::exists(config_path(ca.Scalar(), fs::path(file).parent_path().string())))
      sink.error(location_of(ca, file), fmt::format("'ca_file' {} does not exist", ca.Scalar()));
  }
}

CollectorResult collect_azure_live(const CollectorRequest& request) {
  const auto deadline = stop_before(request.deadline);
  nlohmann::json settings = request.settings;
  if (settings.contains("ca_file") && settings["ca_file"].is_string())
    settings["ca_file"] = config_path(settings["ca_file"].get<std::string>(), request.config_dir);
  azure::LiveOptions options;
  options.subscriptions = string_list(settings.value("subscriptions", nlohmann::json()));
  options.resource_groups = string_list(settings.value("resource_groups", nlohmann::json()));
  if (settings.contains("tags") && settings["tags"].is_object())
    for (const auto& [name, value] : settings["tags"].items())
      options.tags[name] = value.is_string() ? value.get<std::string>() : value.dump();
  options.endpoints = azure::cloud_endpoints(settings);
  options.ca_file = settings.value("ca_file", std::string());
  const auto credential = azure::make_credential(settings, options.endpoints);
  azure::LiveResult live = azure::collect_live(options, *credential, deadline);
  CollectorResult result;
  result.status = live.status;
  result.error = redactor().redact(live.error);
  result.facts["azure"] = std::move(live.facts);
  return result;
}

}  // namespace golive::collectors
