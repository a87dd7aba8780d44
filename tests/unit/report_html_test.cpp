#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "golive/diagnostics.hpp"
#include "golive/report.hpp"
#include "report/html.hpp"

using namespace golive;
using Json = nlohmann::json;

namespace {

const std::string kScript = "<script>alert(1)</script>";
const std::string kImg = "\"><img src=x onerror=alert(1)>";
const std::string kMustache = "{{ }} {{{x}}} {{> report.css}} {{#decision}}";
const std::string kHostile = kScript + kImg + kMustache;

std::string render_html(const Json& result, const std::string& template_dir = "") {
  std::ostringstream out;
  RenderOptions options;
  options.template_dir = template_dir;
  make_renderer("html")->render(result, out, options);
  return out.str();
}

// The retail demo's result, from the real binary.
Json demo_result() {
  const std::string command = std::string(GOLIVE_BINARY) + " evaluate --snapshot " +
                              GOLIVE_SOURCE_DIR + "/examples/retail-demo/snapshot.json --waivers " +
                              GOLIVE_SOURCE_DIR +
                              "/examples/retail-demo/waivers.yaml --now 2026-11-22T00:00:00Z "
                              "--format json";
  std::string text;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe);
  char buffer[65536];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) text.append(buffer, n);
  pclose(pipe);
  return Json::parse(text);
}

Json finding(const std::string& rule, const std::string& domain, const std::string& severity,
             const std::string& status, const std::string& resource, const std::string& message,
             Json evidence) {
  return {{"rule_id", rule},    {"title", "Title of " + rule},
          {"domain", domain},   {"severity", severity},
          {"status", status},   {"resource", resource},
          {"message", message}, {"evidence", std::move(evidence)}};
}

// A result in which every string that comes from the environment is hostile.
Json hostile_result() {
  Json f1 = finding("security.k8s.x", "security", "blocking", "fail", "odoo/" + kHostile,
                    "message " + kHostile, {{"self.spec." + kScript, kHostile}, {"self.n", 1}});
  Json f2 = finding("resilience.redis.y", "resilience", "high", "unknown", kImg + "cache",
                    "unknown " + kHostile, {{"self.config", nullptr}});
  f2["missing"] = {"self.config" + kScript};
  f2["reason"] = "missing facts: " + kHostile;
  Json f3 = finding("operations.z", "operations", "low", "waived", "db" + kScript, kHostile,
                    {{"self.window", kImg}});
  f3["waived_status"] = "fail";
  f3["waiver"] = 0;
  Json f4 = finding("devops.e", "devops", "medium", "error", kScript, kHostile, Json::object());
  f4["error"] = "no such key: " + kHostile;
  Json f5 = finding("security.k8s.x", "security", "blocking", "pass", "ok" + kScript, kHostile,
                    {{"self.spec", "fine"}});
  Json condition = {{"rule_id", "resilience.redis.y"},
                    {"resource", kImg + "cache"},
                    {"title", kHostile},
                    {"message", kHostile},
                    {"severity", "high"},
                    {"status", "unknown"}};
  Json blocker = {{"rule_id", "security.k8s.x"}, {"resource", "odoo/" + kHostile},
                  {"title", kHostile},           {"message", kHostile},
                  {"severity", "blocking"},      {"status", "fail"}};
  Json domains = Json::object();
  for (const char* d :
       {"architecture", "scalability", "security", "resilience", "operations", "devops"})
    domains[d] = {{"score", 50}, {"pass", 1},    {"fail", 1}, {"unknown", 0},
                  {"waived", 0}, {"skipped", 0}, {"error", 0}};
  domains["architecture"]["score"] = nullptr;
  Json rule_meta = {{"title", "Rule " + kHostile},
                    {"domain", "security"},
                    {"severity", "blocking"},
                    {"rationale", "why `" + kScript + "` " + kImg},
                    {"remediation", "fix `kubectl " + kImg + "` then " + kMustache},
                    {"references",
                     {"https://example.org/docs?a=1&b=2", "https://example.org/x" + kImg,
                      "javascript:alert(1)", kScript}},
                    {"tags", Json::array()},
                    {"file", "rules/" + kScript + ".yaml"},
                    {"line", 1}};
  return {{"golive_result", 1},
          {"golive_version", "0.1.0"},
          {"environment", "prod " + kHostile},
          {"profile", "production" + kScript},
          {"collected_at", "2026-11-20T08:00:00Z" + kImg},
          {"decision", "NO_GO"},
          {"inconclusive", true},
          {"score", 42},
          {"reasons", {"blocking: " + kHostile}},
          {"domains", domains},
          {"findings", {f1, f2, f3, f4, f5}},
          {"blockers", {blocker}},
          {"conditions", {condition}},
          {"waivers",
           {{{"rule", "operations.z" + kScript},
             {"resource", "db" + kScript},
             {"reason", kHostile},
             {"approver", "CISO " + kImg},
             {"ticket", "SEC-1 " + kMustache},
             {"expires", "2027-01-01" + kScript},
             {"status", "active"},
             {"matched", 1},
             {"source", "w.yaml:1:1"}},
            {{"rule", "x"},
             {"resource", "y"},
             {"reason", "r"},
             {"approver", "a"},
             {"expires", "2026-01-01"},
             {"status", "stale"},
             {"matched", 0},
             {"source", "w.yaml:9:1"}}}},
          {"collectors",
           {{"k8s", {{"status", "partial"}, {"error", "403 " + kHostile}}},
            {"redis" + kScript, {{"status", "failed"}, {"error", kImg}}}}},
          {"provenance",
           {{"snapshot_sha256", "abc" + kScript}, {"rule_pack_sha256", "def"}, {"rule_count", 2}}},
          {"rules",
           {{"security.k8s.x", rule_meta},
            {"resilience.redis.y", rule_meta},
            {"operations.z", rule_meta},
            {"devops.e", rule_meta}}}};
}

// A src attribute in any tag (escaped text has no '<' of its own).
const std::regex kSrcAttribute(R"(<[^<>]*\ssrc\s*=)", std::regex::icase);

// Tags that name an external URL other than as the target of a link <a href>
// (text may mention URLs: only tags and CSS can make a browser fetch one).
std::vector<std::string> external_references(const std::string& html) {
  static const std::regex kTag(R"(<[^<>]*>)");
  std::vector<std::string> found;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kTag); it != std::sregex_iterator();
       ++it) {
    const std::string tag = it->str();
    if (tag.find("://") != std::string::npos &&
        !std::regex_match(tag, std::regex(R"re(<a href="https?://[^"]*"( rel="noreferrer")?>)re")))
      found.push_back(tag);
  }
  return found;
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + 1))
    ++n;
  return n;
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char name[] = "/tmp/golive-html-XXXXXX";
    path = mkdtemp(name);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  void write(const std::string& file, const std::string& content) const {
    std::filesystem::create_directories((path / file).parent_path());
    std::ofstream(path / file) << content;
  }
};

// A result with `n` findings, none passing, each with evidence: the largest
// report a result of that size can give.
Json large_result(const Json& demo, int n) {
  Json r = demo;
  std::vector<Json> templates;
  for (const auto& f : demo["findings"])
    if (f.contains("evidence") && !f["evidence"].empty()) templates.push_back(f);
  Json findings = Json::array(), blockers = Json::array(), conditions = Json::array();
  const char* statuses[] = {"fail", "fail", "fail", "unknown", "waived", "error"};
  for (int i = 0; i < n; ++i) {
    Json f = templates[static_cast<std::size_t>(i) % templates.size()];
    f["resource"] =
        "namespace-" + std::to_string(i % 40) + "/deployment-with-a-long-name-" + std::to_string(i);
    f["status"] = statuses[i % 6];
    f["message"] = f["resource"].get<std::string>() + ": " + f["message"].get<std::string>();
    if (f["status"] == "unknown") {
      f["missing"] = {"self.spec.template.spec.containers"};
      f["reason"] = "missing facts: self.spec.template.spec.containers";
    }
    if (f["status"] == "error") f["error"] = "no such key: 'limits'";
    if (f["status"] == "waived") {
      f["waived_status"] = "fail";
      f["waiver"] = 0;
    }
    Json c = {{"rule_id", f["rule_id"]}, {"resource", f["resource"]}, {"title", f["title"]},
              {"message", f["message"]}, {"severity", f["severity"]}, {"status", f["status"]}};
    if (f["status"] == "fail" && f["severity"] == "blocking") blockers.push_back(c);
    if (f["status"] == "fail" && f["severity"] == "high") conditions.push_back(c);
    findings.push_back(std::move(f));
  }
  r["findings"] = findings;
  r["blockers"] = blockers;
  r["conditions"] = conditions;
  return r;
}

}  // namespace

TEST_CASE("the HTML report has every section of the sign-off document", "[report][html]") {
  const Json demo = demo_result();
  const std::string html = render_html(demo);
  for (const char* id : {"decision", "scores", "scope", "blocking", "conditions", "findings",
                         "unverified", "waivers", "signoff", "evidence"})
    CHECK(html.find(std::string("id=\"") + id + "\"") != std::string::npos);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("</span> NO-GO</h2>") != std::string::npos);
  CHECK(html.find("<h1>retail-prod</h1>") != std::string::npos);
  // Provenance and collectors.
  CHECK(html.find(demo["provenance"]["snapshot_sha256"].get<std::string>()) != std::string::npos);
  CHECK(html.find(demo["provenance"]["rule_pack_sha256"].get<std::string>()) != std::string::npos);
  CHECK(html.find("permission denied for view pg_hba_file_rules") != std::string::npos);
  // Scores as SVG, one bar per domain plus the overall ring.
  CHECK(count(html, "class=\"bar-fill\"") == 6);
  CHECK(html.find("class=\"gauge-fill\"") != std::string::npos);
  CHECK(html.find(">Resilience</a>") != std::string::npos);
  // Blockers first, in their own list, with the remediation.
  CHECK(count(html, "<li class=\"blocker\">") == 2);
  CHECK(html.find("id=\"blocking\"") < html.find("id=\"findings\""));
  // Rationale with code spans; passes collapsed.
  CHECK(html.find("<details class=\"passed\">") != std::string::npos);
  CHECK(html.find("<code>az aks update") != std::string::npos);
  // Waivers with approver, ticket and expiry, by state.
  CHECK(html.find("CISO (A. Romero)") != std::string::npos);
  CHECK(html.find("SEC-1187") != std::string::npos);
  CHECK(html.find("2027-03-31") != std::string::npos);
  CHECK(html.find("<h3>Expired") != std::string::npos);
  // Evidence appendix and sign-off block.
  CHECK(html.find("self.properties.backup.geoRedundantBackup") != std::string::npos);
  for (const char* role :
       {"Solution architect", "Security officer", "Operations lead", "Business owner"})
    CHECK(html.find(role) != std::string::npos);
}

TEST_CASE("the HTML report is one self-contained file", "[report][html]") {
  const std::string html = render_html(demo_result());
  CHECK(html.find("<script") == std::string::npos);
  CHECK_FALSE(std::regex_search(html, kSrcAttribute));
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(count(html, "<style>") == 1);
  // CSS and SVG only refer to things inside the page.
  const std::regex url(R"(url\((?!#)[^)]*\))");
  CHECK_FALSE(std::regex_search(html, url));
  // External addresses occur in tags only as documentation links.
  CHECK(external_references(html).empty());
  CHECK(html.find("<a href=\"https://learn.microsoft.com/") != std::string::npos);
}

TEST_CASE("every value from the environment is escaped in the HTML report", "[report][html]") {
  const std::string html = render_html(hostile_result());
  // Nothing hostile became markup.
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK_FALSE(std::regex_search(html, kSrcAttribute));
  // ... it is all there as text.
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
  CHECK(html.find("<h1>prod &lt;script&gt;") != std::string::npos);
  // Mustache syntax inside data is never interpreted (not even a partial name).
  CHECK(html.find("{{ }} {{{x}}} {{&gt; report.css}} {{#decision}}") != std::string::npos);
  CHECK(count(html, ":root {") == 1);
  // Collector name and error, evidence key and value, missing facts, rule error,
  // waiver approver, rule source: each rendered as text.
  CHECK(html.find("redis&lt;script&gt;") != std::string::npos);
  CHECK(html.find("403 &lt;script&gt;") != std::string::npos);
  CHECK(html.find("self.spec.&lt;script&gt;") != std::string::npos);
  CHECK(html.find("self.config&lt;script&gt;") != std::string::npos);
  CHECK(html.find("no such key: &lt;script&gt;") != std::string::npos);
  CHECK(html.find("CISO &quot;&gt;&lt;img") != std::string::npos);
  CHECK(html.find("rules/&lt;script&gt;alert(1)&lt;/script&gt;.yaml:1") != std::string::npos);
  // Attributes: ids and in-page anchors are [a-z0-9-] only.
  const std::regex id(R"re(\sid="([^"]*)")re");
  int ids = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), id); it != std::sregex_iterator();
       ++it, ++ids) {
    INFO((*it)[1]);
    CHECK(std::regex_match((*it)[1].str(), std::regex("[a-z0-9-]+")));
  }
  CHECK(ids > 10);
  const std::regex href(R"re(href="([^"]*)")re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), href); it != std::sregex_iterator();
       ++it) {
    const std::string target = (*it)[1];
    INFO(target);
    CHECK(
        (std::regex_match(target, std::regex("#[a-z0-9-]+")) || target.rfind("https://", 0) == 0));
  }
  CHECK(external_references(html).empty());
  // Only http(s) references become links; the rest is text.
  CHECK(html.find("href=\"javascript") == std::string::npos);
  CHECK(html.find("<span>javascript:alert(1)</span>") != std::string::npos);
  CHECK(html.find("<a href=\"https://example.org/docs?a=1&amp;b=2\"") != std::string::npos);
  CHECK(html.find("<span>https://example.org/x&quot;&gt;&lt;img src=x") != std::string::npos);
  // Inconclusive NO-GO is flagged; a null score reads n/a.
  CHECK(html.find("<strong>Inconclusive.</strong>") != std::string::npos);
  CHECK(html.find(">n/a</text>") != std::string::npos);
}

TEST_CASE("anchors are sanitised to [a-z0-9-]", "[report][html]") {
  CHECK(report::html::slug("odoo/Odoo-Web") == "odoo-odoo-web");
  CHECK(report::html::slug("\"><img src=x>") == "img-src-x");
  CHECK(report::html::slug("<<<>>>") == "x");
  CHECK(report::html::slug("ünïcode") == "n-code");
  CHECK(report::html::slug(std::string(200, 'a')).size() == 48);
}

TEST_CASE("the HTML report of 1,000 findings stays under 2 MB", "[report][html]") {
  const Json result = large_result(demo_result(), 1000);
  REQUIRE(result["findings"].size() == 1000);
  const auto start = std::chrono::steady_clock::now();
  const std::string html = render_html(result);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  WARN("HTML report of 1,000 findings: " << html.size() << " bytes, rendered in " << ms << " ms");
  CHECK(html.size() < 2 * 1024 * 1024);
  CHECK(count(html, "class=\"finding row-") == 1000);
  CHECK(count(html, "class=\"evidence-entry\"") == 1000);
}

TEST_CASE("HTML templates from --template DIR replace the built-in ones by file name",
          "[report][html]") {
  const Json result = hostile_result();
  SECTION("the main template, from DIR/html/") {
    TempDir dir;
    dir.write("html/report.html.mustache",
              "<p class=\"custom\">{{environment}} {{decision.label}}</p><style>{{> "
              "report.css}}</style>");
    const std::string html = render_html(result, dir.path.string());
    CHECK(html.rfind("<p class=\"custom\">prod &lt;script&gt;", 0) == 0);
    CHECK(html.find("NO-GO</p>") != std::string::npos);
    CHECK(html.find(":root {") != std::string::npos);  // built-in partials still there
  }
  SECTION("one partial, from DIR itself") {
    TempDir dir;
    dir.write("report.css", "body { color: purple; }");
    const std::string html = render_html(result, dir.path.string());
    CHECK(html.find("body { color: purple; }") != std::string::npos);
    CHECK(html.find(":root {") == std::string::npos);
    CHECK(html.find("id=\"signoff\"") != std::string::npos);
  }
  SECTION("a directory that does not exist") {
    CHECK_THROWS_AS(render_html(result, "/nonexistent/golive-templates"), InputError);
  }
}

TEST_CASE("a template syntax error is reported with its file, line and column", "[report][html]") {
  const Json result = hostile_result();
  auto message = [&](const std::string& dir) {
    try {
      render_html(result, dir);
    } catch (const InputError& e) {
      REQUIRE(e.diagnostics().size() == 1);
      return e.diagnostics()[0].to_string();
    }
    FAIL("no error");
    return std::string();
  };
  SECTION("unclosed section in the main template") {
    TempDir dir;
    dir.write("html/report.html.mustache", "<p>\n  {{#decision}}{{label}}\n</p>\n");
    const std::string m = message(dir.path.string());
    CHECK(m == (dir.path / "html/report.html.mustache").string() +
                   ":2:3: error: HTML report template: Unclosed section \"decision\"");
  }
  SECTION("unclosed tag in a partial") {
    TempDir dir;
    dir.write("rule-card.html.mustache", "<article>\n{{title</article>");
    const std::string m = message(dir.path.string());
    CHECK(m.find("rule-card.html.mustache:2:1: error: HTML report template: Unclosed tag") !=
          std::string::npos);
  }
  SECTION("a partial that does not exist") {
    TempDir dir;
    dir.write("html/report.html.mustache", "<p>{{> nope.html}}</p>");
    const std::string m = message(dir.path.string());
    CHECK(m.find("report.html.mustache:1:4: error: HTML report template: unknown partial "
                 "'nope.html'") != std::string::npos);
  }
}

TEST_CASE("the sign-off page leads with titles and resources, and its ring follows the decision",
          "[report][html]") {
  const Json demo = demo_result();
  const std::string html = render_html(demo);
  // The banner says the exact cause, then each blocker by title and resource;
  // the rule id and raw message come after.
  CHECK(html.find("<p class=\"headline\">2 blocking failures</p>") != std::string::npos);
  const auto reasons = html.find("<ul class=\"reasons\">");
  REQUIRE(reasons != std::string::npos);
  const auto title =
      html.find("<li><strong>The Odoo web tier runs at least two replicas</strong>", reasons);
  REQUIRE(title != std::string::npos);
  CHECK(html.find("<span class=\"resource\">Deployment odoo/odoo-web</span>", title) <
        html.find("resilience.k8s.odoo-web-min-replicas", title));
  CHECK(html.find("blocking: resilience.k8s") == std::string::npos);
  // A NO-GO's ring is red, whatever the number (80 and more is a "good" score).
  CHECK(demo["score"] >= 80);
  CHECK(
      html.find("class=\"gauge-fill\" cx=\"75\" cy=\"75\" r=\"52.00\" stroke=\"url(#pat-poor)\"") !=
      std::string::npos);
  // Conditions name their owner where golive knows one (declared on call).
  CHECK(html.find("<span class=\"owner\">Retail Platform team (on call, declared)</span>") !=
        std::string::npos);
  // Scope: what was audited.
  CHECK(
      html.find("<dt>Audited</dt><dd>azure, declared, k8s, odoo, postgres, redis, traefik</dd>") !=
      std::string::npos);
}

TEST_CASE("the HTML report shows where each finding is and what was not audited",
          "[report][html]") {
  Json f = finding("security.k8s.x", "security", "blocking", "fail", "shop/web", "bad", {});
  f["kind"] = "Deployment";
  f["location"] = {{"file", "deploy/app.yaml"}, {"line", 12}};
  Json result = {
      {"golive_result", 1},
      {"environment", "pr"},
      {"profile", "ci"},
      {"decision", "GO"},
      {"headline", "no blocking finding and no condition"},
      {"score", 90},
      {"findings", {f}},
      {"blockers", Json::array()},
      {"conditions", Json::array()},
      {"scope",
       {{"systems", {"k8s"}},
        {"not_audited", {{{"system", "azure"}, {"rules", 3}, {"rule_ids", {"a", "b", "c"}}}}}}}};
  const std::string html = render_html(result);
  CHECK(html.find("Deployment shop/web<div class=\"where-at\">deploy/app.yaml:12</div>") !=
        std::string::npos);
  CHECK(html.find("<dt>Not audited</dt><dd>azure (3 rules)</dd>") != std::string::npos);
  CHECK(html.find("stroke=\"url(#pat-good)\"") != std::string::npos);
}
