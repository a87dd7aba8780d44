// Terminal report: decision banner, domain scores, then the findings that
// need attention grouped by severity. Passes are counted, not listed. Every
// string from the environment goes through terminal_safe().

#include <fmt/format.h>

#include "golive/model.hpp"
#include "report/renderers.hpp"

namespace golive::report {

namespace {

using Json = nlohmann::json;

class Style {
 public:
  explicit Style(bool color) : color_(color) {}
  std::string operator()(std::string_view code, std::string_view text) const {
    return color_ ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
  }

 private:
  bool color_;
};

constexpr std::string_view kRed = "1;31", kYellow = "1;33", kGreen = "1;32", kCyan = "36",
                           kDim = "2", kBold = "1";

// A string of the result, with control characters shown escaped.
std::string str(const Json& j, const char* key) {
  return terminal_safe(string_field(j, key));
}

std::string_view decision_colour(const std::string& decision) {
  return decision == "GO" ? kGreen : decision == "CONDITIONAL_GO" ? kYellow : kRed;
}

std::string_view status_colour(const std::string& status) {
  if (status == "fail" || status == "error") return kRed;
  if (status == "unknown") return kYellow;
  if (status == "waived") return kCyan;
  return kDim;
}

std::string bar(const Json& score, int width = 20) {
  if (!score.is_number()) return std::string(width, '.');
  int filled = score.get<int>() * width / 100;
  return std::string(filled, '#') + std::string(width - filled, '-');
}

std::string score_text(const Json& score) {
  return score.is_number() ? fmt::format("{:>3}", score.get<int>()) : "n/a";
}

void banner(const Json& r, std::ostream& out, const Style& style) {
  const std::string decision = str(r, "decision");
  std::string shown = decision == "CONDITIONAL_GO" ? "CONDITIONAL GO"
                      : decision == "NO_GO"        ? "NO-GO"
                                                   : decision;
  if (r.value("inconclusive", false)) shown += " (inconclusive: blocking checks not verified)";
  const std::string rule(72, '=');
  out << rule << '\n';
  out << fmt::format(" golive  environment {}  profile {}  collected {}\n", str(r, "environment"),
                     str(r, "profile"), str(r, "collected_at"));
  out << fmt::format(" {}   score {}/100\n", style(decision_colour(decision), shown),
                     score_text(r["score"]));
  out << rule << '\n';
  if (r.contains("baseline"))
    out << fmt::format(" baseline: {} finding(s) already failing are listed but do not decide\n",
                       r["baseline"].value("matched", 0));
  if (!r["reasons"].empty()) {
    out << style(kBold, "Why") << '\n';
    for (const auto& reason : r["reasons"])
      out << "  - " << terminal_safe(reason.get<std::string>()) << '\n';
  }
}

void domain_scores(const Json& r, std::ostream& out, const Style& style) {
  out << '\n' << style(kBold, "Domain scores") << '\n';
  for (Domain d : kAllDomains) {
    const Json& s = r["domains"][std::string(to_string(d))];
    out << fmt::format("  {:<13} {} [{}]  pass {} fail {} unknown {} waived {} skipped {}{}\n",
                       to_string(d), score_text(s["score"]), bar(s["score"]), s.value("pass", 0),
                       s.value("fail", 0), s.value("unknown", 0), s.value("waived", 0),
                       s.value("skipped", 0),
                       s.value("error", 0) ? fmt::format(" error {}", s.value("error", 0)) : "");
  }
}

void finding_line(const Json& f, std::ostream& out, const Style& style) {
  const std::string status = str(f, "status");
  out << fmt::format("  {} {}  {}{}\n", style(status_colour(status), fmt::format("{:<8}", status)),
                     str(f, "rule_id"), style(kBold, str(f, "resource")),
                     f.value("baseline", false) ? style(kDim, "  (in baseline)") : "");
  out << "           " << str(f, "message") << '\n';
  for (const char* key : {"reason", "error"})
    if (f.contains(key)) out << "           " << style(kDim, str(f, key)) << '\n';
}

void findings_by_severity(const Json& r, std::ostream& out, const Style& style) {
  int passes = 0;
  for (const auto& f : r["findings"]) passes += f.value("status", "") == "pass";
  out << '\n' << style(kBold, "Findings") << fmt::format(" ({} passed, not listed)\n", passes);
  for (Severity sev : kAllSeverities) {
    std::vector<const Json*> shown;
    for (const auto& f : r["findings"]) {
      const std::string status = f.value("status", "");
      if (f.value("severity", "") == to_string(sev) && status != "pass" && status != "skipped")
        shown.push_back(&f);
    }
    if (shown.empty()) continue;
    std::string heading = std::string(to_string(sev));
    for (auto& c : heading) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    out << fmt::format(" {} ({})\n", heading, shown.size());
    for (const Json* f : shown) finding_line(*f, out, style);
  }
}

void conditions(const Json& r, std::ostream& out, const Style& style) {
  if (r["conditions"].empty()) return;
  out << '\n' << style(kBold, "Conditions for go-live") << '\n';
  int n = 0;
  for (const auto& c : r["conditions"])
    out << fmt::format("  {}. {} on {}: {}\n", ++n, str(c, "rule_id"), str(c, "resource"),
                       str(c, "message"));
}

void waivers(const Json& r, std::ostream& out, const Style& style) {
  if (r["waivers"].empty()) return;
  out << '\n' << style(kBold, "Waivers") << '\n';
  for (const auto& w : r["waivers"]) {
    const std::string state = str(w, "status");
    out << fmt::format("  {} {} / {}  approved by {}, expires {}, matched {}\n",
                       style(state == "active" ? kCyan : kYellow, fmt::format("{:<8}", state)),
                       str(w, "rule"), str(w, "resource"), str(w, "approver"), str(w, "expires"),
                       w.value("matched", 0));
  }
}

void collectors(const Json& r, std::ostream& out, const Style& style) {
  if (!r.contains("collectors") || r["collectors"].empty()) return;
  out << '\n' << style(kBold, "Collectors") << '\n';
  for (const auto& [name, c] : r["collectors"].items()) {
    const std::string status = str(c, "status");
    out << fmt::format("  {:<12} {}{}\n", terminal_safe(name),
                       style(status == "ok" ? kGreen : kYellow, status),
                       c.contains("error") ? "  " + str(c, "error") : "");
  }
}

class TerminalRenderer final : public Renderer {
 public:
  void render(const Json& result, std::ostream& out, const RenderOptions& options) const override {
    const Style style(options.color);
    banner(result, out, style);
    domain_scores(result, out, style);
    findings_by_severity(result, out, style);
    conditions(result, out, style);
    waivers(result, out, style);
    collectors(result, out, style);
  }
};

}  // namespace

std::unique_ptr<Renderer> make_terminal_renderer() {
  return std::make_unique<TerminalRenderer>();
}

}  // namespace golive::report
