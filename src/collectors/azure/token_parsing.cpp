// Parsing what token endpoints and the Azure CLI answer.

#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "collectors/azure/token_sources.hpp"
#include "golive/secrets.hpp"
#include "golive/text.hpp"

namespace golive::collectors::azure {

namespace {

// A number of seconds given as a JSON number or a string of digits.
std::optional<long long> seconds_field(const nlohmann::json& body, const char* key) {
  const auto it = body.find(key);
  if (it == body.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<long long>();
  if (it->is_number()) return static_cast<long long>(it->get<double>());
  if (!it->is_string()) return std::nullopt;
  const std::string text = it->get<std::string>();
  if (text.empty() || text.size() > 15 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(text);
}

std::string string_field(const nlohmann::json& body, const char* key) {
  const auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : "";
}

SystemClock::time_point from_epoch(long long seconds) {
  return SystemClock::time_point(std::chrono::seconds(seconds));
}

// The first line of an error description (Entra ID appends trace and
// correlation ids on later lines).
std::string first_line(const std::string& text) {
  return trim(text.substr(0, text.find_first_of("\r\n")));
}

}  // namespace

AccessToken parse_token_response(const std::string& body, SystemClock::time_point now) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object()) throw CredentialError("the token endpoint's answer is not a JSON object");
  AccessToken token;
  token.token = string_field(json, "access_token");
  redactor().add(token.token);
  if (token.token.empty()) {
    const std::string error = string_field(json, "error");
    const std::string description = first_line(string_field(json, "error_description"));
    throw CredentialError(redactor().redact(
        error.empty()
            ? "the token endpoint's answer has no access_token"
            : fmt::format("{}{}{}", error, description.empty() ? "" : ": ", description)));
  }
  if (const auto on = seconds_field(json, "expires_on"))
    token.expires_on = from_epoch(*on);
  else if (const auto in = seconds_field(json, "expires_in"))
    token.expires_on = now + std::chrono::seconds(*in);
  else
    token.expires_on = now + std::chrono::minutes(5);  // unknown: short, so it is refreshed
  return token;
}

AccessToken parse_cli_token(const std::string& output) {
  const auto json = nlohmann::json::parse(output, nullptr, false);
  if (!json.is_object())
    throw CredentialError(
        "the Azure CLI did not print a JSON object (az account get-access-token)");
  AccessToken token;
  token.token = string_field(json, "accessToken");
  redactor().add(token.token);
  if (token.token.empty()) throw CredentialError("the Azure CLI printed no accessToken");
  if (const auto on = seconds_field(json, "expires_on")) {
    token.expires_on = from_epoch(*on);
    return token;
  }
  // Older CLIs: expiresOn in local time, without a zone.
  std::tm local{};
  const std::string expires = string_field(json, "expiresOn");
  if (expires.empty() || !strptime(expires.c_str(), "%Y-%m-%d %H:%M:%S", &local))
    throw CredentialError("the Azure CLI printed neither expires_on nor a valid expiresOn");
  local.tm_isdst = -1;
  token.expires_on = SystemClock::from_time_t(std::mktime(&local));
  return token;
}

std::optional<SystemClock::time_point> jwt_expiry(const std::string& token) {
  const auto first = token.find('.');
  const auto second = first == std::string::npos ? first : token.find('.', first + 1);
  if (second == std::string::npos) return std::nullopt;
  const auto claims = base64_decode(token.substr(first + 1, second - first - 1));
  if (!claims) return std::nullopt;
  const auto json = nlohmann::json::parse(*claims, nullptr, false);
  if (!json.is_object()) return std::nullopt;
  const auto exp = seconds_field(json, "exp");
  if (!exp) return std::nullopt;
  return from_epoch(*exp);
}

}  // namespace golive::collectors::azure
