#include <catch2/catch.hpp>

#include <sstream>

#include "golive/report.hpp"
#include "report/sarif.hpp"

using namespace golive;
using Json = nlohmann::json;

namespace {

const std::string kHostile =
    "<script>alert(1)</script>\"><img src=x onerror=alert(2)>]]>\x1b[2J|`x`";

Json finding(std::string rule, std::string resource, std::string severity, std::string status,
             std::string domain = "security") {
  return {{"rule_id", rule},
          {"title", "T " + rule},
          {"domain", domain},
          {"severity", severity},
          {"status", status},
          {"resource", resource},
          {"message", resource + " is wrong"},
          {"evidence", {{"self.x", 1}}}};
}

Json sample_result() {
  Json findings = Json::array({
      finding("security.a", "one", "blocking", "fail"),
      finding("security.a", "two", "blocking", "fail"),
      finding("security.a", "three", "blocking", "pass"),
      finding("resilience.b", "db", "high", "unknown", "resilience"),
      finding("resilience.c", "db", "medium", "fail", "resilience"),
      finding("resilience.d", "db", "low", "fail", "resilience"),
      finding("resilience.e", "db", "info", "error", "resilience"),
      finding("operations.f", "db", "high", "waived", "operations"),
      finding("operations.g", "db", "high", "skipped", "operations"),
      finding("operations.h", kHostile, "blocking", "unknown", "operations"),
  });
  findings[3]["reason"] = "missing facts: self.config";
  findings[6]["error"] = "no such overload";
  Json rules = {
      {"security.a",
       {{"title", "Rule A"},
        {"domain", "security"},
        {"severity", "blocking"},
        {"rationale", "because"},
        {"remediation", "fix it"},
        {"references", {"https://example.com/a", "https://example.com/a2"}},
        {"tags", {"azure"}},
        {"file", "rules/security/security.a.yaml"},
        {"line", 1},
        {"source", "builtin:rules/security/security.a.yaml:1:1"}}},
      // A result written before rules[id].file/line existed: from `source`.
      {"resilience.b",
       {{"title", "Rule B"},
        {"domain", "resilience"},
        {"severity", "high"},
        {"source", "packs/team/b.yaml:12:3"}}},
  };
  return {{"golive_result", 1},
          {"golive_version", "0.1.0"},
          {"environment", "retail-prod"},
          {"profile", "production"},
          {"collected_at", "2026-11-20T08:00:00Z"},
          {"decision", "NO_GO"},
          {"inconclusive", false},
          {"score", 50},
          {"findings", findings},
          {"rules", rules},
          {"collectors", {{"redis", {{"status", "partial"}, {"error", "CONFIG disabled"}}}}}};
}

const Json* result_for(const Json& sarif, const std::string& rule, const std::string& resource) {
  for (const auto& r : sarif["runs"][0]["results"])
    if (r["ruleId"] == rule && r["locations"][0]["logicalLocations"][0]["name"] == resource)
      return &r;
  return nullptr;
}

}  // namespace

TEST_CASE("SARIF: one run, golive driver, every rule with metadata", "[report][sarif]") {
  const Json sarif = report::to_sarif(sample_result());
  CHECK(sarif["version"] == "2.1.0");
  REQUIRE(sarif["runs"].size() == 1);
  const Json& run = sarif["runs"][0];
  const Json& driver = run["tool"]["driver"];
  CHECK(driver["name"] == "golive");
  CHECK(driver["version"] == "0.1.0");
  CHECK(driver.contains("informationUri"));
  const Json& rules = driver["rules"];
  REQUIRE(rules.size() == 8);  // every rule id of the result, sorted
  const Json& a = rules[7];
  CHECK(a["id"] == "security.a");
  CHECK(a["name"] == "SecurityA");
  CHECK(a["shortDescription"]["text"] == "Rule A");
  CHECK(a["fullDescription"]["text"] == "because");
  CHECK(a["helpUri"] == "https://example.com/a");
  CHECK(a["help"]["text"].get<std::string>().find("fix it") != std::string::npos);
  CHECK(a["help"]["markdown"].get<std::string>().find("https://example.com/a2") !=
        std::string::npos);
  CHECK(a["defaultConfiguration"]["level"] == "error");
  CHECK(a["properties"]["security-severity"] == "9.5");
  CHECK(a["properties"]["tags"] == Json({"security", "blocking", "azure"}));
  // security-severity only on security rules
  for (const auto& r : rules)
    CHECK(r["properties"].contains("security-severity") ==
          (r["properties"]["domain"] == "security"));
  CHECK(run["automationDetails"]["id"] == "golive/retail-prod/");
  CHECK(run["invocations"][0]["executionSuccessful"] == true);
  CHECK(run["originalUriBaseIds"].contains("%SRCROOT%"));
}

TEST_CASE("SARIF: fail, unknown and error are results; pass, skipped, waived are left out",
          "[report][sarif]") {
  const Json sarif = report::to_sarif(sample_result());
  const Json& results = sarif["runs"][0]["results"];
  CHECK(results.size() == 7);
  for (const auto& r : results) {
    const std::string status = r["properties"]["status"];
    CHECK((status == "fail" || status == "unknown" || status == "error"));
    // ruleIndex resolves to the rule
    CHECK(sarif["runs"][0]["tool"]["driver"]["rules"][r["ruleIndex"].get<std::size_t>()]["id"] ==
          r["ruleId"]);
  }
  CHECK_FALSE(result_for(sarif, "security.a", "three"));
  CHECK_FALSE(result_for(sarif, "operations.f", "db"));
  CHECK_FALSE(result_for(sarif, "operations.g", "db"));
}

TEST_CASE("SARIF: levels follow severity; unknown and error at most warning", "[report][sarif]") {
  const Json sarif = report::to_sarif(sample_result());
  CHECK((*result_for(sarif, "security.a", "one"))["level"] == "error");
  CHECK((*result_for(sarif, "resilience.b", "db"))["level"] == "warning");  // high, unknown
  CHECK((*result_for(sarif, "resilience.c", "db"))["level"] == "warning");  // medium
  CHECK((*result_for(sarif, "resilience.d", "db"))["level"] == "note");     // low
  CHECK((*result_for(sarif, "resilience.e", "db"))["level"] == "note");     // info, error
  CHECK(report::sarif_security_severity("high") == "8.0");
  CHECK(report::sarif_security_severity("low") == "3.0");
}

TEST_CASE("SARIF: every result is located at its rule file and names its resource",
          "[report][sarif]") {
  const Json sarif = report::to_sarif(sample_result());
  for (const auto& r : sarif["runs"][0]["results"]) {
    const Json& loc = r["locations"][0];
    CHECK(loc["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
    CHECK(loc["physicalLocation"]["region"]["startLine"].get<int>() >= 1);
    CHECK(loc["logicalLocations"][0]["kind"] == "resource");
  }
  const Json& a = *result_for(sarif, "security.a", "one");
  CHECK(a["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "rules/security/security.a.yaml");
  CHECK(a["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "retail-prod/one");
  CHECK(a["properties"]["severity"] == "blocking");
  CHECK(a["properties"]["evidence"]["self.x"] == 1);
  // Fallback from `source` when `file`/`line` are absent.
  const Json& b = *result_for(sarif, "resilience.b", "db");
  CHECK(b["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "packs/team/b.yaml");
  CHECK(b["locations"][0]["physicalLocation"]["region"]["startLine"] == 12);

  auto loc = report::sarif_rule_location({{"source", "builtin:rules/x/y.yaml:3:1"}});
  CHECK(loc.file == "rules/x/y.yaml");
  CHECK(loc.line == 3);
  loc = report::sarif_rule_location({{"file", "p/r.yaml"}, {"line", 7}, {"source", "z:1:1"}});
  CHECK(loc.file == "p/r.yaml");
  CHECK(loc.line == 7);
}

TEST_CASE("SARIF: two resources of one rule get distinct fingerprints", "[report][sarif]") {
  const Json sarif = report::to_sarif(sample_result());
  const std::string one =
      (*result_for(sarif, "security.a", "one"))["partialFingerprints"]["primaryLocationLineHash"];
  const std::string two =
      (*result_for(sarif, "security.a", "two"))["partialFingerprints"]["primaryLocationLineHash"];
  CHECK(one != two);
  CHECK(one.size() == 18);
  CHECK(one.substr(16) == ":1");
  CHECK(one == report::sarif_fingerprint("security.a", "one"));
  // Stable across runs, and rule + resource are not confusable by concatenation.
  CHECK(report::sarif_fingerprint("a.b", "c") != report::sarif_fingerprint("a", "b.c"));
  CHECK(report::sarif_fingerprint("ab", "c") != report::sarif_fingerprint("a", "bc"));
}

TEST_CASE("SARIF: hostile strings stay inert text in valid JSON", "[report][sarif]") {
  std::ostringstream out;
  make_renderer("sarif")->render(sample_result(), out, {});
  const std::string text = out.str();
  CHECK(text.find('\x1b') == std::string::npos);  // JSON-escaped as \u001b
  const Json sarif = Json::parse(text);
  const Json* r = result_for(sarif, "operations.h", kHostile);
  REQUIRE(r);
  const std::string message = (*r)["message"]["text"];
  // Brackets are escaped so that no SARIF embedded link can form.
  CHECK(message.find("\\]\\]>") != std::string::npos);
  CHECK(message.find("<script>") != std::string::npos);  // plain text, not markup
  CHECK((*r)["locations"][0]["logicalLocations"][0]["name"] == kHostile);
  // Collector trouble is reported as a tool notification.
  CHECK(sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"] ==
        "collector redis: partial: CONFIG disabled");
}

TEST_CASE("SARIF points audited findings at the golive.yaml line of their collector", "[sarif]") {
  const nlohmann::json rule = {
      {"file", "rules/x/y.yaml"}, {"line", 1}, {"applies_to", "azure.aks"}};
  const nlohmann::json collectors = {
      {"azure", {{"status", "ok"}, {"declared_at", {{"file", "golive.yaml"}, {"line", 9}}}}},
      {"k8s", {{"status", "ok"}}}};
  auto loc = report::sarif_finding_location(rule, collectors);
  CHECK(loc.file == "golive.yaml");
  CHECK(loc.line == 9);
  // Facts from a snapshot (no declaration): the rule file.
  nlohmann::json k8s_rule = rule;
  k8s_rule["applies_to"] = "k8s.deployments";
  loc = report::sarif_finding_location(k8s_rule, collectors);
  CHECK(loc.file == "rules/x/y.yaml");
  CHECK(loc.line == 1);
}
