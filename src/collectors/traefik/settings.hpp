#pragma once
// The traefik section of golive.yaml: its checks (with positions, before
// anything is collected) and its reading into what the API client and the
// certificate probe need.

#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "collectors/traefik/api.hpp"
#include "collectors/traefik/certificates.hpp"
#include "golive/diagnostics.hpp"

namespace golive::collectors::traefik {

const std::vector<std::string>& setting_keys();

void validate_settings(const YAML::Node& section, const std::string& file, DiagnosticSink& sink);

// Why `url` cannot be the API's base (not http:// or https://, or with
// user-info: credentials belong in basic_auth or token, where the redactor
// knows them), and the offset in `url` to point at; nullopt when it can.
// The message never repeats the URL. Checked on golive.yaml's text, and on
// the value a reference resolves to when collecting.
struct UrlProblem {
  std::string message;
  std::size_t offset = 0;
};
std::optional<UrlProblem> url_problem(const std::string& url);

struct Settings {
  ApiAccess access;
  std::vector<HostPort> public_hosts;
};

// From the section as JSON, references already resolved; relative paths
// are relative to `config_dir`.
Settings settings_from(const nlohmann::json& section, const std::string& config_dir);

}  // namespace golive::collectors::traefik
