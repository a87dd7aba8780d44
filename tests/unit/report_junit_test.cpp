#include <catch2/catch.hpp>

#include <regex>
#include <sstream>

#include "golive/report.hpp"
#include "report/junit.hpp"

using namespace golive;
using Json = nlohmann::json;

namespace {

const std::string kHostile =
    "<script>alert(1)</script>\"><img src=x onerror=alert(2)>]]>\x1b[2J\x01|`x`&amp;";

Json finding(std::string rule, std::string resource, std::string domain, std::string severity,
             std::string status) {
  return {{"rule_id", rule},
          {"title", "T " + rule},
          {"domain", domain},
          {"severity", severity},
          {"status", status},
          {"resource", resource},
          {"message", resource + " msg"},
          {"evidence", {{"self.x", 1}}}};
}

Json sample_result() {
  Json findings = Json::array({
      finding("security.a", "one", "security", "blocking", "fail"),
      finding("security.a", "two", "security", "blocking", "pass"),
      finding("security.postgres.b", "db", "security", "high", "unknown"),
      finding("resilience.c", "db", "resilience", "high", "error"),
      finding("operations.d", "db", "operations", "low", "waived"),
      finding("operations.e", "", "operations", "low", "skipped"),
      finding("devops.h", kHostile, "devops", "high", "fail"),
  });
  findings[2]["reason"] = "missing facts: self.hba";
  findings[3]["error"] = "no such overload";
  findings[4]["waiver"] = 0;
  findings[5]["reason"] = "nothing to check";
  findings[6]["message"] = kHostile;
  return {{"golive_result", 1},
          {"environment", "prod " + kHostile},
          {"profile", "production"},
          {"decision", "NO_GO"},
          {"score", 50},
          {"domains", Json::object()},
          {"findings", findings},
          {"waivers",
           {{{"rule", "operations.d"},
             {"resource", "db"},
             {"reason", "freeze"},
             {"approver", "CISO"},
             {"expires", "2027-01-31"},
             {"ticket", "CHG-1"},
             {"status", "active"}}}},
          {"collectors", {{"postgres", {{"status", "partial"}, {"error", "permission denied"}}}}}};
}

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("JUnit: one testsuite per domain, one testcase per rule and resource",
          "[report][junit]") {
  const std::string xml = report::to_junit(sample_result());
  CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites ", 0) == 0);
  CHECK(count(xml, "<testsuite ") == 6);  // all six domains, even empty ones
  CHECK(count(xml, "<testcase ") == 7);
  CHECK(xml.find("<testsuite name=\"architecture\" tests=\"0\" failures=\"0\" errors=\"0\" "
                 "skipped=\"0\"") != std::string::npos);
  CHECK(xml.find(
            "<testsuite name=\"security\" tests=\"3\" failures=\"1\" errors=\"1\" skipped=\"0\"") !=
        std::string::npos);
  CHECK(
      xml.find(
          "<testsuite name=\"operations\" tests=\"2\" failures=\"0\" errors=\"0\" skipped=\"2\"") !=
      std::string::npos);
  CHECK(xml.find("tests=\"7\" failures=\"2\" errors=\"2\"") != std::string::npos);
  CHECK(xml.find("<testcase classname=\"security.a\" name=\"two\" time=\"0\"/>") !=
        std::string::npos);
  // No resource: the rule title names the case.
  CHECK(xml.find("<testcase classname=\"operations.e\" name=\"T operations.e\"") !=
        std::string::npos);
}

TEST_CASE("JUnit: failure for fail, error for unknown and error, skipped for waived and skipped",
          "[report][junit]") {
  const std::string xml = report::to_junit(sample_result());
  CHECK(xml.find("<failure message=\"one msg\" type=\"blocking\">T security.a\none "
                 "msg\nEvidence:\n  self.x = 1</failure>") != std::string::npos);
  // unknown: the reason, and the collector that could not collect the facts
  CHECK(
      xml.find(
          "<error message=\"could not be verified: missing facts: self.hba\" type=\"unknown\">") !=
      std::string::npos);
  CHECK(xml.find("Collector postgres: partial (permission denied)") != std::string::npos);
  CHECK(xml.find("<error message=\"evaluation error: no such overload\" type=\"error\">") !=
        std::string::npos);
  CHECK(xml.find("<skipped message=\"waived by CISO until 2027-01-31 (CHG-1): freeze\" "
                 "type=\"waived\"/>") != std::string::npos);
  CHECK(xml.find("<skipped message=\"skipped: nothing to check\" type=\"skipped\"/>") !=
        std::string::npos);
}

TEST_CASE("JUnit: hostile strings are escaped, characters illegal in XML 1.0 shown as text",
          "[report][junit]") {
  std::ostringstream out;
  make_renderer("junit")->render(sample_result(), out, {});
  const std::string xml = out.str();
  CHECK(xml.find("<script>") == std::string::npos);
  CHECK(xml.find("<img") == std::string::npos);
  CHECK(xml.find("]]>") == std::string::npos);
  CHECK(xml.find('\x1b') == std::string::npos);
  CHECK(xml.find('\x01') == std::string::npos);
  CHECK(xml.find("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x "
                 "onerror=alert(2)&gt;]]&gt;\\x1b[2J\\x01|`x`&amp;amp;") != std::string::npos);
  // Only golive's own elements: every '<' starts a known tag.
  std::regex tag("<(/?)([A-Za-z?!][A-Za-z-]*)");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), tag); it != std::sregex_iterator();
       ++it) {
    const std::string name = (*it)[2];
    CHECK((name == "?xml" || name == "testsuites" || name == "testsuite" || name == "testcase" ||
           name == "properties" || name == "property" || name == "failure" || name == "error" ||
           name == "skipped"));
  }
}

TEST_CASE("xml_escape: attributes keep line breaks, bad UTF-8 becomes U+FFFD", "[report][junit]") {
  CHECK(report::xml_escape("a\tb\nc\rd", true) == "a&#9;b&#10;c&#13;d");
  CHECK(report::xml_escape("a\tb\nc", false) == "a\tb\nc");
  CHECK(report::xml_escape("\"'", false) == "\"'");
  CHECK(report::xml_escape("\"'", true) == "&quot;&apos;");
  CHECK(report::xml_escape("ünï ✓ \xF0\x9F\x9A\x80", false) == "ünï ✓ \xF0\x9F\x9A\x80");
  CHECK(report::xml_escape("x\xff\xc0\xafy", false) == "x\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDy");
  CHECK(report::xml_escape("\xEF\xBF\xBE", false) == "\\ufffe");  // U+FFFE
  CHECK(report::xml_escape("\xED\xA0\x80", false) ==
        "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
}
