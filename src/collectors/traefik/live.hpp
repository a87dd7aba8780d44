#pragma once
// Collecting from a live Traefik: the API's objects (every page of every
// list), the exposure of the API itself, and the public hosts' certificates.

#include <chrono>

#include "collectors/traefik/api.hpp"
#include "collectors/traefik/settings.hpp"
#include "golive/collector.hpp"

namespace golive::collectors::traefik {

CollectorResult collect_live(const Settings& settings,
                             std::chrono::steady_clock::time_point deadline,
                             const HttpTransport& transport = net::http_get);

// What the snapshot must not carry from the API's objects: the password
// hashes of basicAuth/digestAuth users ("user:<redacted by golive>"), and
// the values of custom headers whose names carry credentials
// (Authorization, Cookie, *token*, *secret*, *key*). In place.
void redact_objects(nlohmann::json& items);

// redact_objects, and in middlewares (http and tcp) every non-empty string
// at or under a setting whose name contains key, secret, token, password,
// passwd or credential (case-insensitive): rateLimit.redis.password, a
// plugin's crowdsecLapiKey. Not Traefik's own settings that merely carry
// such a word (headers.publicKey, headers.accessControlAllowCredentials, a
// tls block's key path), nor plugin names. A PEM private key anywhere
// becomes "<redacted by golive: private key>". In place.
void redact_middlewares(nlohmann::json& items);

}  // namespace golive::collectors::traefik
