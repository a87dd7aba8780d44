// Terminal report, for a person who acts on it: the decision and its exact
// cause, then the failures grouped by rule (each with its one-line fix and
// the affected objects, at their file:line), then what could not be
// verified; passes are counted, not listed (--verbose lists every finding
// with its evidence; --quiet keeps the decision and counts). Every string
// from the environment goes through terminal_safe().

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "golive/model.hpp"
#include "golive/scope.hpp"
#include "golive/text.hpp"
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
constexpr std::size_t kObjectsPerRule = 10;  // default view; --verbose lists all
constexpr std::size_t kReasons = 8;          // likewise
constexpr std::size_t kNotes = 10;           // a collector's notes; likewise

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
  if (status == "pass") return kGreen;
  return kDim;
}

std::string bar(const Json& score, int width = 20) {
  if (!score.is_number()) return std::string(width, '.');
  int filled = score.get<int>() * width / 100;
  return std::string(filled, '#') + std::string(width - filled, '-');
}

std::string padded_score(const Json& score) {
  return score.is_number() ? fmt::format("{:>3}", score.get<int>()) : "n/a";
}

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

// The first sentence of a remediation: the one line a person acts on
// ("e.g. " and "i.e. " do not end it).
std::string first_sentence(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  for (auto end = text.find(". "); end != std::string::npos; end = text.find(". ", end + 1)) {
    const bool abbreviation =
        end >= 3 && (text.compare(end - 3, 3, "e.g") == 0 || text.compare(end - 3, 3, "i.e") == 0);
    if (abbreviation) continue;
    text.erase(end + 1);
    break;
  }
  constexpr std::size_t kMax = 200;
  if (text.size() > kMax) {
    // Cut between words, and not inside a UTF-8 sequence.
    std::size_t cut = text.rfind(' ', kMax - 4);
    if (cut == std::string::npos || cut < kMax / 2) cut = kMax - 4;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut) + " ...";
  }
  return text;
}

// Findings of one rule, in the result's order.
struct RuleGroup {
  std::string rule_id;
  std::string severity;
  std::vector<const Json*> findings;
};

// Findings with a status among `statuses`, grouped by rule, most severe
// rules first.
std::vector<RuleGroup> group_by_rule(const Json& r, const std::vector<std::string>& statuses) {
  std::map<std::string, RuleGroup> groups;
  for (const auto& f : r["findings"]) {
    const std::string status = f.value("status", "");
    if (std::find(statuses.begin(), statuses.end(), status) == statuses.end()) continue;
    RuleGroup& g = groups[string_field(f, "rule_id")];
    g.rule_id = string_field(f, "rule_id");
    g.severity = string_field(f, "severity");
    g.findings.push_back(&f);
  }
  std::vector<RuleGroup> out;
  for (auto& [id, g] : groups) out.push_back(std::move(g));
  auto rank = [](const std::string& severity) {
    auto parsed = parse_severity(severity);
    return parsed ? static_cast<int>(*parsed) : 99;
  };
  std::stable_sort(out.begin(), out.end(), [&](const RuleGroup& a, const RuleGroup& b) {
    return rank(a.severity) < rank(b.severity);
  });
  return out;
}

class TerminalReport {
 public:
  TerminalReport(const Json& r, std::ostream& out, const RenderOptions& options)
      : r_(r), out_(out), style_(options.color), detail_(options.detail) {}

  void render() {
    banner();
    scope();
    if (detail_ == Detail::quiet) {
      counts();
      return;
    }
    reasons();
    failures();
    unknowns();
    if (detail_ == Detail::verbose) passes();
    waived();
    conditions();
    waivers();
    domain_scores();
    collectors();
    counts();
  }

 private:
  void banner() {
    const std::string decision = str(r_, "decision");
    std::string shown = decision == "CONDITIONAL_GO" ? "CONDITIONAL GO"
                        : decision == "NO_GO"        ? "NO-GO"
                                                     : decision;
    if (r_.value("inconclusive", false)) shown += " (inconclusive)";
    const std::string line(72, '=');
    out_ << line << '\n';
    out_ << fmt::format(" golive  environment {}  profile {}  collected {}\n",
                        str(r_, "environment"), str(r_, "profile"), str(r_, "collected_at"));
    out_ << fmt::format(" {}   score {}/100", style_(decision_colour(decision), shown),
                        score_text(r_["score"]));
    if (const std::string headline = terminal_safe(headline_text(r_)); !headline.empty())
      out_ << "   " << headline;
    out_ << '\n' << line << '\n';
    if (r_.contains("baseline"))
      out_ << fmt::format(" baseline: {} finding(s) already failing are listed but do not decide\n",
                          r_["baseline"].value("matched", 0));
  }

  void scope() {
    const Json scope = r_.value("scope", Json());
    if (!scope.is_object()) return;
    std::vector<std::string> systems;
    for (const auto& s : scope.value("systems", Json::array()))
      if (s.is_string()) systems.push_back(terminal_safe(s.get<std::string>()));
    out_ << fmt::format(" audited: {}\n",
                        systems.empty() ? "nothing" : fmt::format("{}", fmt::join(systems, ", ")));
    if (const std::string left = not_audited_summary(scope); !left.empty())
      out_ << fmt::format(" not audited: {}\n", terminal_safe(left));
    if (const auto n = scope.value("not_selected", Json::array()).size())
      out_ << fmt::format(" not selected: {} (--only/--skip)\n", plural(n, "rule"));
  }

  // The reasons of a NO-GO or CONDITIONAL GO; the failures below list every
  // object, so a long list of blockers is cut short here.
  void reasons() {
    if (r_["reasons"].empty() || str(r_, "decision") == "GO") return;
    out_ << '\n' << style_(kBold, "Why") << '\n';
    const std::size_t limit = detail_ == Detail::verbose ? r_["reasons"].size() : kReasons;
    std::size_t shown = 0;
    for (const auto& reason : r_["reasons"])
      if (reason.is_string() && shown++ < limit)
        out_ << "  - " << terminal_safe(reason.get<std::string>()) << '\n';
    if (shown > limit) out_ << fmt::format("  - ... and {} more\n", shown - limit);
  }

  const Json& rule_meta(const std::string& id) const {
    static const Json none = Json::object();
    const auto rules = r_.find("rules");
    if (rules == r_.end() || !rules->is_object()) return none;
    const auto it = rules->find(id);
    return it == rules->end() ? none : *it;
  }

  void rule_heading(const RuleGroup& g, std::string_view colour) {
    const Json& meta = rule_meta(g.rule_id);
    std::string title = str(meta, "title");
    if (title.empty() && !g.findings.empty()) title = str(*g.findings.front(), "title");
    out_ << fmt::format("  {} {}  {}\n", style_(colour, fmt::format("{:<8}", to_upper(g.severity))),
                        style_(kBold, title), style_(kDim, terminal_safe(g.rule_id)));
  }

  void object_line(const Json& f, bool with_status) {
    const std::string kind = str(f, "kind");
    const std::string where = terminal_safe(location_text(f));
    std::string line = "    - ";
    if (with_status) {
      const std::string status = str(f, "status");
      line += style_(status_colour(status), status) + " ";
    }
    line += (kind.empty() ? "" : kind + " ") + style_(kBold, str(f, "resource"));
    if (!where.empty()) line += " " + style_(kCyan, where);
    if (f.value("baseline", false)) line += style_(kDim, " (in baseline)");
    out_ << line << '\n';
    if (const std::string message = str(f, "message"); !message.empty())
      out_ << "        " << message << '\n';
    for (const char* key : {"reason", "error"})
      if (f.contains(key)) out_ << "        " << style_(kDim, str(f, key)) << '\n';
    if (detail_ == Detail::verbose && f.contains("evidence") && !f["evidence"].empty())
      for (const auto& [path, value] : f["evidence"].items())
        out_ << "        "
             << style_(kDim,
                       terminal_safe(path + " = " +
                                     value.dump(-1, ' ', false, Json::error_handler_t::replace)))
             << '\n';
  }

  void objects(const RuleGroup& g, bool with_status) {
    const std::size_t limit = detail_ == Detail::verbose ? g.findings.size() : kObjectsPerRule;
    for (std::size_t i = 0; i < g.findings.size() && i < limit; ++i)
      object_line(*g.findings[i], with_status);
    if (g.findings.size() > limit)
      out_ << fmt::format("    ... and {} more (--verbose lists all)\n", g.findings.size() - limit);
  }

  void section(std::string_view title, const std::vector<RuleGroup>& groups,
               std::string_view colour, bool fix, bool with_status) {
    if (groups.empty()) return;
    std::size_t count = 0;
    for (const auto& g : groups) count += g.findings.size();
    out_ << '\n'
         << style_(kBold, title)
         << fmt::format(" ({}, {})\n", plural(groups.size(), "rule"), plural(count, "finding"));
    for (const auto& g : groups) {
      rule_heading(g, colour);
      if (fix)
        if (const std::string how = first_sentence(str(rule_meta(g.rule_id), "remediation"));
            !how.empty())
          out_ << "    fix: " << how << '\n';
      objects(g, with_status);
    }
  }

  void failures() {
    section("Failures", group_by_rule(r_, {"fail", "error"}), kRed, true,
            detail_ == Detail::verbose);
  }

  void unknowns() {
    section("Could not be verified", group_by_rule(r_, {"unknown"}), kYellow, false, false);
  }

  void passes() { section("Passed", group_by_rule(r_, {"pass"}), kGreen, false, false); }

  void waived() {
    if (detail_ != Detail::verbose) return;
    section("Waived", group_by_rule(r_, {"waived"}), kCyan, false, false);
  }

  void conditions() {
    if (r_["conditions"].empty()) return;
    out_ << '\n' << style_(kBold, "Conditions for go-live") << '\n';
    int n = 0;
    for (const auto& c : r_["conditions"])
      out_ << fmt::format("  {}. {} ({}) on {}: {}\n", ++n, str(c, "title"), str(c, "rule_id"),
                          str(c, "resource"), str(c, "message"));
  }

  void waivers() {
    if (r_["waivers"].empty()) return;
    out_ << '\n' << style_(kBold, "Waivers") << '\n';
    for (const auto& w : r_["waivers"]) {
      const std::string state = str(w, "status");
      out_ << fmt::format("  {} {} / {}  approved by {}, expires {}, matched {}\n",
                          style_(state == "active" ? kCyan : kYellow, fmt::format("{:<8}", state)),
                          str(w, "rule"), str(w, "resource"), str(w, "approver"), str(w, "expires"),
                          w.value("matched", 0));
    }
  }

  void domain_scores() {
    out_ << '\n' << style_(kBold, "Domain scores") << '\n';
    for (Domain d : kAllDomains) {
      const Json& s = r_["domains"][std::string(to_string(d))];
      out_ << fmt::format("  {:<13} {} [{}]  pass {} fail {} unknown {} waived {}{}\n",
                          to_string(d), padded_score(s["score"]), bar(s["score"]),
                          s.value("pass", 0), s.value("fail", 0), s.value("unknown", 0),
                          s.value("waived", 0),
                          s.value("error", 0) ? fmt::format(" error {}", s.value("error", 0)) : "");
    }
  }

  void collectors() {
    if (!r_.contains("collectors") || r_["collectors"].empty()) return;
    out_ << '\n' << style_(kBold, "Collectors") << '\n';
    for (const auto& [name, c] : r_["collectors"].items()) {
      const std::string status = str(c, "status");
      out_ << fmt::format("  {:<12} {}{}\n", terminal_safe(name),
                          style_(status == "ok" ? kGreen : kYellow, status),
                          c.contains("error") ? "  " + str(c, "error") : "");
      const Json notes = c.value("notes", Json::array());
      const std::size_t limit = detail_ == Detail::verbose ? notes.size() : kNotes;
      for (std::size_t i = 0; i < notes.size() && i < limit; ++i)
        if (notes[i].is_string())
          out_ << "    note: " << terminal_safe(notes[i].get<std::string>()) << '\n';
      if (notes.size() > limit)
        out_ << fmt::format("    ... and {} more notes (--verbose or the JSON report lists all)\n",
                            notes.size() - limit);
    }
  }

  void counts() {
    std::map<std::string, std::size_t> by_status;
    for (const auto& f : r_["findings"]) ++by_status[f.value("status", "")];
    std::vector<std::string> parts;
    for (const char* status : {"fail", "error", "unknown", "pass", "waived", "skipped"})
      if (by_status[status]) parts.push_back(fmt::format("{} {}", by_status[status], status));
    out_ << '\n'
         << fmt::format("{} finding(s): {}", r_["findings"].size(),
                        parts.empty() ? "none" : fmt::format("{}", fmt::join(parts, ", ")));
    if (detail_ == Detail::normal && by_status["pass"])
      out_ << " (passes not listed: --verbose lists every finding)";
    out_ << '\n';
  }

  const Json& r_;
  std::ostream& out_;
  Style style_;
  Detail detail_;
};

class TerminalRenderer final : public Renderer {
 public:
  void render(const Json& result, std::ostream& out, const RenderOptions& options) const override {
    TerminalReport(result, out, options).render();
  }
};

}  // namespace

std::unique_ptr<Renderer> make_terminal_renderer() {
  return std::make_unique<TerminalRenderer>();
}

}  // namespace golive::report
