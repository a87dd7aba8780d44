#include <catch2/catch.hpp>

#include "golive/yaml.hpp"

using namespace golive;

namespace {
nlohmann::json convert(const std::string& text) {
  return yaml_to_json(YAML::Load(text));
}
}  // namespace

TEST_CASE("plain scalars are typed by the YAML 1.2 core schema", "[yaml]") {
  auto j = convert(
      "a: 2\nb: '2'\nc: 2.5\nd: true\ne: ~\nf: yes\ng: 0x1F\nh: \"true\"\ni: 1e3\nj: 08:00\n"
      "k: !!str 12\nl: -7\nm:\n");
  CHECK(j["a"] == 2);
  CHECK(j["b"] == "2");
  CHECK(j["c"] == 2.5);
  CHECK(j["d"] == true);
  CHECK(j["e"].is_null());
  CHECK(j["f"] == "yes");  // YAML 1.1 booleans stay strings
  CHECK(j["g"] == 31);
  CHECK(j["h"] == "true");
  CHECK(j["i"] == 1000.0);
  CHECK(j["j"] == "08:00");
  CHECK(j["k"] == "12");
  CHECK(j["l"] == -7);
  CHECK(j["m"].is_null());
}

TEST_CASE("lists and nested mappings convert", "[yaml]") {
  auto j = convert("k8s: {deployments: [{metadata: {name: web}, spec: {replicas: 2}}]}");
  CHECK(j["k8s"]["deployments"][0]["spec"]["replicas"] == 2);
  CHECK(j["k8s"]["deployments"][0]["metadata"]["name"] == "web");
}

TEST_CASE("syntax errors carry their position", "[yaml]") {
  try {
    parse_yaml_documents("a: 1\nb: [1, 2\n", "x.yaml");
    FAIL("expected an error");
  } catch (const InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].location.file == "x.yaml");
    CHECK(e.diagnostics()[0].location.line >= 2);
    CHECK(e.diagnostics()[0].message.find("invalid YAML") != std::string::npos);
  }
}

TEST_CASE("check_keys reports unknown, duplicate and missing keys", "[yaml]") {
  DiagnosticSink sink;
  auto node = YAML::Load("id: x\nseverty: high\n");
  check_keys(node, "r.yaml", "rule", {"id", "severity", "title"}, {"id", "title"}, sink);
  try {
    sink.throw_if_any();
    FAIL("expected errors");
  } catch (const InputError& e) {
    REQUIRE(e.diagnostics().size() == 2);
    CHECK(e.diagnostics()[0].location.line == 2);
    CHECK(e.diagnostics()[0].location.column == 1);
    CHECK(e.diagnostics()[0].message.find("did you mean 'severity'") != std::string::npos);
    CHECK(e.diagnostics()[1].message.find("missing the required key 'title'") != std::string::npos);
  }
}
