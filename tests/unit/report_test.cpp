#include <catch2/catch.hpp>

#include <sstream>

#include "golive/report.hpp"
#include "golive/result.hpp"

using namespace golive;

namespace {

nlohmann::json hostile_result() {
  Finding f;
  f.rule_id = "security.k8s.x";
  f.title = "t";
  f.domain = Domain::security;
  f.severity = Severity::blocking;
  f.status = Status::fail;
  f.resource = "odoo/\x1b]0;pwned\x07web";
  f.message =
      "line1\r\x1b[2Jcleared \xc2\x9b"
      "31m";
  AuditResult r;
  r.environment = "prod\x1b[31m";
  r.profile = "production";
  r.collected_at = "2026-11-20T08:00:00Z";
  r.findings = {f};
  Profile p;
  p.name = "production";
  r.verdict = decide(r.findings, p);
  r.collectors = {{"k8s", {{"status", "partial"}, {"error", "403 \x1b[1m"}}}};
  return to_json(r, {});
}

std::string render(const std::string& format, const nlohmann::json& result, bool color) {
  std::ostringstream out;
  RenderOptions options;
  options.color = color;
  make_renderer(format)->render(result, out, options);
  return out.str();
}

}  // namespace

TEST_CASE("terminal_safe shows control characters instead of sending them", "[report]") {
  CHECK(terminal_safe("plain text, ünïcode") == "plain text, ünïcode");
  CHECK(terminal_safe("a\x1b[31mb") == "a\\x1b[31mb");
  CHECK(terminal_safe("a\rb\nc\x07") == "a\\x0db\\x0ac\\x07");
  CHECK(terminal_safe("\xc2\x9b") == "\\u009b");  // C1 CSI
}

TEST_CASE("the terminal report never emits escape sequences from the environment", "[report]") {
  const auto result = hostile_result();
  const std::string plain = render("terminal", result, false);
  CHECK(plain.find('\x1b') == std::string::npos);
  CHECK(plain.find('\r') == std::string::npos);
  CHECK(plain.find("\xc2\x9b") == std::string::npos);
  CHECK(plain.find("odoo/\\x1b]0;pwned\\x07web") != std::string::npos);
  CHECK(plain.find("NO-GO") != std::string::npos);

  // With colour, the only escapes are golive's own SGR sequences.
  const std::string coloured = render("terminal", result, true);
  CHECK(coloured.find("\x1b[1;31mNO-GO") != std::string::npos);
  CHECK(coloured.find("\x1b]") == std::string::npos);
  CHECK(coloured.find("\x1b[2J") == std::string::npos);
}

TEST_CASE("the JSON report is the result document, escaped by JSON", "[report]") {
  const auto result = hostile_result();
  const std::string text = render("json", result, false);
  auto parsed = nlohmann::json::parse(text);
  CHECK(parsed == result);
  CHECK(text.find('\x1b') == std::string::npos);  // \u001b in JSON text
  CHECK(parsed["domains"].size() == 6);
  CHECK(parsed["decision"] == "NO_GO");
}

TEST_CASE("the registry knows every format", "[report]") {
  for (const auto& format : report_formats()) CHECK(make_renderer(format));
  CHECK_FALSE(make_renderer("pdf"));
}
