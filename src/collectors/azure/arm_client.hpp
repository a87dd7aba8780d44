#pragma once
// Azure Resource Manager, read-only: GET of one resource and LIST of a
// collection (following nextLink, only ever to Resource Manager itself),
// with the bearer token of a Credential, bounded retries of 429 (honouring
// Retry-After) and 5xx, and one token refresh after a 401, all within one
// deadline.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "collectors/azure/credentials.hpp"
#include "net/http.hpp"

namespace golive::collectors::azure {

using net::HttpTransport;

enum class ArmStatus {
  ok,
  unauthorized,  // 401 after a fresh token, or no token at all
  forbidden,     // 403: the credential may not read this
  not_found,     // 404
  failed,        // another status, 429/5xx after the retries, an answer that is not JSON
  unreachable,   // no response: connect, TLS, timeout
};

struct ArmResponse {
  ArmStatus status = ArmStatus::ok;
  nlohmann::json body;  // the JSON answer; for list(), the items of every page
  std::string error;    // why not ok, redacted
  long http_status = 0;

  bool ok() const { return status == ArmStatus::ok; }
};

// "ok", "unauthorized", "forbidden", "not found", "failed", "unreachable".
std::string status_word(ArmStatus status);

class ArmClient {
 public:
  ArmClient(std::string resource_manager, Credential& credential, std::string ca_file,
            std::chrono::steady_clock::time_point deadline,
            HttpTransport transport = net::http_get);

  // GET {resource_manager}{path}?api-version=...
  ArmResponse get(const std::string& path, const std::string& api_version) const;
  // Every item of a collection (`value[]` of each page, nextLink followed).
  ArmResponse list(const std::string& path, const std::string& api_version) const;

  std::chrono::steady_clock::time_point deadline() const { return deadline_; }

 private:
  ArmResponse fetch(const std::string& url) const;

  std::string resource_manager_;
  Credential& credential_;
  std::string ca_file_;
  std::chrono::steady_clock::time_point deadline_;
  HttpTransport transport_;
};

// How long Retry-After asks to wait: delta-seconds or an HTTP date
// (RFC 9110 section 10.2.3); nullopt when absent or unreadable.
std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now);

// True when `url` has the scheme, host and port of `base` (a nextLink that
// points elsewhere must not receive the token).
bool same_origin(const std::string& url, const std::string& base);

}  // namespace golive::collectors::azure
