// JUnit XML report for CI test views (Jenkins, Azure DevOps, GitLab): one
// <testsuite> per domain (all six, always), one <testcase> per rule and
// resource. fail -> <failure>, unknown and error -> <error>, waived and
// skipped -> <skipped>, pass -> an empty testcase. The shape is the
// Jenkins/Surefire one (tests/junit/junit.xsd).

#include "report/junit.hpp"

#include <sstream>

#include <fmt/format.h>

#include "golive/model.hpp"
#include "golive/scope.hpp"
#include "report/renderers.hpp"

namespace golive::report {

namespace {

using Json = nlohmann::json;

}  // namespace

// Decodes one UTF-8 sequence at text[i] and advances i past it; returns the
// code point, or -1 (advancing one byte) when the bytes are not UTF-8.
long decode_utf8(std::string_view text, std::size_t& i) {
  const auto c = static_cast<unsigned char>(text[i]);
  const int extra = c < 0x80             ? 0
                    : (c & 0xE0) == 0xC0 ? 1
                    : (c & 0xF0) == 0xE0 ? 2
                    : (c & 0xF8) == 0xF0 ? 3
                                         : -1;
  if (extra < 0 || i + extra >= text.size() + (extra == 0)) {
    ++i;
    return extra == 0 ? c : -1;
  }
  long cp = extra == 0 ? c : c & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    const auto cc = static_cast<unsigned char>(text[i + k]);
    if ((cc & 0xC0) != 0x80) {
      ++i;
      return -1;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  static constexpr long kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[extra] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    ++i;
    return -1;
  }
  i += extra + 1;
  return cp;
}

void append_utf8(std::string& out, long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string xml_escape(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const long cp = decode_utf8(text, i);
    switch (cp) {
      case '&':
        out += "&amp;";
        continue;
      case '<':
        out += "&lt;";
        continue;
      case '>':
        out += "&gt;";
        continue;  // also breaks "]]>"
      case '"':
        out += attribute ? "&quot;" : "\"";
        continue;
      case '\'':
        out += attribute ? "&apos;" : "'";
        continue;
      case '\r':
        out += "&#13;";
        continue;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        continue;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        continue;
      default:
        break;
    }
    if (cp < 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD for bytes that are not UTF-8
    } else if (cp < 0x20) {
      out += fmt::format("\\x{:02x}", cp);  // illegal in XML 1.0: shown, not sent
    } else if (cp == 0xFFFE || cp == 0xFFFF) {
      out += fmt::format("\\u{:04x}", cp);
    } else {
      append_utf8(out, cp);
    }
  }
  return out;
}

namespace {

std::string attr(std::string_view text);

// file="deploy/app.yaml" line="12": where the finding is (GitLab, Jenkins
// and most CI viewers link a testcase's file attribute).
std::string location_attributes(const nlohmann::json& f) {
  const auto it = f.find("location");
  if (it == f.end() || !it->is_object() || string_field(*it, "file").empty()) return "";
  std::string text = fmt::format(" file=\"{}\"", attr(string_field(*it, "file")));
  if (const int line = int_field(*it, "line"); line > 0) text += fmt::format(" line=\"{}\"", line);
  return text;
}

std::string attr(std::string_view text) {
  return xml_escape(text, true);
}
std::string body(std::string_view text) {
  return xml_escape(text, false);
}

std::string evidence_lines(const Json& f) {
  std::string out;
  const Json evidence = f.value("evidence", Json::object());
  if (evidence.is_object() && !evidence.empty()) {
    out += "\nEvidence:";
    for (const auto& [path, value] : evidence.items())
      out += "\n  " + path + " = " + value.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  return out;
}

// Collectors that did not fully succeed and that a rule reads: a collector
// named by one of the rule id's segments (e.g. security.postgres.x -> postgres).
std::string collector_note(const Json& result, const std::string& rule_id) {
  std::string out;
  const Json collectors = result.value("collectors", Json::object());
  for (const auto& [name, c] : collectors.items()) {
    const std::string status = string_field(c, "status");
    if (status == "ok" || status.empty()) continue;
    if (("." + rule_id + ".").find("." + name + ".") == std::string::npos) continue;
    out +=
        fmt::format("\nCollector {}: {}{}", name, status,
                    string_field(c, "error").empty() ? "" : " (" + string_field(c, "error") + ")");
  }
  return out;
}

std::string waiver_text(const Json& result, const Json& f) {
  const Json waivers = result.value("waivers", Json::array());
  if (auto it = f.find("waiver"); it != f.end() && it->is_number_integer() &&
                                  it->get<long long>() >= 0 &&
                                  it->get<std::size_t>() < waivers.size()) {
    const Json& w = waivers[it->get<std::size_t>()];
    std::string text = fmt::format("waived by {} until {}", string_field(w, "approver"),
                                   string_field(w, "expires"));
    if (!string_field(w, "ticket").empty()) text += " (" + string_field(w, "ticket") + ")";
    if (!string_field(w, "reason").empty()) text += ": " + string_field(w, "reason");
    return text;
  }
  return "waived";
}

}  // namespace

std::string to_junit(const Json& result) {
  const Json findings = result.value("findings", Json::array());
  const Json domains = result.value("domains", Json::object());
  const std::string environment = string_field(result, "environment");
  const std::string profile = string_field(result, "profile");
  // Rules left out for a system not audited: said once per suite.
  const std::string not_audited = not_audited_summary(result.value("scope", nlohmann::json()));

  struct Counts {
    int tests = 0, failures = 0, errors = 0, skipped = 0;
  };
  Counts total;
  std::ostringstream suites;
  for (Domain d : kAllDomains) {
    const std::string domain(to_string(d));
    Counts counts;
    std::ostringstream cases;
    for (const auto& f : findings) {
      if (string_field(f, "domain") != domain) continue;
      const std::string status = string_field(f, "status");
      const std::string rule_id = string_field(f, "rule_id");
      const std::string resource = string_field(f, "resource");
      const std::string severity = string_field(f, "severity");
      const std::string message = string_field(f, "message");
      ++counts.tests;
      cases << fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"0\"{}", attr(rule_id),
                           attr(resource.empty() ? string_field(f, "title") : resource),
                           location_attributes(f));
      if (status == "pass") {
        cases << "/>\n";
        continue;
      }
      cases << ">\n";
      if (status == "fail") {
        ++counts.failures;
        cases << fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                             attr(message), attr(severity),
                             body(string_field(f, "title") + "\n" + message + evidence_lines(f)));
      } else if (status == "unknown" || status == "error") {
        ++counts.errors;
        std::string why =
            status == "unknown" ? string_field(f, "reason") : string_field(f, "error");
        std::string text = string_field(f, "title") + "\n" + message;
        if (!why.empty()) text += "\n" + why;
        text += collector_note(result, rule_id) + evidence_lines(f);
        cases << fmt::format(
            "      <error message=\"{}\" type=\"{}\">{}</error>\n",
            attr(status == "unknown" ? "could not be verified: " + (why.empty() ? message : why)
                                     : "evaluation error: " + why),
            status, body(text));
      } else {  // waived, skipped
        ++counts.skipped;
        const std::string text = status == "waived"
                                     ? waiver_text(result, f)
                                     : "skipped" + (string_field(f, "reason").empty()
                                                        ? std::string()
                                                        : ": " + string_field(f, "reason"));
        cases << fmt::format("      <skipped message=\"{}\" type=\"{}\"/>\n", attr(text), status);
      }
      cases << "    </testcase>\n";
    }
    total.tests += counts.tests;
    total.failures += counts.failures;
    total.errors += counts.errors;
    total.skipped += counts.skipped;

    const Json ds = domains.value(domain, Json::object());
    const Json score = ds.value("score", Json());
    suites << fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
        "time=\"0\" package=\"golive.{}\">\n",
        domain, counts.tests, counts.failures, counts.errors, counts.skipped, domain);
    suites << "    <properties>\n";
    suites << fmt::format("      <property name=\"environment\" value=\"{}\"/>\n",
                          attr(environment));
    suites << fmt::format("      <property name=\"profile\" value=\"{}\"/>\n", attr(profile));
    suites << fmt::format("      <property name=\"decision\" value=\"{}\"/>\n",
                          attr(string_field(result, "decision")));
    suites << fmt::format("      <property name=\"score\" value=\"{}\"/>\n",
                          score.is_number() ? std::to_string(score.get<int>()) : "n/a");
    if (!not_audited.empty())
      suites << fmt::format("      <property name=\"not_audited\" value=\"{}\"/>\n",
                            attr(not_audited));
    // Collectors' notes once, in the first suite.
    if (d == kAllDomains.front())
      for (const auto& note : collector_notes(result))
        suites << fmt::format("      <property name=\"note\" value=\"{}\"/>\n", attr(note));
    suites << "    </properties>\n";
    suites << cases.str();
    suites << "  </testsuite>\n";
  }

  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format(
      "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"0\">\n",
      attr("golive " + environment + " (" + profile + ")"), total.tests, total.failures,
      total.errors);
  out << suites.str();
  out << "</testsuites>\n";
  return out.str();
}

std::unique_ptr<Renderer> make_junit_renderer() {
  return make_document_renderer([](const Json& result) { return to_junit(result); });
}

}  // namespace golive::report
