#include "collectors/k8s/api_client.hpp"

#include <algorithm>
#include <cctype>
#include <thread>

#include <fmt/format.h>

#include "golive/secrets.hpp"
#include "golive/text.hpp"

namespace golive::collectors::k8s {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int kAttempts = 3;
constexpr milliseconds kFirstBackoff{250};
constexpr milliseconds kMaxRetryAfter{10000};
constexpr int kMaxPages = 100000;  // a server that never stops paging is a bug, not a cluster

bool retryable(long status) {
  return status == 429 || status >= 500;
}

// How long to wait before attempt `attempt` + 1: Retry-After seconds when
// the server says, else 250 ms doubling.
milliseconds backoff(const net::HttpResponse& response, int attempt) {
  const std::string retry_after = response.header("retry-after");
  if (!retry_after.empty() &&
      std::all_of(retry_after.begin(), retry_after.end(),
                  [](unsigned char c) { return std::isdigit(c); }) &&
      retry_after.size() < 6)
    return std::min(milliseconds(std::stoi(retry_after) * 1000), kMaxRetryAfter);
  return kFirstBackoff * (1 << (attempt - 1));
}

// The server's own explanation: a Status object's message, else the body's
// start when it is short text.
std::string server_message(const net::HttpResponse& response) {
  const auto json = nlohmann::json::parse(response.body, nullptr, false);
  if (json.is_object() && json.contains("message") && json["message"].is_string())
    return json["message"].get<std::string>();
  if (!json.is_discarded() || response.body.size() > 200) return "";
  std::string text = response.body;
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

ApiStatus status_of(long http_status) {
  if (http_status >= 200 && http_status < 300) return ApiStatus::ok;
  if (http_status == 401) return ApiStatus::unauthorized;
  if (http_status == 403) return ApiStatus::forbidden;
  if (http_status == 404) return ApiStatus::not_found;
  return ApiStatus::failed;
}

std::string status_word(ApiStatus status) {
  switch (status) {
    case ApiStatus::unauthorized:
      return "unauthorized";
    case ApiStatus::forbidden:
      return "forbidden";
    case ApiStatus::not_found:
      return "not served";
    default:
      return "failed";
  }
}

ApiResponse error_response(const net::HttpResponse& response, int attempts) {
  ApiResponse out;
  out.status = status_of(response.status);
  out.http_status = response.status;
  const std::string message = server_message(response);
  out.error = fmt::format("{} ({}{}){}{}", status_word(out.status), response.status,
                          attempts > 1 ? fmt::format(", {} attempts", attempts) : "",
                          message.empty() ? "" : ": ", message);
  out.error = redactor().redact(out.error);
  return out;
}

std::string trimmed_server(const std::string& server) {
  std::string out = server;
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}

}  // namespace

ApiClient::ApiClient(ClusterCredentials credentials, Clock::time_point deadline,
                     HttpTransport transport)
    : credentials_(std::move(credentials)), deadline_(deadline), transport_(std::move(transport)) {}

net::HttpRequest ApiClient::request_for(const std::string& path, const std::string& accept) const {
  net::HttpRequest request;
  request.url = trimmed_server(credentials_.server) + path;
  request.headers.push_back({"Accept", accept});
  request.bearer_token = credentials_.token;
  request.tls.ca_pem = credentials_.ca_pem;
  request.tls.client_cert_pem = credentials_.client_cert_pem;
  request.tls.client_key_pem = credentials_.client_key_pem;
  request.tls.insecure = credentials_.insecure;
  request.tls.server_name = credentials_.tls_server_name;
  request.deadline = deadline_;
  return request;
}

ApiResponse ApiClient::get(const std::string& path, const std::string& accept) const {
  const net::HttpRequest request = request_for(path, accept);
  for (int attempt = 1;; ++attempt) {
    const net::HttpResponse response = transport_(request);
    if (!response.received()) {
      ApiResponse out;
      out.status = ApiStatus::unreachable;
      out.timed_out = response.timed_out;
      out.error = redactor().redact(
          fmt::format("cannot reach {}: {}", trimmed_server(credentials_.server), response.error));
      return out;
    }
    if (retryable(response.status) && attempt < kAttempts) {
      const milliseconds wait = backoff(response, attempt);
      if (Clock::now() + wait < deadline_) {
        std::this_thread::sleep_for(wait);
        continue;
      }
    }
    if (status_of(response.status) != ApiStatus::ok) return error_response(response, attempt);
    ApiResponse out;
    out.http_status = response.status;
    out.body = nlohmann::json::parse(response.body, nullptr, false);
    if (out.body.is_discarded()) {
      out.status = ApiStatus::failed;
      out.error = fmt::format("the answer to {} is not JSON", path);
    }
    return out;
  }
}

ApiResponse ApiClient::list(const KindInfo& kind, const std::string& namespace_name,
                            int page_size) const {
  const std::string path = kind.list_path(namespace_name);
  const std::string accept = kind.metadata_only ? kMetadataOnlyAccept : "application/json";
  bool restarted = false;
  ApiResponse out;
  out.body = nlohmann::json::array();
  std::string token;
  for (int page = 0; page < kMaxPages; ++page) {
    std::string query = "?limit=" + std::to_string(page_size);
    if (!token.empty()) query += "&continue=" + url_encode(token);
    ApiResponse response = get(path + query, accept);
    if (response.http_status == 410 && !token.empty() && !restarted) {
      // The continue token expired (the list took longer than the server
      // keeps its snapshot): start over, once.
      restarted = true;
      token.clear();
      out.body = nlohmann::json::array();
      continue;
    }
    if (!response.ok()) return response;
    if (!response.body.is_object() || !response.body.contains("items") ||
        !response.body["items"].is_array()) {
      response.status = ApiStatus::failed;
      response.error = fmt::format("the answer to {} is not a list", path);
      return response;
    }
    for (auto& item : response.body["items"]) {
      if (!item.is_object()) continue;
      // LIST items leave out apiVersion and kind; PartialObjectMetadata
      // items carry meta.k8s.io's instead of the Secret's.
      if (kind.metadata_only || !item.contains("apiVersion"))
        item["apiVersion"] = kind.api_version();
      if (kind.metadata_only || !item.contains("kind")) item["kind"] = kind.kind;
      out.body.push_back(std::move(item));
    }
    const auto metadata = response.body.find("metadata");
    token = metadata != response.body.end() && metadata->is_object()
                ? metadata->value("continue", std::string())
                : std::string();
    if (token.empty()) return out;
  }
  out.status = ApiStatus::failed;
  out.error = fmt::format("{} kept answering with more pages", path);
  return out;
}

std::optional<std::set<std::string>> ApiClient::served_group_versions() const {
  const ApiResponse response = get("/apis");
  if (!response.ok() || !response.body.is_object()) return std::nullopt;
  std::set<std::string> served = {"v1"};  // the core group, served at /api
  const auto items = [](const nlohmann::json& object, const char* key) {
    const auto it = object.is_object() ? object.find(key) : object.end();
    return it != object.end() && it->is_array() ? *it : nlohmann::json::array();
  };
  for (const auto& group : items(response.body, "groups"))
    for (const auto& version : items(group, "versions"))
      if (version.is_object() && version.contains("groupVersion") &&
          version["groupVersion"].is_string())
        served.insert(version["groupVersion"].get<std::string>());
  return served;
}

}  // namespace golive::collectors::k8s
