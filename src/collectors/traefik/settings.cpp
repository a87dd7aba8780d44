#include "collectors/traefik/settings.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "golive/collector_settings.hpp"
#include "golive/secrets.hpp"
#include "golive/yaml.hpp"

namespace golive::collectors::traefik {

namespace {

namespace fs = std::filesystem;

bool is_text(const YAML::Node& node) {
  return node.IsScalar() && !node.Scalar().empty();
}

void check_url(const YAML::Node& url, const std::string& file, DiagnosticSink& sink) {
  if (!url) return;
  const std::string text = is_text(url) ? url.Scalar() : "";
  // A reference holding the whole URL is checked when collecting, once
  // resolved; user-info written around a reference is refused here.
  if (has_reference(text) && text.rfind("http://", 0) != 0 && text.rfind("https://", 0) != 0)
    return;
  if (const auto problem = url_problem(text))
    sink.error(problem->offset == 0 ? location_of(url, file)
                                    : location_in_scalar(url, file, problem->offset),
               problem->message);
}

void check_basic_auth(const YAML::Node& auth, const std::string& file, DiagnosticSink& sink) {
  if (!auth.IsMap()) {
    sink.error(location_of(auth, file),
               "'basic_auth' must be a mapping: {username: NAME, password: ${env:NAME}}");
    return;
  }
  check_keys(auth, file, "'basic_auth'", {"username", "password"}, {"username", "password"}, sink);
  for (const char* key : {"username", "password"})
    if (auth[key]) scalar_string(auth[key], file, key, sink);
}

void check_public_hosts(const YAML::Node& hosts, const std::string& file, DiagnosticSink& sink) {
  if (!hosts.IsSequence() || hosts.size() == 0) {
    sink.error(location_of(hosts, file),
               "'public_hosts' must be a non-empty list of host or host:port (e.g. "
               "[erp.example.com, shop.example.com:443])");
    return;
  }
  for (const auto& host : hosts)
    if (!is_text(host) || !parse_host_port(host.Scalar()))
      sink.error(location_of(host, file),
                 "each of 'public_hosts' must be host or host:port, port 1-65535 (e.g. "
                 "erp.example.com or shop.example.com:443)");
}

// Typed as the collector reads it (yaml_to_json): a quoted "50" is text,
// which would only fail when collecting.
void check_page_size(const YAML::Node& node, const std::string& file, DiagnosticSink& sink) {
  const nlohmann::json value = yaml_to_json(node);
  if (!value.is_number_integer() || value.get<long long>() < 1 || value.get<long long>() > 10000)
    sink.error(location_of(node, file),
               "'page_size' must be a whole number from 1 to 10000, unquoted");
}

void check_ca_file(const YAML::Node& ca, const std::string& file, DiagnosticSink& sink) {
  if (!is_text(ca))
    sink.error(location_of(ca, file), "'ca_file' must be a path (PEM certificates)");
  else if (!fs::exists(config_path(ca.Scalar(), fs::path(file).parent_path().string())))
    sink.error(location_of(ca, file), fmt::format("'ca_file' {} does not exist", ca.Scalar()));
}

std::string text(const nlohmann::json& section, const char* key) {
  const auto it = section.find(key);
  if (it == section.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

}  // namespace

std::optional<UrlProblem> url_problem(const std::string& url) {
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
    return UrlProblem{
        "'url' must be the base URL of Traefik's API, http:// or https:// (e.g. "
        "https://traefik.internal:8080 or http://127.0.0.1:9000)",
        0};
  const std::size_t host = url.find("://") + 3;
  const std::size_t at = url.substr(0, url.find_first_of("/?#", host)).find('@', host);
  if (at != std::string::npos)
    return UrlProblem{
        "'url' must not hold a user, password or token (user:pass@ or token@): give them "
        "in 'basic_auth' or 'token', as ${env:NAME} or ${file:PATH}",
        host};
  return std::nullopt;
}

const std::vector<std::string>& setting_keys() {
  static const std::vector<std::string> keys = {
      "url", "basic_auth", "token", "ca_file", "insecure_skip_verify", "public_hosts", "page_size"};
  return keys;
}

void validate_settings(const YAML::Node& section, const std::string& file, DiagnosticSink& sink) {
  check_url(section["url"], file, sink);
  if (const YAML::Node auth = section["basic_auth"]) check_basic_auth(auth, file, sink);
  if (const YAML::Node token = section["token"]) {
    scalar_string(token, file, "token", sink);
    if (section["basic_auth"])
      sink.error(location_of(token, file), "give 'basic_auth' or 'token', not both");
  }
  if (const YAML::Node ca = section["ca_file"]) check_ca_file(ca, file, sink);
  // A YAML 1.2 boolean: yes/on or a quoted "true" are text to the collector.
  if (const YAML::Node insecure = section["insecure_skip_verify"];
      insecure && !yaml_to_json(insecure).is_boolean())
    sink.error(location_of(insecure, file),
               "'insecure_skip_verify' must be true or false, unquoted");
  if (const YAML::Node hosts = section["public_hosts"]) check_public_hosts(hosts, file, sink);
  if (const YAML::Node size = section["page_size"]) check_page_size(size, file, sink);
}

Settings settings_from(const nlohmann::json& section, const std::string& config_dir) {
  Settings settings;
  ApiAccess& access = settings.access;
  access.url = text(section, "url");
  while (!access.url.empty() && access.url.back() == '/') access.url.pop_back();
  if (section.contains("basic_auth") && section["basic_auth"].is_object()) {
    access.username = text(section["basic_auth"], "username");
    access.password = text(section["basic_auth"], "password");
  }
  access.token = text(section, "token");
  const std::string ca_file = text(section, "ca_file");
  if (!ca_file.empty()) access.tls.ca_file = config_path(ca_file, config_dir);
  access.tls.insecure = section.value("insecure_skip_verify", false);
  access.page_size = section.value("page_size", 100);
  for (const auto& host : string_list(section.value("public_hosts", nlohmann::json())))
    if (const auto parsed = parse_host_port(host)) settings.public_hosts.push_back(*parsed);
  return settings;
}

}  // namespace golive::collectors::traefik
