#include "collectors/traefik/live.hpp"

#include <initializer_list>

#include <fmt/format.h>

#include "golive/secrets.hpp"
#include "golive/sensitive.hpp"
#include "golive/text.hpp"
#include "net/socket.hpp"

namespace golive::collectors::traefik {

namespace {

struct ListEndpoint {
  const char* path;
  const char* key;  // a JSON pointer under facts.traefik
  // A 404 means this Traefik does not have the endpoint (TCP middlewares
  // came in v2.5, UDP in v2.3), hence none of its objects: an empty list.
  bool absent_in_older_versions;
  bool middlewares = false;  // settings redacted by name (redact_middlewares)
};

constexpr ListEndpoint kLists[] = {
    {"/api/entrypoints", "/entrypoints", false},
    {"/api/http/routers", "/routers", false},
    {"/api/http/services", "/services", false},
    {"/api/http/middlewares", "/middlewares", false, true},
    {"/api/tcp/routers", "/tcp/routers", false},
    {"/api/tcp/services", "/tcp/services", false},
    {"/api/tcp/middlewares", "/tcp/middlewares", true, true},
    {"/api/udp/routers", "/udp/routers", true},
    {"/api/udp/services", "/udp/services", true},
};

// "tcp.routers" from "/tcp/routers": how `unavailable` and errors name a key.
std::string key_name(std::string_view pointer) {
  std::string name(pointer.substr(1));
  for (auto& c : name)
    if (c == '/') c = '.';
  return name;
}

// Whether `name`, ignoring case, contains one of `words`.
bool mentions(const std::string& name, std::initializer_list<const char*> words) {
  const std::string lower = to_lower(name);
  for (const char* word : words)
    if (lower.find(word) != std::string::npos) return true;
  return false;
}

// A header that carries a credential.
bool looks_secret(const std::string& header) {
  return mentions(header, {"authorization", "cookie", "token", "secret", "key", "password"});
}

void redact_users(nlohmann::json& auth) {
  if (!auth.is_object() || !auth.contains("users") || !auth["users"].is_array()) return;
  for (auto& user : auth["users"]) {
    if (!user.is_string()) continue;
    const std::string text = user.get<std::string>();
    user = text.substr(0, text.find(':')) + ":" + std::string(kRedacted);
  }
}

void redact_headers(nlohmann::json& headers) {
  if (!headers.is_object()) return;
  for (const char* block : {"customRequestHeaders", "customResponseHeaders"}) {
    if (!headers.contains(block) || !headers[block].is_object()) continue;
    for (auto it = headers[block].begin(); it != headers[block].end(); ++it)
      if (looks_secret(it.key()) && it->is_string() && !it->get<std::string>().empty())
        *it = std::string(kRedacted);
  }
}

// A middleware setting whose name says it holds a credential: Traefik's
// rateLimit.redis.password, a plugin's crowdsecLapiKey or captchaSecretKey.
bool secret_setting(const std::string& key) {
  return mentions(key, {"key", "secret", "token", "password", "passwd", "credential"});
}

// Traefik's own settings whose names contain such a word but that hold no
// secret: headers.publicKey (an HPKP pin), headers.accessControlAllowCredentials
// (a boolean), and the `key` of a `tls` block (forwardAuth.tls,
// rateLimit.redis.tls: a file path; a PEM key written inline is caught by
// its armour).
bool traefik_non_secret(std::string_view parent, std::string_view key) {
  return key == "publicKey" || key == "accessControlAllowCredentials" ||
         (parent == "tls" && key == "key");
}

// Every non-empty string at or under a secret-looking setting becomes the
// marker; a PEM private key anywhere becomes the private-key marker. The
// keys of `plugin` are plugin names (a "jwt-token" plugin), not settings.
void redact_settings(nlohmann::json& value, std::string_view parent, bool secret) {
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (holds_private_key(text))
      value = std::string(kRedactedPrivateKey);
    else if (secret && !text.empty() && text != kRedacted)
      value = std::string(kRedacted);
  } else if (value.is_array()) {
    for (auto& item : value) redact_settings(item, parent, secret);
  } else if (value.is_object()) {
    for (auto& [key, child] : value.items())
      redact_settings(child, key,
                      secret || (parent != "plugin" && secret_setting(key) &&
                                 !traefik_non_secret(parent, key)));
  }
}

// Every string once more through Traefik's own credentials (password,
// token, Basic header value): one that an object happens to quote never
// reaches the snapshot. Not the process-wide redactor: another collector's
// secret (odoo.conf's db_password "odoo") must not rewrite router names.
void redact_strings(nlohmann::json& value, const Redactor& secrets) {
  if (value.is_string())
    value = secrets.redact(value.get<std::string>());
  else if (value.is_structured())
    for (auto& item : value) redact_strings(item, secrets);
}

struct Collected {
  std::string status = "ok";
  std::vector<std::string> errors;
};

// What GET /api/version without the credentials tells of their enforcement:
// refused (401, 403), redirected (3xx: a forwardAuth sending to a login) or
// answered (2xx). Any other status (404, 5xx: a proxy in front failing)
// tells nothing.
bool tells_enforcement(long status) {
  return status == 401 || status == 403 || (status >= 200 && status < 400);
}

// {url, credentials, anonymous_status?}; `unclear` says why the anonymous
// status, if any, tells nothing (empty when it does).
nlohmann::json api_exposure(const ApiClient& client, const ApiResponse& version,
                            std::string& unclear) {
  nlohmann::json exposure = {{"url", client.access().url},
                             {"credentials", client.access().has_credentials()}};
  if (!client.access().has_credentials()) {
    exposure["anonymous_status"] = version.http_status;
    return exposure;
  }
  // No answer (connection, TLS, timeout) says nothing about exposure: the
  // status stays absent (the rule unknown). A status that tells nothing is
  // kept, with the reason beside it (the rule unknown as well).
  const ApiResponse anonymous = client.get("/api/version", false);
  if (anonymous.http_status == 0) {
    unclear = "no answer to GET /api/version without the credentials: " + anonymous.error;
    return exposure;
  }
  exposure["anonymous_status"] = anonymous.http_status;
  if (!tells_enforcement(anonymous.http_status))
    unclear = fmt::format(
        "without the credentials, {}: neither a refusal (401, 403, a redirect) nor an answer "
        "(2xx), it tells nothing of their enforcement",
        anonymous.error);
  return exposure;
}

// Nothing of the API could be read: every key it gives is unavailable.
void fail_all(nlohmann::json& unavailable, Collected& collected, std::string status,
              const std::string& error) {
  collected.status = std::move(status);
  collected.errors.push_back(error);
  unavailable["version"] = unavailable["overview"] = error;
  for (const auto& list : kLists) unavailable[key_name(list.key)] = error;
}

void read_api(const ApiClient& client, nlohmann::json& facts, Collected& collected) {
  nlohmann::json& unavailable = facts["unavailable"];
  // golive.yaml's own text was checked when loaded: only a reference can
  // make the URL unusable here. Nothing is sent to it.
  if (const auto problem = url_problem(client.access().url))
    return fail_all(unavailable, collected, "unreachable",
                    "the url, once its references are resolved: " + problem->message);
  const ApiResponse version = client.get("/api/version");
  if (!version.ok()) {
    std::string error = version.error;
    if (version.status == ApiStatus::not_found)
      error +=
          " (is 'url' the base of Traefik's API, served with api.insecure or a router "
          "to api@internal?)";
    return fail_all(unavailable, collected,
                    version.status == ApiStatus::unauthorized ? "unauthorized" : "unreachable",
                    error);
  }
  facts["version"] = version.body;
  std::string unclear;
  facts["api_exposure"] = api_exposure(client, version, unclear);
  if (!unclear.empty()) {
    unavailable["api_exposure"] = unclear;
    collected.errors.push_back("api_exposure: " + unclear);
  }
  if (const ApiResponse overview = client.get("/api/overview"); overview.ok()) {
    facts["overview"] = overview.body;
  } else {
    unavailable["overview"] = overview.error;
    collected.errors.push_back("overview: " + overview.error);
  }
  for (const auto& list : kLists) {
    ApiResponse items = client.list(list.path);
    if (items.status == ApiStatus::not_found && list.absent_in_older_versions)
      items = {ApiStatus::ok, nlohmann::json::array(), "", 404};
    if (items.ok()) {
      if (list.middlewares)
        redact_middlewares(items.body);
      else
        redact_objects(items.body);
      facts[nlohmann::json::json_pointer(list.key)] = std::move(items.body);
    } else {
      unavailable[key_name(list.key)] = items.error;
      collected.errors.push_back(key_name(list.key) + ": " + items.error);
    }
  }
  if (!collected.errors.empty()) collected.status = "partial";
}

void read_certificates(const Settings& settings, std::chrono::steady_clock::time_point deadline,
                       nlohmann::json& facts, Collected& collected) {
  if (settings.public_hosts.empty()) return;
  nlohmann::json& certificates = facts["certificates"] = nlohmann::json::array();
  for (const auto& host : settings.public_hosts) {
    certificates.push_back(probe_certificate(host, settings.access.tls.ca_file, deadline));
    if (certificates.back().contains("error")) {
      collected.errors.push_back(fmt::format("certificate of {}: {}",
                                             net::endpoint_name(host.host, host.port),
                                             certificates.back()["error"].get<std::string>()));
      if (collected.status == "ok") collected.status = "partial";
    }
  }
}

}  // namespace

void redact_objects(nlohmann::json& items) {
  for (auto& item : items) {
    if (!item.is_object()) continue;
    if (item.contains("basicAuth")) redact_users(item["basicAuth"]);
    if (item.contains("digestAuth")) redact_users(item["digestAuth"]);
    if (item.contains("headers")) redact_headers(item["headers"]);
  }
}

void redact_middlewares(nlohmann::json& items) {
  redact_objects(items);
  for (auto& item : items)
    if (item.is_object()) redact_settings(item, "", false);
}

CollectorResult collect_live(const Settings& settings,
                             std::chrono::steady_clock::time_point deadline,
                             const HttpTransport& transport) {
  const ApiClient client(settings.access, deadline, transport);
  nlohmann::json facts = {{"unavailable", nlohmann::json::object()}};
  Collected collected;
  read_api(client, facts, collected);
  read_certificates(settings, deadline, facts, collected);
  redact_strings(facts, client.secrets());
  CollectorResult result;
  result.status = collected.status;
  result.error = redactor().redact(join(collected.errors, "; "));
  result.facts["traefik"] = std::move(facts);
  return result;
}

}  // namespace golive::collectors::traefik
