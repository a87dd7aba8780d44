// Redis URLs and target settings: parsing, and golive.yaml errors with
// file:line:column (the literal password in a URL among them).

#include <catch2/catch.hpp>

#include "collectors/redis/redis_settings.hpp"
#include "collectors/redis/redis_url.hpp"
#include "config_errors.hpp"

using namespace golive::collectors::redis;

namespace {

std::size_t error_offset(const std::string& url) {
  try {
    parse_url(url);
  } catch (const UrlError& e) {
    return e.offset();
  }
  FAIL("no error for " << url);
  return 0;
}

std::string load_errors(const std::string& text) {
  return golive::test::golive_yaml_errors(text);
}

std::string with_target(const std::string& lines) {
  return "environment: t\ncollectors:\n  redis:\n    targets:\n      cache:\n" + lines;
}

}  // namespace

TEST_CASE("Redis URLs: scheme, host, port, database, user-info") {
  auto url = parse_url("redis://cache.internal:6390/2");
  CHECK_FALSE(url.tls);
  CHECK(url.host == "cache.internal");
  CHECK(url.port == 6390);
  CHECK(url.database == 2);
  CHECK(url.username.empty());
  CHECK(url.password.empty());

  url = parse_url("rediss://redis-retail-prod.redis.cache.windows.net:6380");
  CHECK(url.tls);
  CHECK(url.port == 6380);
  CHECK(url.database == 0);

  CHECK(parse_url("redis://localhost").port == 6379);
  CHECK(parse_url("REDIS://h/").host == "h");
  url = parse_url("redis://[::1]:7000/0");
  CHECK(url.host == "::1");
  CHECK(url.port == 7000);
  CHECK(parse_url("redis://[::1]").port == 6379);

  url = parse_url("redis://golive@h:1");
  CHECK(url.username == "golive");
  CHECK(url.password.empty());
  // A resolved password may hold anything, '@', ':' and '/' included: the
  // user-info ends at the last '@'.
  url = parse_url("rediss://golive:p@ss:w/rd@h:6380/0");
  CHECK(url.username == "golive");
  CHECK(url.password == "p@ss:w/rd");
  CHECK(url.host == "h");
  url = parse_url("redis://:${env:PW}@h");
  CHECK(url.username.empty());
  CHECK(url.password == "${env:PW}");
  url = parse_url("redis://${env:USER}:${env:PW}@h");
  CHECK(url.username == "${env:USER}");
  CHECK(url.password == "${env:PW}");
}

TEST_CASE("Redis URL errors say what to write, at the offending offset") {
  CHECK(error_offset("localhost:6379") == 0);
  CHECK(error_offset("http://h:1") == 0);
  CHECK(error_offset("unix:///run/redis.sock") == 0);
  CHECK(error_offset("redis://:1") == 8);
  CHECK(error_offset("redis://h:0") == 10);
  CHECK(error_offset("redis://h:65536") == 10);
  CHECK(error_offset("redis://h:6379x") == 10);
  CHECK(error_offset("redis://h:6379/db1") == 15);
  CHECK(error_offset("redis://h:6379/0?ssl=true") == 16);
  CHECK(error_offset("redis://bad host:1") == 8);
  CHECK(error_offset("redis://[::1:1") == 8);
  try {
    parse_url("http://h");
  } catch (const UrlError& e) {
    CHECK_THAT(e.what(), Catch::Contains("use redis:// (plain TCP) or rediss:// (TLS)"));
  }
}

TEST_CASE("golive.yaml: a literal password in the URL is refused at its column") {
  const auto errors =
      load_errors(with_target("        url: redis://golive:hunter2-literal@cache:6379/0\n"));
  CHECK_THAT(errors, Catch::Contains("golive.yaml:6:29: error: the URL holds a literal password: "
                                     "put the password in `password: ${env:NAME}`"));
  CHECK_THAT(errors, !Catch::Contains("hunter2"));
  // Quoted: the text starts after the quote.
  CHECK_THAT(load_errors(with_target("        url: \"redis://:hunter2-literal@cache\"\n")),
             Catch::Contains("golive.yaml:6:24: error: the URL holds a literal password"));
  // A reference is fine, and so is a user without a password in the URL.
  CHECK(load_errors(with_target("        url: redis://golive:${env:PW}@cache:6379/0\n")) == "");
  CHECK(load_errors(with_target("        url: redis://golive@cache:6379/0\n"
                                "        password: ${env:PW}\n")) == "");
  CHECK(load_errors(with_target("        url: ${env:REDIS_URL}\n")) == "");
}

TEST_CASE("golive.yaml: bad URLs, roles and TLS files are reported with positions") {
  CHECK_THAT(load_errors(with_target("        url: http://cache:6379\n")),
             Catch::Contains("golive.yaml:6:14: error: unsupported scheme 'http'"));
  CHECK_THAT(load_errors(with_target("        url: redis://cache:99999/0\n")),
             Catch::Contains("golive.yaml:6:28: error: port '99999' must be a number"));
  // With references in the user-info, columns still point into the text as written.
  CHECK_THAT(load_errors(with_target("        url: redis://u:${env:PW}@cache:x/0\n")),
             Catch::Contains("golive.yaml:6:40: error: port 'x'"));
  CHECK_THAT(load_errors(with_target("        url: redis://cache\n        role: queues\n")),
             Catch::Contains("golive.yaml:7:15: error: 'role' must be queue, cache or session"));
  CHECK_THAT(load_errors(with_target("        url: redis://cache\n        role: queues\n")),
             Catch::Contains("did you mean 'queue'"));
  CHECK_THAT(load_errors(with_target("        url: rediss://cache\n        cert_file: c.pem\n")),
             Catch::Contains("golive.yaml:7:20: error: 'cert_file' needs 'key_file'"));
  CHECK_THAT(load_errors(with_target("        url: redis://cache\n        ca_file: ca.pem\n")),
             Catch::Contains("golive.yaml:7:18: error: 'ca_file' only applies to TLS"));
  CHECK_THAT(load_errors(with_target("        url: redis://cache\n        username: golive\n")),
             Catch::Contains("golive.yaml:7:19: error: 'username' needs 'password"));
  CHECK_THAT(load_errors(with_target("        role: cache\n")),
             Catch::Contains("is missing the required key 'url'"));
  CHECK_THAT(load_errors(with_target("        url: redis://cache\n        pasword: ${env:X}\n")),
             Catch::Contains("did you mean 'password'"));
  // The secrets check of golive.yaml applies to targets too.
  CHECK_THAT(load_errors(with_target("        url: redis://cache\n        password: hunter2\n")),
             Catch::Contains("golive.yaml:7:19: error: 'password' must be a reference"));
  CHECK(load_errors(
            with_target("        url: rediss://cache:6380/0\n        role: session\n"
                        "        username: golive\n        password: ${file:pw}\n"
                        "        ca_file: ca.pem\n        cert_file: c.pem\n"
                        "        key_file: c.key\n        server_name: redis.internal\n")) == "");
}

TEST_CASE("A target's resolved settings: credentials, role and files relative to golive.yaml") {
  auto target = target_from({{"url", "rediss://golive:from-env@h:6380/0"},
                             {"role", "session"},
                             {"ca_file", "certs/ca.pem"},
                             {"cert_file", "/abs/client.pem"},
                             {"key_file", "client.key"},
                             {"server_name", "redis.internal"}},
                            "/etc/golive");
  CHECK(target.url.host == "h");
  CHECK(target.role == "session");
  CHECK(target.username == "golive");
  CHECK(target.password == "from-env");
  CHECK(target.has_credentials());
  CHECK(target.tls.enabled);
  CHECK(target.tls.ca_file == "/etc/golive/certs/ca.pem");
  CHECK(target.tls.cert_file == "/abs/client.pem");
  CHECK(target.tls.key_file == "/etc/golive/client.key");
  CHECK(target.tls.server_name == "redis.internal");

  target =
      target_from({{"url", "redis://h"}, {"username", 1234}, {"password", "pw-from-env"}}, ".");
  CHECK(target.username == "1234");
  CHECK(target.password == "pw-from-env");
  CHECK_FALSE(target.tls.enabled);
  CHECK(target.role.empty());
  CHECK_FALSE(target_from({{"url", "redis://h"}}, ".").has_credentials());
}
