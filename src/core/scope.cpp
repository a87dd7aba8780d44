#include "golive/scope.hpp"

#include <fnmatch.h>

#include <algorithm>

#include <fmt/format.h>

#include "golive/diagnostics.hpp"
#include "golive/text.hpp"

namespace golive {

namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool id_matches(const std::string& pattern, const Rule& rule) {
  return fnmatch(pattern.c_str(), rule.id.c_str(), 0) == 0;
}

}  // namespace

bool pattern_matches(const std::string& pattern, const Rule& rule) {
  const auto colon = pattern.find(':');
  const std::string kind = colon == std::string::npos ? "" : pattern.substr(0, colon);
  const std::string value = colon == std::string::npos ? pattern : pattern.substr(colon + 1);
  if (kind == "id") return id_matches(value, rule);
  if (kind == "tag") return contains(rule.tags, value);
  if (kind == "domain") return to_string(rule.domain) == value;
  if (kind == "system") return contains(rule.systems, value);
  return id_matches(pattern, rule) || contains(rule.tags, pattern) ||
         to_string(rule.domain) == pattern || contains(rule.systems, pattern);
}

bool RuleSelection::selects(const Rule& rule) const {
  auto any = [&](const std::vector<std::string>& patterns) {
    return std::any_of(patterns.begin(), patterns.end(),
                       [&](const std::string& p) { return pattern_matches(p, rule); });
  };
  return (only.empty() || any(only)) && !any(skip);
}

void check_selection(const RuleSelection& selection, const std::vector<Rule>& rules,
                     const std::string& where) {
  std::vector<std::string> words;  // what a pattern could have meant
  for (const auto& rule : rules) {
    words.push_back(rule.id);
    words.insert(words.end(), rule.tags.begin(), rule.tags.end());
    words.insert(words.end(), rule.systems.begin(), rule.systems.end());
  }
  for (Domain d : kAllDomains) words.emplace_back(to_string(d));
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  DiagnosticSink sink;
  for (const auto* list : {&selection.only, &selection.skip}) {
    for (const auto& pattern : *list) {
      const bool used = std::any_of(rules.begin(), rules.end(),
                                    [&](const Rule& r) { return pattern_matches(pattern, r); });
      if (used) continue;
      const char* option = list == &selection.only ? "only" : "skip";
      sink.error({where, 0, 0},
                 fmt::format("'{}' ({}) matches no rule{}; give a rule id or glob "
                             "(security.k8s.*), a tag, a domain or a system, optionally as "
                             "id:, tag:, domain: or system: (`golive rules list` shows them)",
                             pattern, option, did_you_mean(pattern, words)));
    }
  }
  sink.throw_if_any();
}

std::set<std::string> collected_systems(const nlohmann::json& collectors) {
  std::set<std::string> systems;
  if (!collectors.is_object()) return systems;
  for (const auto& [name, entry] : collectors.items())
    if (!entry.is_object() || entry.value("status", "") != "skipped") systems.insert(name);
  return systems;
}

ScopedRules apply_scope(const std::vector<Rule>& rules, const AuditScope& scope) {
  ScopedRules out;
  out.report.systems.assign(scope.systems.begin(), scope.systems.end());
  for (const auto& rule : rules) {
    if (!scope.selection.selects(rule)) {
      out.report.not_selected.push_back(rule.id);
      continue;
    }
    std::vector<std::string> missing;
    bool any_in_scope = false;
    for (const auto& system : rule.systems) {
      // "*": facts read by a computed key; whichever system it is, scope
      // cannot tell, so it does not hold the rule back.
      if (system == "*" || scope.systems.count(system))
        any_in_scope = true;
      else
        missing.push_back(system);
    }
    if (missing.empty()) {
      out.rules.push_back(&rule);
    } else if (any_in_scope) {
      out.report.cross_system.push_back({rule.id, std::move(missing)});
    } else {
      for (const auto& system : missing) out.report.not_audited[system].push_back(rule.id);
    }
  }
  return out;
}

nlohmann::json to_json(const ScopeReport& report) {
  nlohmann::json not_audited = nlohmann::json::array();
  for (const auto& [system, ids] : report.not_audited)
    not_audited.push_back({{"system", system}, {"rules", ids.size()}, {"rule_ids", ids}});
  nlohmann::json cross = nlohmann::json::array();
  for (const auto& c : report.cross_system)
    cross.push_back({{"rule_id", c.rule_id}, {"missing", c.missing}});
  return {{"systems", report.systems},
          {"not_audited", std::move(not_audited)},
          {"cross_system", std::move(cross)},
          {"not_selected", report.not_selected},
          {"required_missing", report.required_missing}};
}

std::string not_audited_summary(const nlohmann::json& scope) {
  if (!scope.is_object()) return "";
  // A saved result is read back by reports: every field is checked.
  auto array_at = [](const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_array() ? *it : nlohmann::json::array();
  };
  std::vector<std::string> parts;
  std::set<std::string> rules;  // each rule once, however many systems it misses
  for (const auto& entry : array_at(scope, "not_audited")) {
    if (!entry.is_object()) continue;
    const auto system = entry.find("system");
    const auto count = entry.find("rules");
    if (system == entry.end() || !system->is_string() || count == entry.end() ||
        !count->is_number_integer() || count->get<long long>() < 0)
      continue;
    const auto n = count->get<long long>();
    parts.push_back(
        fmt::format("{} ({} rule{})", system->get<std::string>(), n, n == 1 ? "" : "s"));
    for (const auto& id : array_at(entry, "rule_ids"))
      if (id.is_string()) rules.insert(id.get<std::string>());
  }
  std::string text = join(parts, ", ");
  if (rules.size() > 1 && parts.size() > 1) text = fmt::format("{} rules: {}", rules.size(), text);
  const auto cross = array_at(scope, "cross_system");
  if (!cross.empty()) {
    std::set<std::string> needed;
    for (const auto& c : cross)
      for (const auto& s : array_at(c.is_object() ? c : nlohmann::json::object(), "missing"))
        if (s.is_string()) needed.insert(s.get<std::string>());
    text += fmt::format("{}{} cross-system rule{} also need{} {}", text.empty() ? "" : "; ",
                        cross.size(), cross.size() == 1 ? "" : "s", cross.size() == 1 ? "s" : "",
                        join({needed.begin(), needed.end()}, ", "));
  }
  return text;
}

}  // namespace golive
