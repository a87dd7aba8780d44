#pragma once
// A Redis target's settings: checked in golive.yaml (with positions, before
// anything runs) and read again at collection time, once ${env:}/${file:}
// references are resolved.
//
//   targets:
//     odoo-sessions:
//       url: rediss://redis.internal:6380/0
//       role: session                    # queue | cache | session
//       username: golive                 # ACL user (Redis 6+), optional
//       password: ${env:REDIS_PASSWORD}  # optional
//       ca_file: ca.pem                  # TLS: optional, default the system's CAs
//       cert_file: client.pem            # TLS client certificate, with key_file
//       key_file: client.key
//       server_name: redis.internal      # TLS: SNI and verified name

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "collectors/redis/redis_url.hpp"
#include "golive/diagnostics.hpp"
#include "net/tls.hpp"

namespace golive::collectors::redis {

// The keys a target may hold, and the roles it may declare.
const std::vector<std::string>& target_keys();
const std::vector<std::string>& roles();

// Checks one target's values (the keys themselves are checked by
// validate_targets): the URL, no literal password in it, the role, TLS
// files that belong together.
void validate_target(const YAML::Node& target, const std::string& file, DiagnosticSink& sink);

struct Target {
  RedisUrl url;
  std::string role;  // empty when not declared
  // The Azure cache this is (name or resource id), when its host name does
  // not say (golive/source_links.hpp); empty when not given.
  std::string azure_resource;
  std::string username;
  std::string password;
  net::TlsOptions tls;  // enabled for rediss://; files made absolute

  bool has_credentials() const { return !password.empty(); }
};

// The target as the probe uses it, from its resolved settings; relative file
// paths are taken from config_dir. Throws UrlError for a URL that a
// reference turned invalid.
Target target_from(const nlohmann::json& settings, const std::string& config_dir);

}  // namespace golive::collectors::redis
