#include "collectors/traefik/api.hpp"

#include <charconv>

#include <fmt/format.h>

#include "golive/text.hpp"

namespace golive::collectors::traefik {

namespace {

constexpr std::size_t kMaxMessage = 200;  // characters of the server's message kept
// Bounds of one list: a server whose X-Next-Page never ends, or a body
// without end, makes the key unavailable rather than exhaust time or memory.
constexpr int kMaxPages = 1000;
constexpr std::size_t kMaxItems = 100000;
constexpr std::size_t kMaxBody = std::size_t{32} << 20;  // bytes of one answer

// Traefik's errors are {"message": "..."}; anything else is shown as is.
// Either way it is redacted of this client's credentials first (a server
// may echo the Authorization header), then cut short (never mid-secret).
std::string server_message(const std::string& body, const Redactor& secrets) {
  const auto parsed = nlohmann::json::parse(body, nullptr, false);
  std::string message =
      parsed.is_object() && parsed.contains("message") && parsed["message"].is_string()
          ? parsed["message"].get<std::string>()
          : body;
  message = trim(secrets.redact(message));
  if (message.size() <= kMaxMessage) return message;
  std::size_t cut = kMaxMessage;
  while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;
  return message.substr(0, cut) + "...";
}

ApiResponse from_http(const net::HttpResponse& http, const std::string& url,
                      const Redactor& secrets) {
  ApiResponse response;
  response.http_status = http.status;
  if (http.too_large) {
    response.status = ApiStatus::failed;
    response.error =
        fmt::format("{} answered more than {} MiB, more than golive reads", url, kMaxBody >> 20);
    return response;
  }
  if (!http.received()) {
    response.status = ApiStatus::unreachable;
    response.error = http.timed_out ? fmt::format("timed out waiting for {}", url)
                                    : fmt::format("cannot reach {}: {}", url, http.error);
    return response;
  }
  if (http.status == 200) {
    response.body = nlohmann::json::parse(http.body, nullptr, false);
    if (!response.body.is_discarded()) return response;
    response.status = ApiStatus::failed;
    response.error = fmt::format("{} did not answer JSON (is it Traefik's API?)", url);
    return response;
  }
  response.status = http.status == 401 || http.status == 403 ? ApiStatus::unauthorized
                    : http.status == 404                     ? ApiStatus::not_found
                                                             : ApiStatus::failed;
  // A refusal's body says nothing more than its status, and may quote the
  // credentials refused.
  const std::string message =
      response.status == ApiStatus::unauthorized ? "" : server_message(http.body, secrets);
  response.error =
      fmt::format("{} answered {}{}", url, http.status, message.empty() ? "" : ": " + message);
  return response;
}

// The page after `page`, from X-Next-Page; 0 when there is none. A header
// that does not move forward ends the list rather than looping.
int next_page(const net::HttpResponse& http, int page) {
  const std::string header = trim(http.header("x-next-page"));
  int next = 0;
  const auto [end, error] = std::from_chars(header.data(), header.data() + header.size(), next);
  if (error != std::errc() || end != header.data() + header.size() || next <= page) return 0;
  return next;
}

}  // namespace

ApiClient::ApiClient(ApiAccess access, std::chrono::steady_clock::time_point deadline,
                     HttpTransport transport)
    : access_(std::move(access)), deadline_(deadline), transport_(std::move(transport)) {
  std::string basic;
  if (!access_.username.empty()) {
    basic = base64_encode(access_.username + ":" + access_.password);
    basic_authorization_ = "Basic " + basic;
  }
  for (const auto& credential : {access_.password, access_.token, basic}) {
    if (credential.empty()) continue;
    secrets_.add(credential);
    redactor().add(credential);
  }
}

net::HttpRequest ApiClient::request_for(const std::string& url, bool authenticated) const {
  net::HttpRequest request;
  request.url = url;
  request.tls = access_.tls;
  request.deadline = deadline_;
  request.max_body = kMaxBody;
  request.headers.emplace_back("Accept", "application/json");
  if (!authenticated) return request;
  if (!access_.token.empty()) request.bearer_token = access_.token;
  if (!basic_authorization_.empty())
    request.headers.emplace_back("Authorization", basic_authorization_);
  return request;
}

ApiResponse ApiClient::get(const std::string& path, bool authenticated) const {
  const std::string url = access_.url + path;
  return from_http(transport_(request_for(url, authenticated)), url, secrets_);
}

ApiResponse ApiClient::list(const std::string& path) const {
  ApiResponse merged;
  merged.body = nlohmann::json::array();
  const auto too_long = [&](const std::string& what) {
    return ApiResponse{ApiStatus::failed, nlohmann::json(),
                       fmt::format("{} holds {}: golive stops rather than report part of it",
                                   access_.url + path, what),
                       merged.http_status};
  };
  for (int page = 1, read = 0; page != 0; ++read) {
    if (read == kMaxPages)
      return too_long(fmt::format("more than {} pages of {}", kMaxPages, access_.page_size));
    const std::string url =
        fmt::format("{}{}?page={}&per_page={}", access_.url, path, page, access_.page_size);
    const net::HttpResponse http = transport_(request_for(url, true));
    ApiResponse response = from_http(http, access_.url + path, secrets_);
    if (response.ok() && !response.body.is_array()) {
      response.status = ApiStatus::failed;
      response.error = fmt::format("{} did not answer a JSON array", access_.url + path);
    }
    if (!response.ok()) return response;
    const std::size_t count = response.body.size();
    if (merged.body.size() + count > kMaxItems)
      return too_long(fmt::format("more than {} items", kMaxItems));
    for (auto& item : response.body) merged.body.push_back(std::move(item));
    merged.http_status = response.http_status;
    // A short page is the last, whatever X-Next-Page says.
    page = count < static_cast<std::size_t>(access_.page_size) ? 0 : next_page(http, page);
  }
  return merged;
}

}  // namespace golive::collectors::traefik
