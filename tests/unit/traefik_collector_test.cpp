// The Traefik collector over a scripted transport: pagination by
// X-Next-Page, statuses, endpoints older versions lack, the redaction of
// credentials inside objects; the public_hosts syntax; TLS versions that
// could not be measured.

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

#include "collectors/traefik/certificates.hpp"
#include "collectors/traefik/live.hpp"
#include "loopback_http.hpp"
#include "net/socket.hpp"
#include "net/tls.hpp"
#include "scripted_http.hpp"

using namespace golive;
using namespace golive::collectors::traefik;
using json = nlohmann::json;

namespace {

constexpr const char* kApi = "http://traefik.test:9000";

// Answers below the API's URL (see scripted_http.hpp); unscripted requests
// get 404, and a path scripted again answers the new answer (empty_lists(),
// then the one list a test fills).
struct ScriptedApi : test::ScriptedHttp {
  ScriptedApi() : ScriptedHttp(kApi) {
    fallback.status = 404;
    fallback.body = "404 page not found\n";
  }
  void on(const std::string& path, long status, const std::string& body,
          std::map<std::string, std::string> headers = {}) {
    replace(path, status, body, std::move(headers));
  }
  // A Traefik 3.2.3 with nothing configured: tests add what they need.
  void empty_traefik() {
    on("/api/version", 200, R"({"Version":"3.2.3"})");
    on("/api/overview", 200, "{}");
    empty_lists();
  }
  // Every list endpoint answers one empty page.
  void empty_lists() {
    for (const char* path : {"/api/entrypoints", "/api/http/routers", "/api/http/services",
                             "/api/http/middlewares", "/api/tcp/routers", "/api/tcp/services",
                             "/api/tcp/middlewares", "/api/udp/routers", "/api/udp/services"})
      on(std::string(path) + "?page=1&per_page=2", 200, "[]", {{"x-next-page", "1"}});
  }
};

Settings settings() {
  Settings s;
  s.access.url = kApi;
  s.access.page_size = 2;
  return s;
}

CollectorResult run(ScriptedApi& api, const Settings& s = settings()) {
  return collect_live(s, std::chrono::steady_clock::now() + std::chrono::hours(1), api.transport());
}

}  // namespace

TEST_CASE("traefik lists are merged page after page until X-Next-Page says 1", "[traefik]") {
  ScriptedApi api;
  api.on("/api/version", 200, R"({"Version":"3.2.3","Codename":"munster"})");
  api.on("/api/overview", 200, R"({"http":{}})");
  api.empty_lists();
  api.on("/api/http/routers?page=1&per_page=2", 200, R"([{"name":"a@file"},{"name":"b@file"}])",
         {{"x-next-page", "2"}});
  api.on("/api/http/routers?page=2&per_page=2", 200, R"([{"name":"c@file"}])",
         {{"x-next-page", "1"}});
  const auto result = run(api);
  CHECK(result.status == "ok");
  const json& facts = result.facts["traefik"];
  CHECK(facts["routers"] ==
        json::parse(R"([{"name":"a@file"},{"name":"b@file"},{"name":"c@file"}])"));
  CHECK(facts["version"]["Version"] == "3.2.3");
  CHECK(facts["unavailable"] == json::object());
  CHECK(facts["api_exposure"] ==
        json::parse(
            R"({"url":"http://traefik.test:9000","credentials":false,"anonymous_status":200})"));
}

TEST_CASE("traefik: a page header that does not move forward ends the list", "[traefik]") {
  ScriptedApi api;
  api.empty_traefik();
  api.on("/api/http/routers?page=1&per_page=2", 200, R"([{"name":"a@file"}])",
         {{"x-next-page", "1"}});
  api.on("/api/entrypoints?page=1&per_page=2", 200, R"([{"name":"web"}])",
         {{"x-next-page", "garbage"}});
  const auto result = run(api);
  CHECK(result.facts["traefik"]["entrypoints"].size() == 1);
  CHECK(api.requests().size() == 11);  // version, overview, 9 lists; no credentials: no 2nd version
}

// A server whose X-Next-Page always advances: every routers page is full.
HttpTransport endless_routers(ScriptedApi& api, int& requests, std::size_t items) {
  return [&api, &requests, items, scripted = api.transport()](const net::HttpRequest& request) {
    const std::string prefix = std::string(kApi) + "/api/http/routers?page=";
    if (request.url.rfind(prefix, 0) != 0) return scripted(request);
    ++requests;
    const int page = std::stoi(request.url.substr(prefix.size()));
    json body = json::array();
    for (std::size_t i = 0; i < items; ++i) body.push_back({{"name", "r@file"}});
    net::HttpResponse response;
    response.status = 200;
    response.body = body.dump();
    response.headers["x-next-page"] = std::to_string(page + 1);
    return response;
  };
}

TEST_CASE("traefik: lists end on a short page, and past 1000 pages or 100000 items fail",
          "[traefik]") {
  ScriptedApi api;
  api.empty_traefik();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::hours(1);
  int requests = 0;
  SECTION("a short page is the last, whatever X-Next-Page says") {
    const auto result = collect_live(settings(), deadline, endless_routers(api, requests, 1));
    CHECK(requests == 1);
    CHECK(result.status == "ok");
    CHECK(result.facts["traefik"]["routers"].size() == 1);
  }
  SECTION("full pages without end: the key is unavailable after 1000 pages") {
    const auto result = collect_live(settings(), deadline, endless_routers(api, requests, 2));
    CHECK(requests == 1000);
    CHECK(result.status == "partial");
    CHECK_FALSE(result.facts["traefik"].contains("routers"));
    CHECK(result.facts["traefik"]["unavailable"]["routers"] ==
          "http://traefik.test:9000/api/http/routers holds more than 1000 pages of 2: golive "
          "stops rather than report part of it");
  }
  SECTION("more than 100000 items: the key is unavailable") {
    Settings s = settings();
    s.access.page_size = 10000;
    for (const char* path :
         {"/api/entrypoints", "/api/http/services", "/api/http/middlewares", "/api/tcp/routers",
          "/api/tcp/services", "/api/tcp/middlewares", "/api/udp/routers", "/api/udp/services"})
      api.on(std::string(path) + "?page=1&per_page=10000", 200, "[]");
    const auto result = collect_live(s, deadline, endless_routers(api, requests, 10000));
    CHECK(requests == 11);
    CHECK(result.facts["traefik"]["unavailable"]["routers"].get<std::string>().find(
              "more than 100000 items") != std::string::npos);
  }
  SECTION("every answer is bounded (32 MiB), and a larger one fails its key") {
    const HttpTransport scripted = api.transport();
    const auto result = collect_live(settings(), deadline, [&](const net::HttpRequest& request) {
      CHECK(request.max_body == std::size_t{32} << 20);
      net::HttpResponse response = scripted(request);
      if (request.url.find("/api/http/services") != std::string::npos) {
        response.status = 0;
        response.too_large = true;
        response.error = "response larger than 33554432 bytes";
      }
      return response;
    });
    CHECK(result.facts["traefik"]["unavailable"]["services"] ==
          "http://traefik.test:9000/api/http/services answered more than 32 MiB, more than "
          "golive reads");
  }
}

TEST_CASE("traefik endpoints older versions lack are empty; a missing core list is partial",
          "[traefik]") {
  ScriptedApi api;
  api.on("/api/version", 200, R"({"Version":"2.2.0"})");
  api.on("/api/overview", 200, "{}");
  for (const char* path : {"/api/entrypoints", "/api/http/routers", "/api/http/services",
                           "/api/tcp/routers", "/api/tcp/services"})
    api.on(std::string(path) + "?page=1&per_page=2", 200, "[]");
  const auto result = run(api);
  const json& facts = result.facts["traefik"];
  CHECK(result.status == "partial");
  CHECK(facts["tcp"]["middlewares"] == json::array());
  CHECK(facts["udp"]["routers"] == json::array());
  CHECK_FALSE(facts.contains("middlewares"));
  CHECK(facts["unavailable"]["middlewares"].get<std::string>().find("404") != std::string::npos);
  CHECK(result.error.find("middlewares: ") == 0);
}

TEST_CASE("traefik: 401 on /api/version is unauthorized, every key unavailable", "[traefik]") {
  ScriptedApi api;
  api.on("/api/version", 401, "401 Unauthorized\n");
  const auto result = run(api);
  CHECK(result.status == "unauthorized");
  const json& facts = result.facts["traefik"];
  CHECK(facts["unavailable"].size() == 11);
  CHECK(facts["unavailable"].contains("tcp.routers"));
  CHECK_FALSE(facts.contains("version"));
}

TEST_CASE("traefik credentials: basic auth on every request, then one anonymous probe",
          "[traefik]") {
  ScriptedApi api;
  api.empty_traefik();
  Settings s = settings();
  s.access.username = "golive";
  s.access.password = "pw-1234";
  const auto result = run(api, s);
  REQUIRE(api.requests().size() == 12);
  int anonymous = 0;
  for (const auto& request : api.requests()) {
    bool basic = false;
    for (const auto& [name, value] : request.headers)
      basic = basic || (name == "Authorization" && value == "Basic Z29saXZlOnB3LTEyMzQ=");
    anonymous += basic ? 0 : 1;
  }
  CHECK(anonymous == 1);
  CHECK(result.facts["traefik"]["api_exposure"]["credentials"] == true);
}

TEST_CASE("traefik: server messages lose the Basic header, refusals their body, length",
          "[traefik]") {
  ScriptedApi api;
  api.empty_traefik();
  // A proxy echoing the request's Authorization header in its error page.
  api.on("/api/http/services?page=1&per_page=2", 500,
         "bad gateway for Authorization: Basic Z29saXZlOnB3LTEyMzQ= " + std::string(1000, 'x'));
  api.on("/api/http/routers?page=1&per_page=2", 401,
         R"({"message":"refused Basic Z29saXZlOnB3LTEyMzQ="})");
  Settings s = settings();
  s.access.username = "golive";
  s.access.password = "pw-1234";
  const auto result = run(api, s);
  const json& unavailable = result.facts["traefik"]["unavailable"];
  CHECK(result.status == "partial");
  CHECK(result.error.find("Z29saXZlOnB3LTEyMzQ=") == std::string::npos);
  CHECK(result.facts.dump().find("Z29saXZlOnB3LTEyMzQ=") == std::string::npos);
  const std::string services = unavailable["services"].get<std::string>();
  CHECK(services.find("answered 500: bad gateway for Authorization: Basic ***") !=
        std::string::npos);
  CHECK(services.size() < 300);
  CHECK(unavailable["routers"] == "http://traefik.test:9000/api/http/routers answered 401");
}

TEST_CASE("traefik facts are redacted of Traefik's credentials, not other collectors'",
          "[traefik]") {
  redactor().add("erpsecret9");  // registered by another collector (odoo.conf's db_password)
  ScriptedApi api;
  api.empty_traefik();
  api.on("/api/http/routers?page=1&per_page=2", 200,
         R"j([{"name":"erpsecret9-web@kubernetescrd","rule":"Host(`erpsecret9.example.com`)"},
             {"name":"echo@file","rule":"Header(`X-Pw`, `pw-1234`) || Header(`X-B`, `Z29saXZlOnB3LTEyMzQ=`)"}])j",
         {{"x-next-page", "1"}});
  Settings s = settings();
  s.access.username = "golive";
  s.access.password = "pw-1234";
  const auto result = run(api, s);
  const json& routers = result.facts["traefik"]["routers"];
  CHECK(routers[0]["name"] == "erpsecret9-web@kubernetescrd");
  CHECK(routers[0]["rule"] == "Host(`erpsecret9.example.com`)");
  CHECK(routers[1]["rule"] == "Header(`X-Pw`, `***`) || Header(`X-B`, `***`)");
}

// Collects with basic auth from `api`, the anonymous GET /api/version
// answered by `anonymous` instead.
CollectorResult run_with_anonymous(ScriptedApi& api, const net::HttpResponse& anonymous) {
  const HttpTransport scripted = api.transport();
  const HttpTransport transport = [&](const net::HttpRequest& request) {
    bool authenticated = false;
    for (const auto& header : request.headers) authenticated |= header.first == "Authorization";
    return authenticated ? scripted(request) : anonymous;
  };
  Settings s = settings();
  s.access.username = "golive";
  s.access.password = "pw-1234";
  return collect_live(s, std::chrono::steady_clock::now() + std::chrono::hours(1), transport);
}

TEST_CASE("traefik: no answer to the anonymous probe leaves the exposure unknown", "[traefik]") {
  ScriptedApi api;
  api.empty_traefik();
  net::HttpResponse refused;
  refused.error = "Connection refused";
  const auto result = run_with_anonymous(api, refused);
  const json& facts = result.facts["traefik"];
  CHECK(facts["api_exposure"] ==
        json::parse(R"({"url":"http://traefik.test:9000","credentials":true})"));
  CHECK(facts["unavailable"]["api_exposure"] ==
        "no answer to GET /api/version without the credentials: cannot reach "
        "http://traefik.test:9000/api/version: Connection refused");
  CHECK(result.status == "partial");
  CHECK(facts.contains("routers"));
}

TEST_CASE("traefik: an anonymous status other than 2xx, 3xx, 401, 403 tells nothing", "[traefik]") {
  for (const long status : {200L, 302L, 401L, 403L, 404L, 500L, 503L}) {
    ScriptedApi api;
    api.empty_traefik();
    net::HttpResponse anonymous;
    anonymous.status = status;
    anonymous.body = R"({"message":"no backend"})";
    const auto result = run_with_anonymous(api, anonymous);
    const json& facts = result.facts["traefik"];
    INFO(status);
    CHECK(facts["api_exposure"]["anonymous_status"] == status);
    const bool tells = status != 404 && status != 500 && status != 503;
    CHECK(facts["unavailable"].contains("api_exposure") == !tells);
    CHECK(result.status == (tells ? "ok" : "partial"));
    if (!tells)
      CHECK(facts["unavailable"]["api_exposure"] ==
            fmt::format("without the credentials, http://traefik.test:9000/api/version answered "
                        "{}: no backend: neither a refusal (401, 403, a redirect) nor an answer "
                        "(2xx), it tells nothing of their enforcement",
                        status));
  }
}

TEST_CASE("traefik objects lose password hashes and secret header values", "[traefik]") {
  json items = json::parse(R"([
    {"name":"auth@file","type":"basicauth","basicAuth":{"users":["admin:$apr1$x$y","bob:$2y$05$z"]}},
    {"name":"digest@file","type":"digestauth","digestAuth":{"users":["test:traefik:a2688e"]}},
    {"name":"h@file","type":"headers","headers":{"frameDeny":true,
      "customRequestHeaders":{"Authorization":"Bearer abc","X-Api-Key":"k","X-Forwarded-Proto":"https","X-Token":""}}}])");
  redact_objects(items);
  CHECK(items[0]["basicAuth"]["users"] ==
        json({"admin:<redacted by golive>", "bob:<redacted by golive>"}));
  CHECK(items[1]["digestAuth"]["users"] == json({"test:<redacted by golive>"}));
  CHECK(items[2]["headers"]["customRequestHeaders"] ==
        json::parse(R"({"Authorization":"<redacted by golive>","X-Api-Key":"<redacted by golive>",
                        "X-Forwarded-Proto":"https","X-Token":""})"));
  CHECK(items[2]["headers"]["frameDeny"] == true);
}

TEST_CASE("traefik middlewares lose plugin and other settings named like secrets", "[traefik]") {
  json items = json::parse(R"([
    {"name":"crowdsec@file","provider":"file","type":"crowdsec-bouncer","status":"enabled",
     "plugin":{"crowdsec-bouncer":{"enabled":true,"crowdsecMode":"stream",
       "crowdsecLapiKey":"lapi-0f3c9e","crowdsecLapiHost":"crowdsec:8080",
       "captchaProvider":"hcaptcha","captchaSiteKey":"site-11","captchaSecretKey":"cap-22",
       "redisCachePassword":"redis-33","crowdsecLapiTLSCertificateBouncerKey":"/etc/k.pem",
       "apiKeys":["k1","k2"],"credentials":{"user":"u","pass":"p"},"forwardedHeadersTrustedIPs":["10.0.0.0/8"]}}},
    {"name":"jwt@file","type":"jwt-token","plugin":{"jwt-token":{"issuer":"https://id","Secret":"s3"}}},
    {"name":"rl@file","type":"ratelimit","rateLimit":{"average":10,
      "sourceCriterion":{"requestHeaderName":"X-Client"},
      "redis":{"endpoints":["redis:6379"],"username":"rl","password":"redis-44","tls":{"key":"/certs/k.pem"}}}},
    {"name":"fa@file","type":"forwardauth","forwardAuth":{"address":"https://auth","headerField":"X-User",
      "authResponseHeaders":["X-Auth-User"],"tls":{"ca":"/ca.pem","cert":"/c.pem","key":"/k.pem"}}},
    {"name":"h@file","type":"headers","headers":{"publicKey":"pin-sha256=\"abc\"","stsPreload":true,
      "accessControlAllowCredentials":true,"customResponseHeaders":{"X-Api-Key":"v","X-Gone":""}}},
    {"name":"pem@file","type":"x","plugin":{"x":{"cert":"-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n"}}}])");
  const json served = items;
  redact_middlewares(items);
  const std::string redacted = "<redacted by golive>";
  const json& bouncer = items[0]["plugin"]["crowdsec-bouncer"];
  for (const char* key : {"crowdsecLapiKey", "captchaSiteKey", "captchaSecretKey",
                          "redisCachePassword", "crowdsecLapiTLSCertificateBouncerKey"})
    CHECK(bouncer[key] == redacted);
  CHECK(bouncer["apiKeys"] == json({redacted, redacted}));
  CHECK(bouncer["credentials"] == json({{"user", redacted}, {"pass", redacted}}));
  for (const char* key : {"enabled", "crowdsecMode", "crowdsecLapiHost", "captchaProvider",
                          "forwardedHeadersTrustedIPs"})
    CHECK(bouncer[key] == served[0]["plugin"]["crowdsec-bouncer"][key]);
  CHECK(items[0]["name"] == "crowdsec@file");
  // A plugin's name is not a setting: only its Secret goes.
  CHECK(items[1]["plugin"]["jwt-token"] == json({{"issuer", "https://id"}, {"Secret", redacted}}));
  // Traefik's own: redis.password goes; tls key paths, header names, pins stay.
  json expected = served[2];
  expected["rateLimit"]["redis"]["password"] = redacted;
  CHECK(items[2] == expected);
  CHECK(items[3] == served[3]);
  expected = served[4];
  expected["headers"]["customResponseHeaders"]["X-Api-Key"] = redacted;
  CHECK(items[4] == expected);
  CHECK(items[5]["plugin"]["x"]["cert"] == "<redacted by golive: private key>");
}

TEST_CASE("traefik golden responses keep every value but basicAuth/digestAuth hashes",
          "[traefik]") {
  namespace fs = std::filesystem;
  const fs::path root = GOLIVE_TEST_DATA "/traefik-api";
  int files = 0;
  for (const fs::path& dir : {root, root / "v2.11"}) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() != ".json") continue;
      std::ifstream in(entry.path());
      const json body = json::parse(in);
      json items = body.is_array() ? body : json::array({body});
      json expected = items;
      redact_objects(expected);  // the hashes and header values only
      redact_middlewares(items);
      INFO(entry.path().string());
      CHECK(items == expected);
      ++files;
    }
  }
  CHECK(files >= 140);  // 75 of v3, 70 of v2.11
}

TEST_CASE("public_hosts entries: host, host:port, [IPv6]:port", "[traefik]") {
  auto parsed = [](const std::string& text) {
    const auto target = parse_host_port(text);
    return target ? target->host + "|" + std::to_string(target->port) : std::string("invalid");
  };
  CHECK(parsed("erp.example.com") == "erp.example.com|443");
  CHECK(parsed("shop.example.com:8443") == "shop.example.com|8443");
  CHECK(parsed("[2001:db8::1]:444") == "2001:db8::1|444");
  CHECK(parsed("[2001:db8::1]") == "2001:db8::1|443");
  CHECK(parsed("2001:db8::1") == "2001:db8::1|443");
  CHECK(parsed("10.0.0.1:443") == "10.0.0.1|443");
  CHECK(parsed("erp.example.com:") == "invalid");
  CHECK(parsed("erp.example.com:99999") == "invalid");
  CHECK(parsed("erp.example.com:0") == "invalid");
  CHECK(parsed(":443") == "invalid");
  CHECK(parsed("https://erp.example.com") == "invalid");
  CHECK(parsed("[::1]x") == "invalid");
  CHECK(parsed("") == "invalid");
}

namespace {

// A loopback port nobody answers on: a TLS handshake there times out.
struct SilentListener {
  int port = 0;
  int fd = test::listen_on_loopback(port);
  ~SilentListener() { ::close(fd); }
};

}  // namespace

TEST_CASE("traefik TLS versions: no answer in time or no connection is not a refusal",
          "[traefik]") {
  const auto soon = [] {
    return std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
  };
  int closed_port = 0;
  {
    SilentListener silent;
    closed_port = silent.port;
    const auto started = std::chrono::steady_clock::now();
    CHECK(probe_protocols({"127.0.0.1", silent.port}, soon()) == json::object());
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
  }
  CHECK(probe_protocols({"127.0.0.1", closed_port}, soon()) == json::object());  // refused
}

TEST_CASE("only_version is for inspect sessions and known versions", "[traefik]") {
  SilentListener silent;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  for (const auto& [version, inspect] : {std::pair{"TLSv1.1", false}, std::pair{"SSLv3", true}}) {
    const int fd = net::connect_tcp("127.0.0.1", silent.port, deadline);
    net::TlsOptions options;
    options.enabled = true;
    options.inspect = inspect;
    options.only_version = version;
    CHECK_THROWS_AS(net::TlsSession(fd, options, "127.0.0.1", silent.port, deadline),
                    std::logic_error);
    ::close(fd);
  }
}
