// The view model of the HTML report: the result document regrouped for
// reading (blockers first, findings by domain and rule, evidence appendix)
// with counts and the geometry of the inline SVG charts. Presentation lives in
// reports/html/; this file only decides what is shown where.

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "golive/model.hpp"
#include "golive/scope.hpp"
#include "golive/text.hpp"
#include "report/html.hpp"
#include "report/renderers.hpp"

namespace golive::report::html {

namespace {

using Json = nlohmann::json;
using Data = kainjow::mustache::data;

// Geometry of the charts (reports/html/ draws them with these numbers).
constexpr double kBarTrack = 200.0;    // width of a domain score bar at 100
constexpr double kGaugeRadius = 52.0;  // radius of the overall score ring
constexpr std::size_t kMaxEvidenceValue = 400;
constexpr std::size_t kLeadBlockers = 8;  // blockers named in the decision banner

Data list() {
  return Data(Data::type::list);
}

void put(Data& object, const std::string& key, Data value) {
  object[key] = std::move(value);
}

// A scalar as text: strings as they are, numbers and booleans as JSON, null
// and absent as "".
std::string text(const Json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_null() || j.is_object() || j.is_array()) return "";
  return j.dump();
}

std::string text(const Json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it == j.end() ? "" : text(*it);
}

const Json& member(const Json& j, const char* key) {
  static const Json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

void put_text(Data& object, const std::string& key, const std::string& value) {
  put(object, key, value);
  put(object, "has_" + key, !value.empty());
}

std::string capitalised(std::string s) {
  if (s == "devops") return "DevOps";
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

int severity_rank(const std::string& severity) {
  if (auto s = parse_severity(severity)) return static_cast<int>(*s);
  return static_cast<int>(kAllSeverities.size());
}

std::string status_label(const std::string& status) {
  if (status == "unknown") return "not verified";
  return status;
}

// Text with `code` spans (rule rationale and remediation use backticks).
Data segments(const std::string& s) {
  Data out = list();
  std::size_t pos = 0;
  bool code = false;
  while (pos <= s.size()) {
    auto tick = s.find('`', pos);
    if (tick == std::string::npos || (!code && s.find('`', tick + 1) == std::string::npos)) {
      tick = std::string::npos;
    }
    std::string part = s.substr(pos, tick == std::string::npos ? std::string::npos : tick - pos);
    if (!part.empty()) {
      Data seg;
      put(seg, "text", part);
      put(seg, "code", code);
      out << seg;
    }
    if (tick == std::string::npos) break;
    code = !code;
    pos = tick + 1;
  }
  return out;
}

std::string band(const Json& score) {
  if (!score.is_number()) return "none";
  const double v = score.get<double>();
  return v >= 80 ? "good" : v >= 60 ? "fair" : "poor";
}

// The ring's colour follows the decision, not the number: a green 87 beside
// a red NO-GO would read as a contradiction.
std::string decision_band(const std::string& decision) {
  return decision == "GO" ? "good" : decision == "CONDITIONAL_GO" ? "fair" : "poor";
}

std::string number(double v) {
  return fmt::format("{:.2f}", v);
}

bool is_link(const std::string& url) {
  auto starts = [&](std::string_view prefix) {
    if (url.size() <= prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(url[i])) != prefix[i]) return false;
    return true;
  };
  // Anything that would need quoting is shown as text, not followed.
  for (char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 ||
        std::string_view("\"'<>`\\").find(c) != std::string_view::npos)
      return false;
  return starts("https://") || starts("http://");
}

std::string evidence_value(const Json& value) {
  std::string shown = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (shown.size() > kMaxEvidenceValue) {
    std::size_t cut = kMaxEvidenceValue;
    while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) --cut;
    shown = fmt::format("{}… ({} more characters in the JSON result)", shown.substr(0, cut),
                        shown.size() - cut);
  }
  return shown;
}

struct FindingRef {
  const Json* finding;
  std::size_t index;
  std::string anchor;  // "f-…"
  std::string status;
};

bool attention(const std::string& status) {
  return status != "pass" && status != "skipped";
}

class ViewBuilder {
 public:
  explicit ViewBuilder(const Json& r) : r_(r) {}

  Data build() {
    Data v;
    index_findings();
    header(v);
    decision(v);
    scores(v);
    provenance(v);
    collectors(v);
    put(v, "blockers", blocker_groups());
    put(v, "has_blockers", !member(r_, "blockers").empty());
    put(v, "conditions", conditions_list());
    put(v, "has_conditions", !member(r_, "conditions").empty());
    domains(v);
    unverified(v);
    waivers(v);
    evidence(v);
    counts(v);
    return v;
  }

 private:
  void index_findings() {
    const Json& findings = member(r_, "findings");
    if (!findings.is_array()) return;
    for (std::size_t i = 0; i < findings.size(); ++i) {
      const Json& f = findings[i];
      // Short ids: a 1,000-finding report refers to each finding four times.
      FindingRef ref{&f, i, fmt::format("f-{}", i), text(f, "status")};
      anchors_.emplace(text(f, "rule_id") + '\n' + text(f, "resource"), ref.anchor);
      refs_.push_back(std::move(ref));
    }
  }

  const Json& rule(const std::string& id) const { return member(member(r_, "rules"), id.c_str()); }

  void header(Data& v) {
    put_text(v, "environment", text(r_, "environment"));
    put_text(v, "profile", text(r_, "profile"));
    put_text(v, "collected_at", text(r_, "collected_at"));
    put_text(v, "golive_version", text(r_, "golive_version"));
    put_text(v, "result_version", text(r_, "golive_result"));
  }

  void decision(Data& v) {
    const std::string d = text(r_, "decision");
    Data dec;
    put(dec, "code", d);
    put(dec, "label", d == "CONDITIONAL_GO" ? "CONDITIONAL GO" : d == "NO_GO" ? "NO-GO" : d);
    put(dec, "cls", d == "GO" ? "go" : d == "CONDITIONAL_GO" ? "conditional" : "nogo");
    put(dec, "is_go", d == "GO");
    put(dec, "is_conditional", d == "CONDITIONAL_GO");
    put(dec, "is_nogo", d == "NO_GO");
    put(v, "decision", std::move(dec));
    put(v, "inconclusive",
        member(r_, "inconclusive").is_boolean() && r_["inconclusive"].get<bool>());
    put_text(v, "headline", headline_text(r_));
    // Reasons lead with what a reader knows: the rule's title and the
    // resource; the rule id and the raw message come second. The blockers
    // are listed in full below, so only the first few lead here.
    Data reasons = list();
    std::size_t blockers = 0;
    for (const auto& c : member(r_, "blockers")) {
      if (++blockers > kLeadBlockers) continue;
      Data item;
      put(item, "title", text(c, "title").empty() ? text(c, "rule_id") : text(c, "title"));
      put(item, "resource", resource_label(c));
      put_text(item, "where", location_text(c));
      put(item, "rule_id", text(c, "rule_id"));
      put(item, "message", text(c, "message"));
      put(item, "unverified", text(c, "status") == "unknown");
      reasons << item;
    }
    Data more = list();
    std::size_t other = 0;
    if (blockers > kLeadBlockers) {
      more << Data(
          fmt::format("… and {} more blocking findings, listed below", blockers - kLeadBlockers));
      ++other;
    }
    // Sentences that are not about one finding: scores, required systems.
    for (const auto& reason : member(r_, "reasons"))
      if (!text(reason).starts_with("blocking: ") && !text(reason).ends_with("before go-live")) {
        more << Data(text(reason));
        ++other;
      }
    put(v, "has_reasons", blockers + other > 0);
    put(v, "reasons", std::move(reasons));
    put(v, "other_reasons", std::move(more));
  }

  void scores(Data& v) {
    const Json& score = member(r_, "score");
    Data overall;
    put(overall, "has_score", score.is_number());
    put(overall, "text", score_text(score));
    put(overall, "band", decision_band(text(r_, "decision")));
    const double circumference = 2 * std::numbers::pi * kGaugeRadius;
    const double fraction =
        score.is_number() ? std::clamp(score.get<double>(), 0.0, 100.0) / 100.0 : 0.0;
    put(overall, "radius", number(kGaugeRadius));
    put(overall, "dash", number(fraction * circumference));
    put(overall, "gap", number(circumference));
    put(v, "overall", std::move(overall));

    Data rows = list();
    for (const std::string& name : domain_names()) {
      const Json& d = member(member(r_, "domains"), name.c_str());
      const Json& s = member(d, "score");
      Data row;
      put(row, "name", name);
      put(row, "label", capitalised(name));
      put(row, "anchor", "domain-" + slug(name));
      put(row, "has_score", s.is_number());
      put(row, "score", score_text(s));
      put(row, "band", band(s));
      put(row, "track", number(kBarTrack));
      put(row, "fill",
          number(s.is_number() ? std::clamp(s.get<double>(), 0.0, 100.0) / 100.0 * kBarTrack : 0));
      put(row, "text_x", number(kBarTrack + 10));
      for (const char* c : {"pass", "fail", "unknown", "waived", "skipped", "error"})
        put(row, c, text(member(d, c)).empty() ? "0" : text(member(d, c)));
      rows << row;
    }
    put(v, "domains", std::move(rows));
  }

  // The six domains in their canonical order, then any other the result names.
  std::vector<std::string> domain_names() const {
    std::vector<std::string> names;
    for (Domain d : kAllDomains) names.emplace_back(to_string(d));
    auto add = [&](const std::string& n) {
      if (!n.empty() && std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    };
    if (member(r_, "domains").is_object())
      for (const auto& [name, _] : r_["domains"].items()) add(name);
    for (const auto& ref : refs_) add(text(*ref.finding, "domain"));
    return names;
  }

  void provenance(Data& v) {
    Data items = list();
    bool any = false;
    const Json& p = member(r_, "provenance");
    static const std::pair<const char*, const char*> kKnown[] = {
        {"snapshot_sha256", "Snapshot SHA-256"},
        {"rule_pack_sha256", "Rule pack SHA-256"},
        {"rule_count", "Rules loaded"}};
    std::set<std::string> known;
    for (const auto& [key, label] : kKnown) {
      known.insert(key);
      const std::string value = text(p, key);
      if (value.empty()) continue;
      Data item;
      put(item, "label", label);
      put(item, "value", value);
      put(item, "hash", std::string_view(key).ends_with("sha256"));
      items << item;
      any = true;
    }
    if (p.is_object())
      for (const auto& [key, value] : p.items()) {
        if (known.count(key) || text(value).empty()) continue;
        Data item;
        put(item, "label", key);
        put(item, "value", text(value));
        put(item, "hash", false);
        items << item;
        any = true;
      }
    put(v, "provenance", std::move(items));
    put(v, "has_provenance", any);
  }

  void collectors(Data& v) {
    Data all = list();
    Data failing = list();
    const Json& cs = member(r_, "collectors");
    if (cs.is_object())
      for (const auto& [name, c] : cs.items()) {
        const std::string status = text(c, "status");
        Data row;
        put(row, "name", name);
        put(row, "status", status);
        put(row, "ok", status == "ok");
        put_text(row, "error", text(c, "error"));
        Data notes = list();
        std::size_t note_count = 0;
        for (const auto& note : member(c, "notes")) {
          notes << Data(text(note));
          ++note_count;
        }
        put(row, "notes", std::move(notes));
        put(row, "has_notes", note_count > 0);
        if (status != "ok") {
          failing << row;
          ++collectors_not_ok_;
        }
        all << row;
      }
    put(v, "collectors", std::move(all));
    // What the audit judged, and what it left out for lack of a system.
    const Json& scope = member(r_, "scope");
    std::vector<std::string> systems;
    for (const auto& system : member(scope, "systems")) systems.push_back(text(system));
    put(v, "has_scope", scope.is_object());
    put(v, "audited", systems.empty() ? "nothing" : join(systems, ", "));
    put_text(v, "not_audited", not_audited_summary(scope));
    const std::size_t not_selected = member(scope, "not_selected").size();
    put_text(v, "not_selected",
             not_selected ? fmt::format("{} rule(s), by --only/--skip", not_selected) : "");
    put(v, "has_collectors", cs.is_object() && !cs.empty());
    put(v, "collectors_not_ok", std::move(failing));
    put(v, "has_collectors_not_ok", collectors_not_ok_ > 0);
  }

  // Blockers grouped by rule, in the result's order: one fix, its resources.
  Data blocker_groups() {
    std::vector<std::string> order;
    std::map<std::string, std::vector<const Json*>> by_rule;
    for (const auto& c : member(r_, "blockers")) {
      const std::string id = text(c, "rule_id");
      if (!by_rule.count(id)) order.push_back(id);
      by_rule[id].push_back(&c);
    }
    Data out = list();
    for (const auto& id : order) {
      const Json& first = *by_rule[id].front();
      Data group;
      put(group, "rule_id", id);
      put(group, "title", text(first, "title"));
      put(group, "severity", text(first, "severity"));
      put(group, "severity_label", to_upper(text(first, "severity")));
      const std::string fix = text(rule(id), "remediation");
      put(group, "has_remediation", !fix.empty());
      put(group, "remediation", segments(fix));
      Data items = list();
      for (const Json* c : by_rule[id]) {
        Data item;
        put(item, "resource", resource_label(*c));
        put_text(item, "where", location_text(*c));
        put(item, "message", text(*c, "message"));
        put(item, "status", text(*c, "status"));
        put(item, "status_label", status_label(text(*c, "status")));
        auto it = anchors_.find(id + '\n' + text(*c, "resource"));
        put_text(item, "anchor", it == anchors_.end() ? "" : it->second);
        items << item;
      }
      put(group, "items", std::move(items));
      put(group, "count", std::to_string(by_rule[id].size()));
      put(group, "several", by_rule[id].size() > 1);
      out << group;
    }
    return out;
  }

  Data conditions_list() {
    Data out = list();
    int n = 0;
    for (const auto& c : member(r_, "conditions")) {
      const std::string id = text(c, "rule_id");
      Data row;
      put(row, "number", std::to_string(++n));
      put(row, "rule_id", id);
      put(row, "title", text(c, "title"));
      put(row, "resource", resource_label(c));
      put_text(row, "where", location_text(c));
      put_text(row, "owner", text(c, "owner"));
      put(row, "message", text(c, "message"));
      put(row, "severity", text(c, "severity"));
      put(row, "severity_label", to_upper(text(c, "severity")));
      put(row, "status", text(c, "status"));
      put(row, "status_label", status_label(text(c, "status")));
      auto it = anchors_.find(id + '\n' + text(c, "resource"));
      put_text(row, "anchor", it == anchors_.end() ? "" : it->second);
      out << row;
    }
    return out;
  }

  Data finding_row(const FindingRef& ref) {
    const Json& f = *ref.finding;
    Data row;
    put(row, "anchor", ref.anchor);
    put(row, "evidence_anchor", "ev" + ref.anchor.substr(1));
    put(row, "has_evidence", has_evidence(f));
    put(row, "rule_id", text(f, "rule_id"));
    put(row, "title", text(f, "title"));
    put(row, "resource", resource_label(f));
    put_text(row, "where", location_text(f));
    put(row, "message", text(f, "message"));
    put(row, "status", ref.status);
    put(row, "status_label", status_label(ref.status));
    put(row, "severity", text(f, "severity"));
    put(row, "severity_label", to_upper(text(f, "severity")));
    std::string missing;
    for (const auto& m : member(f, "missing")) missing += (missing.empty() ? "" : ", ") + text(m);
    put_text(row, "missing", missing);
    put_text(row, "reason", text(f, "reason"));
    put_text(row, "error", text(f, "error"));
    put(row, "is_waived", ref.status == "waived");
    put(row, "waived_status", status_label(text(f, "waived_status")));
    const Json& waiver_index = member(f, "waiver");
    const Json& ws = member(r_, "waivers");
    if (waiver_index.is_number_unsigned() && ws.is_array() &&
        waiver_index.get<std::size_t>() < ws.size()) {
      const Json& w = ws[waiver_index.get<std::size_t>()];
      put(row, "has_waiver", true);
      put(row, "waiver_approver", text(w, "approver"));
      put(row, "waiver_expires", text(w, "expires"));
      put_text(row, "waiver_ticket", text(w, "ticket"));
    } else {
      put(row, "has_waiver", false);
    }
    return row;
  }

  static bool has_evidence(const Json& f) {
    const Json& e = member(f, "evidence");
    return !e.is_null() && !(e.is_object() && e.empty()) && !(e.is_array() && e.empty());
  }

  void domains(Data& v) {
    Data sections = list();
    for (const std::string& name : domain_names()) {
      std::map<std::string, std::vector<const FindingRef*>> by_rule;
      for (const auto& ref : refs_)
        if (text(*ref.finding, "domain") == name)
          by_rule[text(*ref.finding, "rule_id")].push_back(&ref);

      std::vector<std::pair<std::string, std::vector<const FindingRef*>>> cards;
      Data passed = list();
      int pass_count = 0, skipped_count = 0;
      for (auto& [id, refs] : by_rule) {
        std::vector<const FindingRef*> open;
        for (const FindingRef* ref : refs) {
          if (attention(ref->status)) {
            open.push_back(ref);
            continue;
          }
          (ref->status == "pass" ? pass_count : skipped_count)++;
          Data row;
          put(row, "rule_id", id);
          put(row, "title", text(*ref->finding, "title"));
          put(row, "resource", text(*ref->finding, "resource"));
          put(row, "status", ref->status);
          put(row, "anchor", ref->anchor);
          passed << row;
        }
        if (!open.empty()) cards.emplace_back(id, std::move(open));
      }
      std::stable_sort(cards.begin(), cards.end(), [&](const auto& a, const auto& b) {
        return severity_rank(text(*a.second.front()->finding, "severity")) <
               severity_rank(text(*b.second.front()->finding, "severity"));
      });

      Data rules = list();
      for (const auto& [id, refs] : cards) {
        const Json& meta = rule(id);
        const Json& first = *refs.front()->finding;
        Data card;
        put(card, "rule_id", id);
        put(card, "anchor", "rule-" + slug(id, 80));
        const std::string title = text(meta, "title");
        put(card, "title", title.empty() ? text(first, "title") : title);
        put(card, "severity", text(first, "severity"));
        put(card, "severity_label", to_upper(text(first, "severity")));
        put(card, "has_rationale", !text(meta, "rationale").empty());
        put(card, "rationale", segments(text(meta, "rationale")));
        put(card, "has_remediation", !text(meta, "remediation").empty());
        put(card, "remediation", segments(text(meta, "remediation")));
        Data refs_out = list();
        for (const auto& url : member(meta, "references")) {
          Data ref;
          put(ref, "url", text(url));
          put(ref, "is_link", is_link(text(url)));
          refs_out << ref;
        }
        put(card, "has_references", !member(meta, "references").empty());
        put(card, "references", std::move(refs_out));
        std::string source = text(meta, "file");
        if (!source.empty() && !text(meta, "line").empty()) source += ":" + text(meta, "line");
        if (source.empty()) source = text(meta, "source");
        put_text(card, "source", source);
        Data rows = list();
        for (const FindingRef* ref : refs) rows << finding_row(*ref);
        put(card, "findings", std::move(rows));
        put(card, "count", std::to_string(refs.size()));
        put(card, "plural", refs.size() != 1);
        rules << card;
      }

      const Json& d = member(member(r_, "domains"), name.c_str());
      Data section;
      put(section, "name", name);
      put(section, "label", capitalised(name));
      put(section, "anchor", "domain-" + slug(name));
      put(section, "score", score_text(member(d, "score")));
      put(section, "has_score", member(d, "score").is_number());
      put(section, "has_rules", !cards.empty());
      put(section, "rules", std::move(rules));
      put(section, "has_passed", pass_count + skipped_count > 0);
      put(section, "passed", std::move(passed));
      put(section, "pass_count", std::to_string(pass_count));
      put(section, "skipped_count", std::to_string(skipped_count));
      put(section, "has_skipped", skipped_count > 0);
      put(section, "has_findings", !by_rule.empty());
      sections << section;
    }
    put(v, "domain_sections", std::move(sections));
  }

  void unverified(Data& v) {
    Data rows = list();
    for (const auto& ref : refs_) {
      const Json& f = *ref.finding;
      const bool waived_unknown = ref.status == "waived" && text(f, "waived_status") == "unknown";
      if (ref.status != "unknown" && !waived_unknown) continue;
      rows << finding_row(ref);
      ++unverified_;
    }
    put(v, "unverified", std::move(rows));
    put(v, "has_unverified", unverified_ > 0);
    put(v, "has_any_unverified", unverified_ > 0 || collectors_not_ok_ > 0);
  }

  void waivers(Data& v) {
    std::map<std::string, Data> groups;
    std::map<std::string, int> counts;
    for (const char* state : {"active", "expired", "stale"}) groups.emplace(state, list());
    const Json& ws = member(r_, "waivers");
    int index = 0;
    for (const auto& w : ws) {
      const std::string state = text(w, "status");
      Data row;
      put(row, "number", std::to_string(++index));
      put(row, "rule", text(w, "rule"));
      put(row, "resource", text(w, "resource"));
      put(row, "reason", text(w, "reason"));
      put(row, "approver", text(w, "approver"));
      put_text(row, "ticket", text(w, "ticket"));
      put(row, "expires", text(w, "expires"));
      put(row, "status", state);
      put(row, "matched", text(member(w, "matched")));
      put(row, "source", text(w, "source"));
      const std::string group = groups.count(state) ? state : "stale";
      groups[group] << row;
      ++counts[group];
    }
    for (auto& [state, rows] : groups) {
      put(v, "waivers_" + state, std::move(rows));
      put(v, "has_waivers_" + state, counts[state] > 0);
      put(v, "waivers_" + state + "_count", std::to_string(counts[state]));
    }
    put(v, "has_waivers", ws.is_array() && !ws.empty());
  }

  void evidence(Data& v) {
    Data entries = list();
    int n = 0;
    for (const auto& ref : refs_) {
      const Json& f = *ref.finding;
      if (!attention(ref.status) || !has_evidence(f)) continue;
      Data entry;
      put(entry, "anchor", "ev" + ref.anchor.substr(1));
      put(entry, "finding_anchor", ref.anchor);
      put(entry, "rule_id", text(f, "rule_id"));
      put(entry, "resource", text(f, "resource"));
      put(entry, "status", ref.status);
      put(entry, "status_label", status_label(ref.status));
      Data items = list();
      const Json& e = f["evidence"];
      if (e.is_object()) {
        for (const auto& [path, value] : e.items()) {
          Data item;
          put(item, "path", path);
          put(item, "value", evidence_value(value));
          put(item, "is_null", value.is_null());
          items << item;
        }
      } else {
        Data item;
        put(item, "path", "(evidence)");
        put(item, "value", evidence_value(e));
        put(item, "is_null", false);
        items << item;
      }
      put(entry, "items", std::move(items));
      entries << entry;
      ++n;
    }
    put(v, "evidence", std::move(entries));
    put(v, "has_evidence", n > 0);
  }

  void counts(Data& v) {
    std::map<std::string, int> by_status;
    for (const auto& ref : refs_) ++by_status[ref.status];
    Data c;
    put(c, "findings", std::to_string(refs_.size()));
    for (const char* s : {"pass", "fail", "unknown", "waived", "skipped", "error"})
      put(c, s, std::to_string(by_status[s]));
    put(c, "blockers", std::to_string(member(r_, "blockers").size()));
    put(c, "conditions", std::to_string(member(r_, "conditions").size()));
    put(c, "unverified", std::to_string(unverified_));
    put(c, "collectors_not_ok", std::to_string(collectors_not_ok_));
    put(v, "counts", std::move(c));
  }

  const Json& r_;
  std::vector<FindingRef> refs_;
  std::map<std::string, std::string> anchors_;  // rule_id \n resource -> first finding's anchor
  int collectors_not_ok_ = 0;
  int unverified_ = 0;
};

}  // namespace

std::string slug(std::string_view text, std::size_t max) {
  std::string out;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (out.size() >= max) break;
    if (std::isalnum(c) && c < 0x80) {
      out += static_cast<char>(std::tolower(c));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "x" : out;
}

kainjow::mustache::data build_view(const nlohmann::json& result) {
  return ViewBuilder(result).build();
}

}  // namespace golive::report::html
