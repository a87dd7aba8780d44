#pragma once
// The Kubernetes REST API, read-only: GET of one path and LIST of one kind,
// page by page (limit/continue), with bounded retries of 429 and 5xx, all
// within one deadline.

#include <chrono>
#include <functional>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "collectors/k8s/kinds.hpp"
#include "collectors/k8s/kubeconfig.hpp"
#include "golive/text.hpp"
#include "net/http.hpp"

namespace golive::collectors::k8s {

using net::HttpTransport;

enum class ApiStatus {
  ok,
  unauthorized,  // 401: the credentials were refused
  forbidden,     // 403: not allowed to read this
  not_found,     // 404: not served (a CRD that is not installed)
  failed,        // another status, or 429/5xx still after the retries
  unreachable,   // no response: connect, TLS, timeout
};

struct ApiResponse {
  ApiStatus status = ApiStatus::ok;
  nlohmann::json body;   // the JSON answer; for list(), the items
  std::string error;     // why not ok: status and the server's message, redacted
  long http_status = 0;  // the last HTTP status; 0 when none arrived
  bool timed_out = false;

  bool ok() const { return status == ApiStatus::ok; }
};

// The Accept header that asks for Secrets as PartialObjectMetadataList: the
// server sends metadata only, never data.
inline constexpr const char* kMetadataOnlyAccept =
    "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";

class ApiClient {
 public:
  // `credentials` carries what authenticates (token or client certificate,
  // the exec plugin's already run).
  ApiClient(ClusterCredentials credentials, std::chrono::steady_clock::time_point deadline,
            HttpTransport transport = net::http_get);

  // GETs a path ("/version"); retries 429 and 5xx at most 3 attempts in all,
  // waiting Retry-After seconds (or a short backoff), never past the deadline.
  ApiResponse get(const std::string& path, const std::string& accept = "application/json") const;

  // Every item of `kind` (in `namespace_name` when given and the kind is
  // namespaced), following `continue` until the last page, each item with
  // apiVersion and kind set. A 410 Gone (an expired continue token) restarts
  // the list once.
  ApiResponse list(const KindInfo& kind, const std::string& namespace_name, int page_size) const;

  // The group/versions the server serves ("apps/v1", "traefik.io/v1alpha1"),
  // from GET /apis; nullopt when that cannot be read.
  std::optional<std::set<std::string>> served_group_versions() const;

  const std::string& server() const { return credentials_.server; }
  std::chrono::steady_clock::time_point deadline() const { return deadline_; }

 private:
  net::HttpRequest request_for(const std::string& path, const std::string& accept) const;

  ClusterCredentials credentials_;
  std::chrono::steady_clock::time_point deadline_;
  HttpTransport transport_;
};

// Percent-encoding of query values: golive/text.hpp.
using golive::url_encode;

}  // namespace golive::collectors::k8s
