#include <catch2/catch.hpp>

#include <sstream>

#include "golive/report.hpp"
#include "report/markdown.hpp"

using namespace golive;
using Json = nlohmann::json;

namespace {

const std::string kHostile =
    "<script>alert(1)</script>\"><img src=x onerror=alert(2)>]]>\x1b[2J|`x`"
    "[x](javascript:alert(3)) @octo-org/admins **bold** $math$\nline2";

Json finding(std::string rule, std::string resource, std::string severity, std::string status) {
  return {{"rule_id", rule},
          {"title", "T"},
          {"domain", "security"},
          {"severity", severity},
          {"status", status},
          {"resource", resource},
          {"message", "msg " + resource},
          {"evidence", Json::object()}};
}

Json sample_result(int extra_failures = 0) {
  Json findings = Json::array({finding("security.a", kHostile, "blocking", "fail"),
                               finding("security.b", "db", "high", "unknown"),
                               finding("security.c", "db", "medium", "fail")});
  findings[1]["reason"] = "missing facts: self.hba";
  for (int i = 0; i < extra_failures; ++i)
    findings.push_back(finding(
        "security.many", "resource-" + std::to_string(i) + std::string(200, 'x'), "low", "fail"));
  Json domains = Json::object();
  for (const char* d :
       {"architecture", "scalability", "security", "resilience", "operations", "devops"})
    domains[d] = {{"score", 80},  {"pass", 4},   {"fail", 1},
                  {"unknown", 0}, {"waived", 0}, {"skipped", 0}};
  domains["security"]["score"] = nullptr;
  return {{"golive_result", 1},
          {"golive_version", "0.1.0"},
          {"environment", "prod " + kHostile},
          {"profile", "production"},
          {"decision", "NO_GO"},
          {"inconclusive", false},
          {"score", 42},
          {"reasons", {"blocking: security.a failed on " + kHostile}},
          {"domains", domains},
          {"findings", findings},
          {"blockers",
           {{{"rule_id", "security.a"},
             {"resource", kHostile},
             {"severity", "blocking"},
             {"status", "fail"},
             {"message", kHostile}}}},
          {"conditions",
           {{{"rule_id", "security.b"},
             {"resource", "db"},
             {"severity", "high"},
             {"status", "unknown"},
             {"message", "msg db"}}}},
          {"waivers",
           {{{"rule", "security.w"},
             {"resource", "*"},
             {"reason", "a | b"},
             {"approver", "CISO"},
             {"expires", "2027-01-31"},
             {"status", "expired"}}}},
          {"collectors", Json::object()}};
}

std::string render(const Json& result) {
  std::ostringstream out;
  make_renderer("markdown")->render(result, out, {});
  return out.str();
}

}  // namespace

TEST_CASE("Markdown: headline, all six domain scores, blockers, conditions, unknowns, waivers",
          "[report][markdown]") {
  const std::string md = render(sample_result());
  CHECK(md.rfind("## golive: ❌ NO-GO — prod ", 0) == 0);
  CHECK(md.find("**Score 42/100**") != std::string::npos);
  for (const char* d : {"architecture", "scalability", "resilience", "operations", "devops"})
    CHECK(md.find(std::string("| ") + d + " | 80 | 4 | 1 | 0 | 0 | 0 |") != std::string::npos);
  CHECK(md.find("| security | n/a |") != std::string::npos);
  CHECK(md.find("### Blockers (1)") != std::string::npos);
  CHECK(md.find("### Conditions for go-live (1)") != std::string::npos);
  CHECK(md.find("| high | `security.b` | db | unknown | missing facts: self.hba |") !=
        std::string::npos);
  CHECK(md.find("### Waivers (1)") != std::string::npos);
  CHECK(md.find("| expired | `security.w` |") != std::string::npos);
  CHECK(md.find("a \\| b") != std::string::npos);
  CHECK(md.find("Other failures (1)") != std::string::npos);  // the medium one
}

TEST_CASE("Markdown: hostile strings are neutralised", "[report][markdown]") {
  const std::string md = render(sample_result());
  CHECK(md.find("<script") == std::string::npos);
  CHECK(md.find("<img") == std::string::npos);
  CHECK(md.find("[x](javascript") == std::string::npos);
  CHECK(md.find("\\[x\\](javascript") != std::string::npos);  // brackets escaped: no link
  CHECK(md.find('\x1b') == std::string::npos);
  CHECK(md.find("@octo-org") == std::string::npos);  // no team ping
  CHECK(md.find("**bold**") == std::string::npos);
  const std::string escaped = report::markdown_escape(kHostile);
  CHECK(escaped ==
        "&lt;script&gt;alert(1)&lt;/script&gt;\"&gt;&lt;img src=x onerror=alert(2)&gt;\\]\\]&gt;"
        "\\x1b\\[2J\\|\\`x\\`\\[x\\](javascript:alert(3)) @\xE2\x80\x8Bocto-org/admins "
        "\\*\\*bold\\*\\* \\$math\\$ line2");
  // Table rows keep their column count: no raw '|' or line break in a cell.
  for (std::size_t pos = md.find("| blocking |"); pos != std::string::npos;
       pos = md.find("| blocking |", pos + 1)) {
    const std::string line = md.substr(pos, md.find('\n', pos) - pos);
    int pipes = 0;
    for (std::size_t i = 0; i < line.size(); ++i)
      pipes += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
    CHECK(pipes == 6);
  }
}

TEST_CASE("Markdown: stays under GitHub's comment limit, saying what was left out",
          "[report][markdown]") {
  const std::string md = render(sample_result(2000));
  CHECK(md.size() <= report::kGithubCommentLimit);
  CHECK(md.find("**Truncated:**") != std::string::npos);
  CHECK(md.find("</details>") != std::string::npos);
  const std::string small = report::to_markdown(sample_result(5), 1200);
  CHECK(small.size() <= 1200);
  CHECK(small.find("more row(s) left out") != std::string::npos);
  CHECK(render(sample_result()).find("Truncated") == std::string::npos);
}
