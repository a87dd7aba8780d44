#include <algorithm>
#include <cstdlib>

#include <catch2/catch.hpp>

#include "collectors/postgres/dsn.hpp"

using namespace golive::collectors::postgres;

TEST_CASE("a literal password is found in keyword dsns, URIs and URI queries", "[postgres]") {
  CHECK(find_literal_password("host=db password=hunter22 dbname=odoo") == 17u);
  CHECK(find_literal_password("host=db password = 'a b c'") == 20u);
  CHECK(find_literal_password("host=db sslpassword=keypass") == 20u);
  CHECK(find_literal_password("postgresql://golive:hunter22@db/odoo") == 20u);
  CHECK(find_literal_password("postgres://db:5432/odoo?sslmode=require&password=x1") == 49u);
  CHECK(find_literal_password("postgresql://db/odoo?password=hunter22") == 30u);
}

TEST_CASE("references, empty passwords and password-free dsns are not literal passwords",
          "[postgres]") {
  CHECK_FALSE(find_literal_password("host=db password=${env:PGPASSWORD}"));
  CHECK_FALSE(find_literal_password("host=db password='${file:/run/secrets/pg}'"));
  CHECK_FALSE(find_literal_password("host=db password=''"));
  CHECK_FALSE(find_literal_password("postgresql://golive:${env:PW}@db/odoo"));
  CHECK_FALSE(find_literal_password("postgresql://golive@db/odoo"));
  CHECK_FALSE(find_literal_password("postgresql://db/odoo?application_name=x"));
  CHECK_FALSE(find_literal_password("host=db user=password dbname=password_reset"));
  CHECK_FALSE(find_literal_password("host=db application_name='password=x'"));
  CHECK_FALSE(find_literal_password(""));
}

TEST_CASE("parse_dsn reads keyword dsns and URIs with libpq's parser", "[postgres]") {
  auto keywords = parse_dsn("host=db.internal port=5433 dbname=odoo user=golive_ro");
  CHECK(option(keywords, "host") == "db.internal");
  CHECK(option(keywords, "port") == "5433");
  CHECK_FALSE(option(keywords, "password"));

  auto uri = parse_dsn("postgresql://golive_ro@db.internal:5433/odoo?sslmode=verify-full");
  CHECK(option(uri, "host") == "db.internal");
  CHECK(option(uri, "user") == "golive_ro");
  CHECK(option(uri, "dbname") == "odoo");
  CHECK(option(uri, "sslmode") == "verify-full");

  CHECK(parse_dsn("").empty());  // libpq's environment variables apply when connecting
}

TEST_CASE("dsn parse errors never quote the dsn", "[postgres]") {
  try {
    parse_dsn("host=db passwrd=s3cr3t-fragment");
    FAIL("expected a DsnError");
  } catch (const DsnError& e) {
    const std::string message = e.what();
    CHECK_THAT(message, Catch::Contains("invalid connection option"));
    CHECK_THAT(message, !Catch::Contains("s3cr3t"));
    CHECK_THAT(message, !Catch::Contains("passwrd"));
  }
  try {
    parse_dsn("host=db password='unterminated s3cr3t");
    FAIL("expected a DsnError");
  } catch (const DsnError& e) {
    CHECK_THAT(std::string(e.what()), !Catch::Contains("s3cr3t"));
  }
}

TEST_CASE("connection options add application_name, connect_timeout, password and paths",
          "[postgres]") {
  Options given = parse_dsn(
      "host=db application_name=odoo sslrootcert=certs/ca.pem sslcert=/etc/pg/client.crt "
      "sslkey=client.key");
  Options options = connection_options(given, {"pa ss'word\\", "/etc/golive", 7});
  CHECK(option(options, "application_name") == "golive");
  CHECK(option(options, "connect_timeout") == "7");
  CHECK(option(options, "password") == "pa ss'word\\");
  CHECK(option(options, "sslrootcert") == "/etc/golive/certs/ca.pem");
  CHECK(option(options, "sslcert") == "/etc/pg/client.crt");
  CHECK(option(options, "sslkey") == "/etc/golive/client.key");

  SECTION("the conninfo string quotes values so libpq reads them back unchanged") {
    Options back = parse_dsn(conninfo_string(options));
    std::sort(back.begin(), back.end());  // libpq lists options in its own order
    std::sort(options.begin(), options.end());
    CHECK(back == options);
  }
  SECTION("sslrootcert=system keeps its meaning") {
    auto system = connection_options(parse_dsn("sslrootcert=system"), {"", "/etc/golive", 5});
    CHECK(option(system, "sslrootcert") == "system");
  }
  SECTION("no password option without a password setting") {
    auto none = connection_options(parse_dsn("host=db"), {"", "", 5});
    CHECK_FALSE(option(none, "password"));
  }
}

TEST_CASE("connect_timeout is the smaller of the dsn's and golive's, at least 2s", "[postgres]") {
  auto timeout = [](const std::string& dsn, int plan) {
    return *option(connection_options(parse_dsn(dsn), {"", "", plan}), "connect_timeout");
  };
  CHECK(timeout("host=db", 13) == "13");
  CHECK(timeout("host=db connect_timeout=5", 13) == "5");
  CHECK(timeout("host=db connect_timeout=60", 13) == "13");
  CHECK(timeout("host=db connect_timeout=1", 13) == "2");
  CHECK(timeout("host=db", 0) == "2");
}

TEST_CASE("the target fact shows where golive connects, never the password", "[postgres]") {
  auto target = describe_target(parse_dsn(
      "host=db.internal port=5433 dbname=odoo user=golive_ro password=x sslmode=require"));
  CHECK(target == nlohmann::json{{"host", "db.internal"},
                                 {"port", 5433},
                                 {"dbname", "odoo"},
                                 {"user", "golive_ro"},
                                 {"sslmode", "require"}});

  SECTION("missing keys come from libpq's PG* environment variables") {
    ::setenv("PGHOST", "env-host.internal", 1);
    ::setenv("PGSSLMODE", "verify-ca", 1);
    auto from_env = describe_target(parse_dsn("user=golive_ro"));
    ::unsetenv("PGHOST");
    ::unsetenv("PGSSLMODE");
    CHECK(from_env["host"] == "env-host.internal");
    CHECK(from_env["sslmode"] == "verify-ca");
    CHECK(from_env["dbname"] == "golive_ro");  // libpq's default: the user's name
    CHECK_FALSE(from_env.contains("password"));
  }
  SECTION("hostaddr stands for the host when no host is given") {
    CHECK(describe_target(parse_dsn("hostaddr=10.0.0.5"))["host"] == "10.0.0.5");
  }
}
