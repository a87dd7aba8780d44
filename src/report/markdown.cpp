// Markdown report for pull-request comments (GitHub-flavoured): decision
// headline, the reasons, scores of all six domains, blockers, conditions,
// what could not be verified, waivers, then the other findings folded away.
// Every string from the result goes through markdown_escape(), so HTML,
// links, emphasis, table pipes and @mentions from the environment stay text.
// The whole comment stays under GitHub's 65,536-character limit.

#include "report/markdown.hpp"
#include <cctype>

#include <fmt/format.h>

#include "golive/model.hpp"
#include "golive/scope.hpp"
#include "golive/text.hpp"
#include "report/junit.hpp"
#include "report/renderers.hpp"

namespace golive::report {

namespace {

using Json = nlohmann::json;

// Appends lines while they fit; counts the rows that did not.
class Budget {
 public:
  explicit Budget(std::size_t limit) : limit_(limit) {}
  bool add(std::string_view text) {
    if (full_ || out_.size() + text.size() > limit_) {
      full_ = true;
      return false;
    }
    out_ += text;
    return true;
  }
  void row(std::string_view text) {
    if (!add(text)) ++omitted_;
  }
  void force(std::string_view text) { out_ += text; }
  void omit(std::size_t n) { omitted_ += n; }
  std::size_t omitted() const { return omitted_; }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
  std::size_t limit_;
  std::size_t omitted_ = 0;
  bool full_ = false;
};

std::string md(std::string_view text) {
  return markdown_escape(text);
}

// Rule ids are shown as code when they look like rule ids, escaped otherwise.
std::string rule_ref(const std::string& id) {
  const bool plain_id = all_of_chars(
      id, [](unsigned char c) { return std::isalnum(c) || c == '.' || c == '_' || c == '-'; });
  return plain_id ? "`" + id + "`" : md(id);
}

void table_rows(Budget& b, const std::string& heading, const std::string& header,
                const std::vector<std::string>& rows) {
  if (rows.empty()) return;
  if (!b.add(heading + header)) {
    b.omit(rows.size());
    return;
  }
  for (const auto& r : rows) b.row(r);
}

}  // namespace

std::string markdown_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  for (std::size_t i = 0; i < text.size();) {
    const long cp = decode_utf8(text, i);
    if (cp < 0) {
      out += "\xEF\xBF\xBD";
    } else if (cp == '\n' || cp == '\r' || cp == '\t') {
      out += ' ';  // one line: lists and table cells stay intact
    } else if (cp < 0x20 || cp == 0x7F) {
      out += fmt::format("\\x{:02x}", cp);
    } else if (cp >= 0x80 && cp <= 0x9F) {
      out += fmt::format("\\u{:04x}", cp);
    } else if (cp == '&') {
      out += "&amp;";
    } else if (cp == '<') {
      out += "&lt;";
    } else if (cp == '>') {
      out += "&gt;";
    } else if (cp == '@') {
      out += "@\xE2\x80\x8B";  // U+200B after '@': no @mention, no team ping
    } else if (cp < 0x80 && std::string_view("\\`*_[]#|~$").find(static_cast<char>(cp)) !=
                                std::string_view::npos) {
      out += '\\';
      out += static_cast<char>(cp);
    } else {
      append_utf8(out, cp);
    }
  }
  return out;
}

// The resource, its kind and where it is: "Deployment shop/web (deploy/app.yaml:12)".
std::string resource_cell(const Json& f) {
  std::string text = md(resource_label(f));
  if (const std::string where = location_text(f); !where.empty()) text += " (" + md(where) + ")";
  return text;
}

std::string to_markdown(const Json& result, std::size_t max_chars) {
  constexpr std::size_t kNoteRoom = 400;
  Budget b(max_chars > kNoteRoom ? max_chars - kNoteRoom : 0);
  const Json findings = result.value("findings", Json::array());
  const std::string decision = string_field(result, "decision");
  const bool inconclusive = result.value("inconclusive", false);

  const std::string shown = decision == "GO"               ? "✅ GO"
                            : decision == "CONDITIONAL_GO" ? "⚠️ CONDITIONAL GO"
                            : decision == "NO_GO"          ? "❌ NO-GO"
                                                           : md(decision);
  b.add(fmt::format("## golive: {}{} — {} ({})\n\n", shown, inconclusive ? " (inconclusive)" : "",
                    md(string_field(result, "environment")), md(string_field(result, "profile"))));
  if (const std::string headline = headline_text(result); !headline.empty())
    b.add(fmt::format("**{}**\n\n", md(headline)));
  if (const Json scope = result.value("scope", Json()); scope.is_object()) {
    std::vector<std::string> systems;
    for (const auto& s : scope.value("systems", Json::array()))
      if (s.is_string()) systems.push_back(s.get<std::string>());
    std::string line = "Audited: " + md(systems.empty() ? "nothing" : join(systems, ", "));
    if (const std::string left = not_audited_summary(scope); !left.empty())
      line += " · not audited: " + md(left);
    b.add(line + "\n\n");
  }

  int unknowns = 0;
  for (const auto& f : findings) {
    const std::string s = string_field(f, "status");
    unknowns += s == "unknown" || s == "error";
  }
  std::string summary = fmt::format(
      "**Score {}/100** · {} blocker(s) · {} condition(s) · {} not verified",
      score_text(result.value("score", Json())), result.value("blockers", Json::array()).size(),
      result.value("conditions", Json::array()).size(), unknowns);
  if (!string_field(result, "collected_at").empty())
    summary += " · collected " + md(string_field(result, "collected_at"));
  if (!string_field(result, "golive_version").empty())
    summary += " · golive " + md(string_field(result, "golive_version"));
  b.add(summary + "\n\n");

  std::vector<std::string> reasons;
  for (const auto& r : result.value("reasons", Json::array()))
    if (r.is_string()) reasons.push_back("- " + md(r.get<std::string>()) + "\n");
  table_rows(b, "", "", reasons);
  if (!reasons.empty()) b.add("\n");

  // Scores: all six domains, always.
  const Json domains = result.value("domains", Json::object());
  std::vector<std::string> score_rows;
  for (Domain d : kAllDomains) {
    const Json s = domains.value(std::string(to_string(d)), Json::object());
    score_rows.push_back(fmt::format(
        "| {} | {} | {} | {} | {} | {} | {} |\n", to_string(d),
        score_text(s.value("score", Json())), s.value("pass", 0), s.value("fail", 0),
        s.value("unknown", 0) + s.value("error", 0), s.value("waived", 0), s.value("skipped", 0)));
  }
  table_rows(b, "### Scores\n\n",
             "| Domain | Score | Pass | Fail | Not verified | Waived | Skipped |\n"
             "|:--|--:|--:|--:|--:|--:|--:|\n",
             score_rows);
  b.add("\n");

  auto condition_rows = [](const Json& list) {
    std::vector<std::string> rows;
    for (const auto& c : list)
      rows.push_back(fmt::format("| {} | {} | {} | {} | {} |\n", md(string_field(c, "severity")),
                                 rule_ref(string_field(c, "rule_id")), resource_cell(c),
                                 md(string_field(c, "status")), md(string_field(c, "message"))));
    return rows;
  };
  const std::string condition_header =
      "| Severity | Rule | Resource | Status | Finding |\n|:--|:--|:--|:--|:--|\n";

  const Json blockers = result.value("blockers", Json::array());
  if (!blockers.empty()) {
    table_rows(b, fmt::format("### Blockers ({})\n\n", blockers.size()), condition_header,
               condition_rows(blockers));
    b.add("\n");
  }
  const Json conditions = result.value("conditions", Json::array());
  if (!conditions.empty()) {
    table_rows(b, fmt::format("### Conditions for go-live ({})\n\n", conditions.size()),
               condition_header, condition_rows(conditions));
    b.add("\n");
  }

  std::vector<std::string> unknown_rows;
  for (const auto& f : findings) {
    const std::string s = string_field(f, "status");
    if (s != "unknown" && s != "error") continue;
    std::string why = s == "unknown" ? string_field(f, "reason") : string_field(f, "error");
    if (why.empty()) why = string_field(f, "message");
    unknown_rows.push_back(
        fmt::format("| {} | {} | {} | {} | {} |\n", md(string_field(f, "severity")),
                    rule_ref(string_field(f, "rule_id")), resource_cell(f), md(s), md(why)));
  }
  if (!unknown_rows.empty()) {
    table_rows(b, fmt::format("### Could not be verified ({})\n\n", unknown_rows.size()),
               "| Severity | Rule | Resource | Status | Why |\n|:--|:--|:--|:--|:--|\n",
               unknown_rows);
    b.add("\n");
  }

  const Json waivers = result.value("waivers", Json::array());
  std::vector<std::string> waiver_rows;
  for (const auto& w : waivers)
    waiver_rows.push_back(
        fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", md(string_field(w, "status")),
                    rule_ref(string_field(w, "rule")), md(string_field(w, "resource")),
                    md(string_field(w, "approver")), md(string_field(w, "expires")),
                    md(string_field(w, "ticket")), md(string_field(w, "reason"))));
  if (!waiver_rows.empty()) {
    table_rows(b, fmt::format("### Waivers ({})\n\n", waiver_rows.size()),
               "| State | Rule | Resource | Approver | Expires | Ticket | Reason |\n"
               "|:--|:--|:--|:--|:--|:--|:--|\n",
               waiver_rows);
    b.add("\n");
  }

  // What collectors noted about their input (files skipped, charts to render).
  std::vector<std::string> note_rows;
  for (const auto& note : collector_notes(result)) note_rows.push_back("- " + md(note) + "\n");
  if (!note_rows.empty()) {
    if (b.add(fmt::format("<details><summary>Collector notes ({})</summary>\n\n",
                          note_rows.size()))) {
      table_rows(b, "", "", note_rows);
      b.force("\n</details>\n\n");
    } else {
      b.omit(note_rows.size());
    }
  }

  // Failures that neither block nor condition the go-live.
  std::vector<std::string> other_rows;
  for (Severity sev : kAllSeverities)
    for (const auto& f : findings) {
      if (string_field(f, "status") != "fail" || string_field(f, "severity") != to_string(sev))
        continue;
      bool listed = false;
      for (const Json* list : {&blockers, &conditions})
        for (const auto& c : *list)
          listed = listed || (string_field(c, "rule_id") == string_field(f, "rule_id") &&
                              string_field(c, "resource") == string_field(f, "resource"));
      if (listed) continue;
      other_rows.push_back(fmt::format("| {} | {} | {} | {} |\n", to_string(sev),
                                       rule_ref(string_field(f, "rule_id")), resource_cell(f),
                                       md(string_field(f, "message"))));
    }
  if (!other_rows.empty()) {
    if (b.add(fmt::format("<details><summary>Other failures ({})</summary>\n\n",
                          other_rows.size()))) {
      table_rows(b, "", "| Severity | Rule | Resource | Finding |\n|:--|:--|:--|:--|\n",
                 other_rows);
      b.force("\n</details>\n");  // fits in the room kept for the closing note
    } else {
      b.omit(other_rows.size());
    }
  }

  std::string text = b.take();
  if (b.omitted())
    text += fmt::format(
        "\n> **Truncated:** {} more row(s) left out to stay under GitHub's 65,536-character "
        "comment limit. The JSON, SARIF or HTML report has every finding.\n",
        b.omitted());
  return text;
}

std::unique_ptr<Renderer> make_markdown_renderer() {
  return make_document_renderer([](const Json& result) { return to_markdown(result); });
}

}  // namespace golive::report
