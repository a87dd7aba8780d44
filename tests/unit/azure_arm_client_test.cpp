// The Resource Manager client over a scripted transport: nextLink (only to
// Resource Manager), Retry-After, the token refresh after a 401, statuses.

#include <catch2/catch.hpp>

#include <deque>
#include <map>

#include "collectors/azure/arm_client.hpp"

using namespace golive;
using namespace golive::collectors::azure;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kRm = "https://management.test";

// Hands out "token-1", "token-2", ... and counts forced refreshes.
class CountingCredential final : public Credential {
 public:
  AccessToken token(Clock::time_point, bool force) override {
    if (force || issued == 0) ++issued;
    forced += force ? 1 : 0;
    return {"token-" + std::to_string(issued), std::chrono::system_clock::now() + 1h, "test"};
  }
  int issued = 0;
  int forced = 0;
};

// Answers by URL; several answers for one URL come in turn, the last again.
class Script {
 public:
  void on(const std::string& url, long status, const std::string& body,
          std::map<std::string, std::string> headers = {}) {
    net::HttpResponse response;
    response.status = status;
    response.body = body;
    response.headers = std::move(headers);
    answers_[url].push_back(response);
  }
  net::HttpResponse operator()(const net::HttpRequest& request) {
    seen.push_back({request.url, request.bearer_token});
    auto& queue = answers_[request.url];
    if (queue.empty()) {
      net::HttpResponse none;
      none.status = 404;
      return none;
    }
    net::HttpResponse response = queue.front();
    if (queue.size() > 1) queue.pop_front();
    return response;
  }
  std::vector<std::pair<std::string, std::string>> seen;  // url, token

 private:
  std::map<std::string, std::deque<net::HttpResponse>> answers_;
};

ArmClient client_for(Script& script, Credential& credential) {
  return ArmClient(kRm, credential, "", Clock::now() + 30s,
                   [&script](const net::HttpRequest& r) { return script(r); });
}

}  // namespace

TEST_CASE("Retry-After: seconds or an HTTP date", "[azure][arm]") {
  const auto now = std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37
  CHECK(parse_retry_after("7", now) == std::chrono::milliseconds(7000));
  CHECK(parse_retry_after(" 0 ", now) == std::chrono::milliseconds(0));
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:40 GMT", now) == std::chrono::milliseconds(3000));
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:30 GMT", now) == std::chrono::milliseconds(0));
  CHECK_FALSE(parse_retry_after("", now).has_value());
  CHECK_FALSE(parse_retry_after("soon", now).has_value());
  CHECK_FALSE(parse_retry_after("-5", now).has_value());
}

TEST_CASE("nextLink: same scheme, host and port as Resource Manager only", "[azure][arm]") {
  CHECK(same_origin("https://management.test/subscriptions?x=1", kRm));
  CHECK(same_origin("HTTPS://Management.Test:443/a", kRm));
  CHECK_FALSE(same_origin("http://management.test/a", kRm));
  CHECK_FALSE(same_origin("https://management.test.evil.example/a", kRm));
  CHECK_FALSE(same_origin("https://management.test:8443/a", kRm));
  CHECK_FALSE(same_origin("https://user@management.test/a", kRm));
  CHECK_FALSE(same_origin("/relative", kRm));
}

TEST_CASE("list follows nextLink across pages", "[azure][arm]") {
  Script script;
  CountingCredential credential;
  script.on(
      std::string(kRm) + "/things?api-version=1", 200,
      R"({"value":[1,2],"nextLink":"https://management.test/things?api-version=1&$skiptoken=2"})");
  script.on(
      std::string(kRm) + "/things?api-version=1&$skiptoken=2", 200,
      R"({"value":[3],"nextLink":"https://management.test/things?api-version=1&$skiptoken=3"})");
  script.on(std::string(kRm) + "/things?api-version=1&$skiptoken=3", 200, R"({"value":[4]})");
  const auto response = client_for(script, credential).list("/things", "1");
  REQUIRE(response.ok());
  CHECK(response.body == nlohmann::json::array({1, 2, 3, 4}));
  CHECK(script.seen.size() == 3);
}

TEST_CASE("a nextLink elsewhere is not followed and the token not sent", "[azure][arm]") {
  Script script;
  CountingCredential credential;
  script.on(std::string(kRm) + "/things?api-version=1", 200,
            R"({"value":[1],"nextLink":"https://attacker.example/things"})");
  const auto response = client_for(script, credential).list("/things", "1");
  CHECK(response.status == ArmStatus::failed);
  CHECK(response.error.find("not followed") != std::string::npos);
  CHECK(script.seen.size() == 1);
}

TEST_CASE("429 is retried after Retry-After; 5xx a bounded number of times", "[azure][arm]") {
  Script script;
  CountingCredential credential;
  const std::string url = std::string(kRm) + "/x?api-version=1";
  script.on(url, 429, "{}", {{"retry-after", "0"}});
  script.on(url, 200, R"({"ok":true})");
  auto response = client_for(script, credential).get("/x", "1");
  CHECK(response.ok());
  CHECK(script.seen.size() == 2);

  Script failing;
  failing.on(url, 503, R"({"error":{"code":"ServiceUnavailable","message":"busy"}})",
             {{"retry-after", "0"}});
  response = client_for(failing, credential).get("/x", "1");
  CHECK(response.status == ArmStatus::failed);
  CHECK(failing.seen.size() == 4);
  CHECK(response.error == "failed (503, 4 attempts): ServiceUnavailable: busy");
}

TEST_CASE("401: one fresh token, then the same request", "[azure][arm]") {
  Script script;
  CountingCredential credential;
  const std::string url = std::string(kRm) + "/x?api-version=1";
  script.on(url, 401, R"({"error":{"code":"ExpiredAuthenticationToken","message":"expired"}})");
  script.on(url, 200, "{}");
  CHECK(client_for(script, credential).get("/x", "1").ok());
  CHECK(credential.forced == 1);
  REQUIRE(script.seen.size() == 2);
  CHECK(script.seen[0].second == "token-1");
  CHECK(script.seen[1].second == "token-2");

  Script refused;
  refused.on(url, 401, "{}");
  const auto response = client_for(refused, credential).get("/x", "1");
  CHECK(response.status == ArmStatus::unauthorized);
  CHECK(refused.seen.size() == 2);
}

TEST_CASE("403, 404 and no answer", "[azure][arm]") {
  Script script;
  CountingCredential credential;
  script.on(std::string(kRm) + "/a?api-version=1", 403,
            R"({"error":{"code":"AuthorizationFailed","message":"no read"}})");
  auto client = client_for(script, credential);
  auto response = client.get("/a", "1");
  CHECK(response.status == ArmStatus::forbidden);
  CHECK(response.error == "forbidden (403): AuthorizationFailed: no read");
  CHECK(client.get("/b", "1").status == ArmStatus::not_found);
  ArmClient unreachable(kRm, credential, "", Clock::now() + 30s, [](const net::HttpRequest&) {
    net::HttpResponse r;
    r.error = "Couldn't connect to server";
    return r;
  });
  CHECK(unreachable.get("/a", "1").status == ArmStatus::unreachable);
}
