#include "collectors/azure/arm_client.hpp"

#include <algorithm>
#include <ctime>
#include <thread>

#include <fmt/format.h>

#include "golive/secrets.hpp"
#include "golive/text.hpp"

namespace golive::collectors::azure {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int kAttempts = 4;
constexpr milliseconds kFirstBackoff{500};
constexpr int kMaxPages = 10000;

bool retryable(long status) {
  return status == 429 || status >= 500;
}

ArmStatus status_of(long http_status) {
  if (http_status >= 200 && http_status < 300) return ArmStatus::ok;
  if (http_status == 401) return ArmStatus::unauthorized;
  if (http_status == 403) return ArmStatus::forbidden;
  if (http_status == 404) return ArmStatus::not_found;
  return ArmStatus::failed;
}

// ARM's error envelope: {"error": {"code", "message"}}.
std::string server_message(const std::string& body) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object() || !json.contains("error") || !json["error"].is_object()) return "";
  const auto& error = json["error"];
  const std::string code = error.value("code", ""), message = error.value("message", "");
  return code.empty() ? message : message.empty() ? code : code + ": " + message;
}

// The scheme://host:port of a URL, lower case; empty when it has none.
std::string origin_of(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return "";
  const auto host_end = url.find_first_of("/?#", scheme_end + 3);
  std::string origin = to_lower(url.substr(0, host_end));
  const std::string authority = origin.substr(scheme_end + 3);
  if (authority.empty() || authority.find('@') != std::string::npos) return "";
  // The default port written out is the same origin.
  if (origin.rfind("https://", 0) == 0 && origin.size() > 4 &&
      origin.compare(origin.size() - 4, 4, ":443") == 0)
    origin.resize(origin.size() - 4);
  return origin;
}

}  // namespace

std::string status_word(ArmStatus status) {
  switch (status) {
    case ArmStatus::ok:
      return "ok";
    case ArmStatus::unauthorized:
      return "unauthorized";
    case ArmStatus::forbidden:
      return "forbidden";
    case ArmStatus::not_found:
      return "not found";
    case ArmStatus::unreachable:
      return "unreachable";
    default:
      return "failed";
  }
}

std::optional<milliseconds> parse_retry_after(std::string_view value,
                                              std::chrono::system_clock::time_point now) {
  const std::string text = trim(value);
  if (text.empty()) return std::nullopt;
  if (text.find_first_not_of("0123456789") == std::string::npos)
    return text.size() > 9 ? std::nullopt
                           : std::optional<milliseconds>(milliseconds(std::stoll(text) * 1000));
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
  std::tm date{};
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &date);
  if (!end || *end != '\0') return std::nullopt;
  const auto when = std::chrono::system_clock::from_time_t(timegm(&date));
  return std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(when - now));
}

bool same_origin(const std::string& url, const std::string& base) {
  const std::string origin = origin_of(url);
  return !origin.empty() && origin == origin_of(base);
}

ArmClient::ArmClient(std::string resource_manager, Credential& credential, std::string ca_file,
                     Clock::time_point deadline, HttpTransport transport)
    : resource_manager_(std::move(resource_manager)),
      credential_(credential),
      ca_file_(std::move(ca_file)),
      deadline_(deadline),
      transport_(std::move(transport)) {}

ArmResponse ArmClient::get(const std::string& path, const std::string& api_version) const {
  return fetch(fmt::format("{}{}{}api-version={}", resource_manager_, path,
                           path.find('?') == std::string::npos ? "?" : "&", api_version));
}

ArmResponse ArmClient::fetch(const std::string& url) const {
  ArmResponse out;
  net::HttpRequest request;
  request.url = url;
  request.headers.push_back({"Accept", "application/json"});
  request.tls.ca_file = ca_file_;
  request.deadline = deadline_;
  if (url.rfind("https://", 0) != 0) {
    out.status = ArmStatus::unreachable;
    out.error = fmt::format(
        "refusing to send a bearer token over plain HTTP to {}: "
        "resource_manager must be an https:// URL",
        origin_of(url));
    return out;
  }
  bool refreshed = false;
  for (int attempt = 1;; ++attempt) {
    try {
      request.bearer_token = refreshed && attempt == 1
                                 ? credential_.renew(deadline_, request.bearer_token).token
                                 : credential_.token(deadline_).token;
    } catch (const CredentialError& e) {
      out.status = ArmStatus::unauthorized;
      out.error = redactor().redact(e.what());
      return out;
    }
    const net::HttpResponse response = transport_(request);
    if (!response.received()) {
      out.status = ArmStatus::unreachable;
      out.error =
          redactor().redact(fmt::format("cannot reach {}: {}", resource_manager_, response.error));
      return out;
    }
    // An expired or revoked token: one fresh token, then the same request.
    if (response.status == 401 && !refreshed) {
      refreshed = true;
      attempt = 0;
      continue;
    }
    if (retryable(response.status) && attempt < kAttempts) {
      const milliseconds wait =
          parse_retry_after(response.header("retry-after"), std::chrono::system_clock::now())
              .value_or(kFirstBackoff * (1 << (attempt - 1)));
      if (Clock::now() + wait < deadline_) {
        std::this_thread::sleep_for(wait);
        continue;
      }
    }
    out.http_status = response.status;
    out.status = status_of(response.status);
    if (!out.ok()) {
      const std::string message = server_message(response.body);
      out.error =
          redactor().redact(fmt::format("{} ({}{}){}{}", status_word(out.status), response.status,
                                        attempt > 1 ? fmt::format(", {} attempts", attempt) : "",
                                        message.empty() ? "" : ": ", message));
      return out;
    }
    out.body = nlohmann::json::parse(response.body, nullptr, false);
    if (out.body.is_discarded()) {
      out.status = ArmStatus::failed;
      out.error = "the answer is not JSON";
    }
    return out;
  }
}

ArmResponse ArmClient::list(const std::string& path, const std::string& api_version) const {
  ArmResponse out;
  out.body = nlohmann::json::array();
  std::string url = fmt::format("{}{}?api-version={}", resource_manager_, path, api_version);
  for (int page = 0; page < kMaxPages; ++page) {
    ArmResponse response = fetch(url);
    if (!response.ok()) return response;
    const auto value =
        response.body.is_object() ? response.body.find("value") : response.body.end();
    if (value == response.body.end() || !value->is_array()) {
      response.status = ArmStatus::failed;
      response.error = "the answer is not a list (no value[])";
      return response;
    }
    for (auto& item : *value) out.body.push_back(std::move(item));
    const auto next = response.body.find("nextLink");
    if (next == response.body.end() || !next->is_string() || next->get<std::string>().empty())
      return out;
    url = next->get<std::string>();
    if (!same_origin(url, resource_manager_)) {
      out.status = ArmStatus::failed;
      out.error = fmt::format(
          "nextLink points away from {} (not followed: the token goes only to Resource Manager)",
          resource_manager_);
      return out;
    }
  }
  out.status = ArmStatus::failed;
  out.error = "Resource Manager kept answering with more pages";
  return out;
}

}  // namespace golive::collectors::azure
