#include <regex>
#include <set>

#include <catch2/catch.hpp>

#include "config_errors.hpp"
#include "golive/collector.hpp"
#include "golive/config.hpp"
#include "golive/text.hpp"

using namespace golive;

namespace {

std::string load_errors(const std::string& yaml) {
  return test::golive_yaml_errors(yaml);
}

std::string with_target(const std::string& target_lines) {
  return "environment: t\ncollectors:\n  postgres:\n    targets:\n      db:\n" + target_lines;
}

}  // namespace

TEST_CASE("a literal password in the dsn is an error at its position", "[postgres]") {
  const std::string keyword =
      load_errors(with_target("        dsn: \"host=db password=hunter22 user=x\"\n"));
  CHECK_THAT(keyword, Catch::Contains("golive.yaml:6:32: error: a password is written in 'dsn'"));
  CHECK_THAT(keyword, Catch::Contains("password: ${env:NAME}"));
  CHECK_THAT(keyword, !Catch::Contains("hunter22"));

  const std::string uri =
      load_errors(with_target("        dsn: postgresql://golive:hunter22@db/odoo\n"));
  CHECK_THAT(uri, Catch::Contains("golive.yaml:6:34: error: a password is written in 'dsn'"));

  const std::string query =
      load_errors(with_target("        dsn: 'postgresql://db/odoo?password=hunter22'\n"));
  CHECK_THAT(query, Catch::Contains("golive.yaml:6:45: error"));
}

TEST_CASE("a password by reference loads, in the dsn or beside it", "[postgres]") {
  CHECK(load_errors(with_target("        dsn: \"host=db user=x\"\n"
                                "        password: ${env:PGPASSWORD}\n"
                                "        statement_timeout: 2s\n")) == "");
  CHECK(load_errors(with_target("        dsn: \"host=db password=${env:PGPASSWORD}\"\n")) == "");
  CHECK(load_errors(with_target("        dsn: ''\n")) == "");
  CHECK(load_errors(with_target("        statement_timeout: 500ms\n")) == "");
}

TEST_CASE("a literal password key, bad durations, bad dsns and unknown keys are errors",
          "[postgres]") {
  const std::string errors =
      load_errors(with_target("        dsn: \"host=db\"\n"
                              "        password: hunter22\n"
                              "        statement_timeout: soon\n"
                              "        sslmode: require\n"));
  CHECK_THAT(errors, Catch::Contains("golive.yaml:7:19: error: 'password' must be a reference"));
  CHECK_THAT(errors, Catch::Contains("golive.yaml:8:28: error: 'statement_timeout' must be a "
                                     "positive duration"));
  CHECK_THAT(errors, Catch::Contains("golive.yaml:9:9"));
  CHECK_THAT(errors, Catch::Contains("sslmode"));
  CHECK_THAT(errors, !Catch::Contains("hunter22"));

  CHECK_THAT(load_errors(with_target("        dsn: \"host=db nosuchoption=1\"\n")),
             Catch::Contains("golive.yaml:6:14: error: dsn is not a libpq connection string"));
  CHECK_THAT(load_errors("environment: t\ncollectors:\n  postgres:\n    timeout: 5s\n"),
             Catch::Contains("missing the required key 'targets'"));
}

TEST_CASE("the postgres collector declares the fact keys of docs/facts.md", "[postgres]") {
  const std::string doc = read_file(std::string(GOLIVE_SOURCE_DIR) + "/docs/facts.md");
  const auto start = doc.find("## `postgres.<name>`");
  REQUIRE(start != std::string::npos);
  const auto end = doc.find("\n## ", start + 1);
  const std::string section = doc.substr(start, end - start);
  std::set<std::string> documented;
  static const std::regex kRow(R"(\n\| `([a-z_]+)[^`]*` \|)");
  for (auto it = std::sregex_iterator(section.begin(), section.end(), kRow);
       it != std::sregex_iterator(); ++it)
    documented.insert((*it)[1]);
  std::set<std::string> declared;
  for (const auto& path : make_collector("postgres")->schema().facts) {
    REQUIRE_THAT(path, Catch::StartsWith("postgres.<name>."));
    declared.insert(path.substr(std::string("postgres.<name>.").size()));
  }
  CHECK(documented == declared);
  CHECK(declared.size() == 14);
}

TEST_CASE("the full sample examples/golive.yaml loads", "[postgres][redis][config]") {
  const Config config = load_config(GOLIVE_SOURCE_DIR "/examples/golive.yaml");
  std::vector<std::string> names;
  for (const auto& c : config.collectors) names.push_back(c.name);
  CHECK(names == std::vector<std::string>{"files", "postgres", "redis"});
  CHECK(config.environment == "retail-prod");
}
