#pragma once
// Traefik's API, read-only: GET of one path, and every page of a list
// endpoint (`?page=N&per_page=M`, the next page in `X-Next-Page`, "1" when
// there is none), within one deadline.

#include <chrono>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "golive/secrets.hpp"
#include "net/http.hpp"

namespace golive::collectors::traefik {

using net::HttpTransport;

struct ApiAccess {
  std::string url;  // the API's base, without a trailing slash
  std::string username;
  std::string password;  // basic auth, with username
  std::string token;     // bearer
  net::HttpTls tls;
  int page_size = 100;
  bool has_credentials() const { return !username.empty() || !token.empty(); }
};

enum class ApiStatus {
  ok,
  unauthorized,  // 401 or 403
  not_found,     // 404: not served (an endpoint this version does not have)
  failed,        // another status, or a body that is not the JSON expected
  unreachable,   // no response: connect, TLS, timeout
};

struct ApiResponse {
  ApiStatus status = ApiStatus::ok;
  nlohmann::json body;   // the JSON answer; for list(), the items of every page
  std::string error;     // why not ok: status and the server's message
  long http_status = 0;  // 0 when no response arrived

  bool ok() const { return status == ApiStatus::ok; }
};

class ApiClient {
 public:
  // Registers the credentials as they travel (the password, the token, the
  // Basic header's base64 of user:password) with the process-wide redactor
  // and with this client's own.
  ApiClient(ApiAccess access, std::chrono::steady_clock::time_point deadline,
            HttpTransport transport = net::http_get);

  // GETs `path` ("/api/version"); `authenticated` false leaves the
  // credentials out (the anonymous probe of the API's exposure).
  ApiResponse get(const std::string& path, bool authenticated = true) const;
  // Every item of a list endpoint ("/api/http/routers"), page after page.
  ApiResponse list(const std::string& path) const;

  const ApiAccess& access() const { return access_; }
  // Redacts this client's credentials only: Traefik's facts are not altered
  // by the secrets other collectors registered.
  const Redactor& secrets() const { return secrets_; }

 private:
  net::HttpRequest request_for(const std::string& url, bool authenticated) const;

  ApiAccess access_;
  std::chrono::steady_clock::time_point deadline_;
  HttpTransport transport_;
  Redactor secrets_;
  std::string basic_authorization_;  // "Basic <base64 user:password>", when basic auth is set
};

}  // namespace golive::collectors::traefik
