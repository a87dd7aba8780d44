#include <catch2/catch.hpp>

#include "golive/collector.hpp"
#include "golive/yaml.hpp"

using namespace golive;

namespace {

CollectorRequest request_for(const nlohmann::json& targets) {
  CollectorRequest request;
  request.settings = {{"targets", targets}};
  return request;
}

TargetOutcome outcome_from(const nlohmann::json& settings) {
  return {settings.value("status", "ok"), settings.value("error", ""),
          settings.value("status", "ok") == "unreachable" ? nlohmann::json()
                                                          : nlohmann::json{{"seen", true}}};
}

}  // namespace

TEST_CASE("collect_targets puts each target's facts under the collector's key") {
  auto result = collect_targets(
      "postgres", request_for({{"a", nlohmann::json::object()}, {"b", nlohmann::json::object()}}),
      [](const std::string&, const nlohmann::json& s) { return outcome_from(s); });
  CHECK(result.status == "ok");
  CHECK(result.error.empty());
  CHECK(result.facts["postgres"]["a"]["seen"] == true);
  CHECK(result.facts["postgres"]["b"]["seen"] == true);
}

TEST_CASE("collect_targets keeps a common failure and calls a mixture partial") {
  auto probe = [](const std::string&, const nlohmann::json& s) { return outcome_from(s); };
  auto all_down = collect_targets(
      "redis",
      request_for({{"a", {{"status", "unreachable"}, {"error", "connection refused"}}},
                   {"b", {{"status", "unreachable"}, {"error", "timeout"}}}}),
      probe);
  CHECK(all_down.status == "unreachable");
  CHECK(all_down.error == "a: connection refused; b: timeout");
  CHECK(all_down.facts["redis"].empty());

  auto mixed =
      collect_targets("redis",
                      request_for({{"a", nlohmann::json::object()},
                                   {"b", {{"status", "unauthorized"}, {"error", "WRONGPASS"}}}}),
                      probe);
  CHECK(mixed.status == "partial");
  CHECK(mixed.facts["redis"].contains("a"));
  CHECK(mixed.facts["redis"].contains("b"));
}

TEST_CASE("collect_targets turns a throwing probe into an unreachable target") {
  auto result = collect_targets("postgres", request_for({{"a", nlohmann::json::object()}}),
                                [](const std::string&, const nlohmann::json&) -> TargetOutcome {
                                  throw std::runtime_error("bug");
                                });
  CHECK(result.status == "unreachable");
  CHECK(result.error == "a: probe failed: bug");
}

TEST_CASE("validate_targets reports bad names and unknown keys with positions") {
  const auto doc = parse_yaml_documents(
      "targets:\n  odoo db:\n    dsn: x\n  cache:\n    url: y\n    rol: queue\n", "golive.yaml");
  DiagnosticSink sink;
  validate_targets(doc.front(), "golive.yaml", "redis", {"url", "role"}, {"url"}, sink);
  std::string text;
  try {
    sink.throw_if_any();
  } catch (const InputError& e) {
    text = e.what();
  }
  CHECK_THAT(text, Catch::Contains("golive.yaml:2:3"));
  CHECK_THAT(text, Catch::Contains("target name 'odoo db'"));
  CHECK_THAT(text, Catch::Contains("golive.yaml:6:5"));
  CHECK_THAT(text, Catch::Contains("did you mean 'role'"));
}
