#include "golive/engine.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "golive/text.hpp"

namespace golive {

namespace {

// One thing a rule applies to: a fact value, or the place where an expected
// fact was absent.
struct Target {
  const nlohmann::json* value = nullptr;  // null when missing
  std::string label;                      // path-like name, e.g. "postgres.main" or "k8s.pods[3]"
  std::string key;                        // the map key for '*' selections
};

struct Selection {
  std::vector<Target> targets;
  bool is_collection = false;  // a list or '*': empty means nothing to check
};

Selection select_targets(const nlohmann::json& facts, const std::vector<std::string>& path) {
  std::vector<Target> current = {{&facts, "", ""}};
  for (const auto& segment : path) {
    std::vector<Target> next;
    for (const auto& target : current) {
      const std::string prefix = target.label.empty() ? "" : target.label + ".";
      if (!target.value) {
        // Keep naming the whole path that was expected, e.g. "k8s.deployments".
        next.push_back({nullptr, prefix + segment, target.key});
      } else if (segment == "*" && target.value->is_object()) {
        for (const auto& [key, child] : target.value->items())
          next.push_back({&child, prefix + key, key});
      } else if (segment == "*" && target.value->is_array()) {
        for (std::size_t i = 0; i < target.value->size(); ++i)
          next.push_back({&(*target.value)[i], fmt::format("{}[{}]", target.label, i), ""});
      } else if (segment != "*" && target.value->is_object() && target.value->contains(segment)) {
        next.push_back({&(*target.value)[segment], prefix + segment, target.key});
      } else {
        next.push_back({nullptr, prefix + segment, target.key});
      }
    }
    current = std::move(next);
  }
  Selection selection;
  selection.is_collection = !path.empty() && path.back() == "*";
  if (!selection.is_collection && current.size() == 1 && current[0].value &&
      current[0].value->is_array()) {
    selection.is_collection = true;
    const auto& list = *current[0].value;
    for (std::size_t i = 0; i < list.size(); ++i)
      selection.targets.push_back({&list[i], fmt::format("{}[{}]", current[0].label, i), ""});
  } else {
    selection.targets = std::move(current);
  }
  return selection;
}

const nlohmann::json* string_at(const nlohmann::json& object, const char* a, const char* b) {
  auto outer = object.find(a);
  if (outer == object.end() || !outer->is_object()) return nullptr;
  auto inner = outer->find(b);
  return inner != outer->end() && inner->is_string() ? &*inner : nullptr;
}

// Kubernetes objects show as namespace/name, ARM resources by name, map
// entries by key, anything else by its path in the facts.
std::string default_resource_name(const Target& target) {
  const nlohmann::json& value = *target.value;
  if (value.is_object()) {
    const auto* name = string_at(value, "metadata", "name");
    // An object named when created (generateName: "migrate-") shows as "migrate-*".
    const auto* prefix = name ? nullptr : string_at(value, "metadata", "generateName");
    if (name || prefix) {
      const std::string shown = name ? name->get<std::string>() : prefix->get<std::string>() + "*";
      const auto* ns = string_at(value, "metadata", "namespace");
      return ns ? ns->get<std::string>() + "/" + shown : shown;
    }
    auto own_name = value.find("name");
    if (own_name != value.end() && own_name->is_string()) return own_name->get<std::string>();
  }
  return target.key.empty() ? target.label : target.key;
}

// The name that follows `prefix` in a fact path, up to the next '.' or '['
// ("pg" in "variables.pg.settings" after "variables."); "" when the path does
// not start with `prefix`.
std::string name_after(const std::string& path, std::string_view prefix) {
  if (path.rfind(prefix, 0) != 0) return "";
  const auto end = path.find_first_of(".[", prefix.size());
  return path.substr(prefix.size(), end == std::string::npos ? end : end - prefix.size());
}

// Why a collector did not provide its facts, in words: "collector 'x' did not
// run" or "collector 'x' is unreachable (error)"; "" when it ran and is ok.
std::string collector_trouble(const std::string& collector, const nlohmann::json& collectors) {
  auto entry = collectors.find(collector);
  if (entry == collectors.end()) return fmt::format("collector '{}' did not run", collector);
  const std::string status = entry->value("status", "unknown");
  if (status == "ok") return "";
  const auto error = entry->find("error");
  return fmt::format(
      "collector '{}' is {}{}", collector, status,
      error != entry->end() && error->is_string() ? " (" + error->get<std::string>() + ")" : "");
}

// What the collector said about a fact it could not provide: its
// `unavailable` entry ("k8s.version" -> facts.k8s.unavailable.version).
std::string unavailable_note(const std::string& path, const nlohmann::json& facts) {
  const std::string system = name_after(path, "");
  const std::string key = name_after(path, system + ".");
  const auto entry = facts.find(system);
  if (key.empty() || entry == facts.end() || !entry->is_object()) return "";
  const auto unavailable = entry->find("unavailable");
  if (unavailable == entry->end() || !unavailable->is_object()) return "";
  const auto note = unavailable->find(key);
  return note != unavailable->end() && note->is_string() ? note->get<std::string>() : "";
}

// Why facts under `path` are absent, in words.
std::string missing_reason(const std::string& path, const nlohmann::json& collectors,
                           const nlohmann::json& facts) {
  std::string trouble = collector_trouble(name_after(path, ""), collectors);
  if (trouble.empty()) trouble = unavailable_note(path, facts);
  return fmt::format("facts at '{}' were not collected{}", path,
                     trouble.empty() ? "" : ": " + trouble);
}

// A rule's `variables`, evaluated for one item: the values, and the outcome
// of those that did not yield one (so that an expression reading them can
// say which facts were missing, or what failed).
struct VariableValues {
  nlohmann::json values = nlohmann::json::object();
  std::map<std::string, expr::Result> unresolved;
  std::vector<expr::Evidence> evidence;  // the facts the variables read
};

// The variable a missing path such as "variables.pg.settings" names.
std::string variable_of(const std::string& path) {
  return name_after(path, "variables.");
}

// An unknown that came from reading an unknown variable is unknown for the
// facts that variable missed; one that read a failed variable is that error.
void resolve_variables(expr::Result& result, const VariableValues& variables) {
  if (result.outcome != expr::Outcome::unknown || variables.unresolved.empty()) return;
  std::vector<std::string> missing;
  for (const auto& path : result.missing) {
    auto unresolved = variables.unresolved.find(variable_of(path));
    if (unresolved == variables.unresolved.end()) {
      missing.push_back(path);
      continue;
    }
    const expr::Result& cause = unresolved->second;
    if (cause.outcome == expr::Outcome::error) {
      result.outcome = expr::Outcome::error;
      result.error = fmt::format("variable '{}' failed: {}", unresolved->first, cause.error);
      result.missing.clear();
      return;
    }
    missing.insert(missing.end(), cause.missing.begin(), cause.missing.end());
  }
  std::vector<std::string> unique;
  for (auto& path : missing)
    if (std::find(unique.begin(), unique.end(), path) == unique.end())
      unique.push_back(std::move(path));
  result.missing = std::move(unique);
}

int int_at(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<int>() : 0;
}

// An object read from a file carries where it was (`$source`, set by the
// collector that read it, e.g. a manifest's document).
std::optional<FindingLocation> source_location(const nlohmann::json& value) {
  if (!value.is_object()) return std::nullopt;
  const auto source = value.find("$source");
  if (source == value.end() || !source->is_object()) return std::nullopt;
  const auto file = source->find("file");
  if (file == source->end() || !file->is_string()) return std::nullopt;
  return FindingLocation{file->get<std::string>(), int_at(*source, "line"),
                         int_at(*source, "column")};
}

// Facts from a live system: the golive.yaml line declaring the target they
// came from (`postgres.odoo-db` -> `odoo-db:`), else the collector's line.
std::optional<FindingLocation> declared_location(const std::string& system, const std::string& key,
                                                 const nlohmann::json& collectors) {
  const auto entry = collectors.find(system);
  if (entry == collectors.end() || !entry->is_object()) return std::nullopt;
  const auto declared = entry->find("declared_at");
  if (declared == entry->end() || !declared->is_object()) return std::nullopt;
  const auto file = declared->find("file");
  int line = int_at(*declared, "line");
  if (file == declared->end() || !file->is_string() || line <= 0) return std::nullopt;
  if (const auto targets = declared->find("targets");
      !key.empty() && targets != declared->end() && targets->is_object())
    if (const int target_line = int_at(*targets, key.c_str()); target_line > 0) line = target_line;
  return FindingLocation{file->get<std::string>(), line, 0};
}

// An `owner` entry (any case) of a map: Azure tags, Kubernetes labels or
// annotations; "" when there is none.
std::string owner_entry(const nlohmann::json* map) {
  if (!map || !map->is_object()) return "";
  for (const auto& [key, value] : map->items()) {
    const std::string lower = to_lower(key);
    if ((lower == "owner" || lower.ends_with("/owner")) && value.is_string() &&
        !value.get<std::string>().empty())
      return value.get<std::string>();
  }
  return "";
}

const nlohmann::json* child_of(const nlohmann::json& value, const char* key) {
  if (!value.is_object()) return nullptr;
  const auto it = value.find(key);
  return it == value.end() ? nullptr : &*it;
}

// Who answers for a resource, as it says itself.
std::string owner_of(const nlohmann::json& value) {
  if (std::string owner = owner_entry(child_of(value, "tags")); !owner.empty()) return owner;
  const nlohmann::json* metadata = child_of(value, "metadata");
  if (!metadata) return "";
  if (std::string owner = owner_entry(child_of(*metadata, "labels")); !owner.empty()) return owner;
  return owner_entry(child_of(*metadata, "annotations"));
}

std::string kubernetes_kind(const nlohmann::json& value) {
  if (!value.is_object() || !value.contains("apiVersion")) return "";
  const auto kind = value.find("kind");
  return kind != value.end() && kind->is_string() ? kind->get<std::string>() : "";
}

class RuleEvaluator {
 public:
  RuleEvaluator(const Rule& rule, const nlohmann::json& facts, const EvaluationContext& context)
      : rule_(rule), facts_(facts), context_(context) {
    env_ = {{"name", context.environment},
            {"profile", context.profile},
            {"settings", context.profile_settings}};
    env_.update(context.env_extra);
  }

  std::vector<Finding> run() {
    if (!rule_.applies_to_profile(context_.profile))
      return {summary(Status::skipped, fmt::format("not part of profile '{}'", context_.profile))};
    if (!rule_.assertion) return {summary(Status::error, "the rule has no valid assertion")};
    Selection selection = select_targets(facts_, rule_.applies_path);
    if (selection.is_collection && selection.targets.empty())
      return {summary(Status::skipped,
                      fmt::format("nothing to check: '{}' is empty", rule_.applies_to))};
    std::vector<Finding> findings;
    findings.reserve(selection.targets.size());
    for (const auto& target : selection.targets) {
      if (auto finding = evaluate_target(target)) findings.push_back(std::move(*finding));
    }
    if (findings.empty())
      return {summary(Status::skipped, "no resource matched the rule's 'when' precondition")};
    return findings;
  }

 private:
  Finding base_finding() const {
    Finding f;
    f.rule_id = rule_.id;
    f.title = rule_.title;
    f.domain = rule_.domain;
    f.severity = rule_.severity;
    return f;
  }

  Finding summary(Status status, std::string reason) const {
    Finding f = base_finding();
    f.status = status;
    f.message = rule_.title;
    (status == Status::error ? f.error : f.reason) = std::move(reason);
    return f;
  }

  std::optional<Finding> evaluate_target(const Target& target) {
    if (!target.value) {
      Finding f =
          summary(Status::unknown, missing_reason(target.label, context_.collectors, facts_));
      f.resource = target.label;
      f.location = system_location(target);
      f.missing.push_back(target.label);
      return f;
    }
    VariableValues variables = evaluate_variables(target);
    const expr::Variables vars{target.value, &facts_, &env_, context_.now, &variables.values};
    Finding f = base_finding();
    f.kind = kubernetes_kind(*target.value);
    f.owner = owner_of(*target.value);
    f.location = source_location(*target.value);
    if (!f.location) f.location = system_location(target);
    if (rule_.when) {
      expr::Result when = expr::evaluate(*rule_.when, vars);
      resolve_variables(when, variables);
      if (when.is_false()) return std::nullopt;
      if (!when.is_true()) {
        f.resource = resource_name(target, vars);
        f.message = render_message(vars, variables);
        apply_non_boolean(f, when, "when");
        return f;
      }
    }
    expr::EvalOptions options;
    options.record_evidence = true;
    expr::Result result = expr::evaluate(*rule_.assertion, vars, options);
    resolve_variables(result, variables);
    f.resource = resource_name(target, vars);
    f.message = render_message(vars, variables);
    for (auto& evidence : variables.evidence) record_evidence(f, std::move(evidence));
    for (auto& evidence : result.evidence)
      if (!variables.unresolved.contains(variable_of(evidence.path)))
        record_evidence(f, std::move(evidence));
    if (result.is_true())
      f.status = Status::pass;
    else if (result.is_false())
      f.status = Status::fail;
    else
      apply_non_boolean(f, result, "assert");
    return f;
  }

  // Where facts without a place of their own come from: the system's files
  // (`$source` at its top, e.g. the manifests read), else the golive.yaml
  // line declaring the target or collector.
  std::optional<FindingLocation> system_location(const Target& target) const {
    if (rule_.applies_path.empty()) return std::nullopt;
    const std::string& system = rule_.applies_path.front();
    if (const auto facts = facts_.find(system); facts != facts_.end())
      if (auto location = source_location(*facts)) return location;
    return declared_location(system, target.key, context_.collectors);
  }

  // The rule's variables, in order, each seeing the ones before it.
  VariableValues evaluate_variables(const Target& target) const {
    VariableValues out;
    if (rule_.variables.empty()) return out;
    const expr::Variables vars{target.value, &facts_, &env_, context_.now, &out.values};
    expr::EvalOptions options;
    options.record_evidence = true;
    for (const auto& variable : rule_.variables) {
      if (!variable.program) continue;
      expr::Result result = expr::evaluate(*variable.program, vars, options);
      resolve_variables(result, out);
      for (auto& evidence : result.evidence)
        if (variable_of(evidence.path).empty()) out.evidence.push_back(std::move(evidence));
      if (result.outcome == expr::Outcome::value)
        out.values[variable.name] = std::move(result.value);
      else
        out.unresolved.emplace(variable.name, std::move(result));
    }
    return out;
  }

  // Evidence is capped: a rule that joins several systems reads many facts.
  static void record_evidence(Finding& f, expr::Evidence&& evidence) {
    constexpr std::size_t kMaxEvidence = 32;
    if (f.evidence.size() >= kMaxEvidence && !f.evidence.contains(evidence.path)) return;
    f.evidence[evidence.path] =
        evidence.missing ? nlohmann::json(nullptr) : std::move(evidence.value);
  }

  // Why the collectors behind `facts.<collector>...` paths did not provide
  // them, for those that did not run or did not finish ("" when all are ok):
  // a rule joining several systems names the one that was not collected.
  std::string collector_reasons(const std::vector<std::string>& missing) const {
    std::vector<std::string> reasons;
    std::set<std::string> seen;
    for (const auto& path : missing) {
      const std::string collector = name_after(path, "facts.");
      if (collector.empty() || !seen.insert(collector).second) continue;
      std::string trouble = collector_trouble(collector, context_.collectors);
      if (!trouble.empty()) reasons.push_back(std::move(trouble));
    }
    return reasons.empty() ? "" : "; " + join(reasons, "; ");
  }

  // An unknown, error or non-boolean outcome of `when` or `assert`.
  void apply_non_boolean(Finding& f, const expr::Result& result, const char* what) const {
    switch (result.outcome) {
      case expr::Outcome::unknown:
        f.status = Status::unknown;
        f.missing = result.missing;
        f.reason = fmt::format("missing facts: {}{}", fmt::join(result.missing, ", "),
                               collector_reasons(result.missing));
        break;
      case expr::Outcome::error:
        f.status = Status::error;
        f.error = fmt::format("'{}' failed: {}", what, result.error);
        break;
      case expr::Outcome::value:
        f.status = Status::error;
        f.error = fmt::format("'{}' must yield a bool, got {}", what, result.value.dump());
        break;
    }
  }

  std::string resource_name(const Target& target, const expr::Variables& vars) const {
    if (rule_.resource) {
      expr::Result name = expr::evaluate(*rule_.resource, vars);  // unknown: the default name
      if (name.outcome == expr::Outcome::value) return expr::display(name.value);
    }
    return default_resource_name(target);
  }

  // Placeholders show values as a person reads them: lists as "a, b" (an
  // empty one as "none"), and what could not be filled says so in words.
  std::string render_message(const expr::Variables& vars, const VariableValues& variables) const {
    std::string text;
    for (const auto& segment : rule_.message.segments) {
      if (!segment.expr) {
        text += segment.text;
        continue;
      }
      expr::Result value = expr::evaluate(*segment.expr, vars);
      resolve_variables(value, variables);
      switch (value.outcome) {
        case expr::Outcome::value:
          text += message_value(value.value);
          break;
        case expr::Outcome::unknown:
          text += value.missing.empty() ? "(not collected)"
                                        : fmt::format("(not collected: {})", value.missing.front());
          break;
        case expr::Outcome::error:
          text += "(could not be computed)";
          break;
      }
    }
    return text;
  }

  static std::string message_value(const nlohmann::json& value) {
    if (value.is_object() && value.empty()) return "none";
    if (!value.is_array()) return expr::display(value);
    if (value.empty()) return "none";
    std::vector<std::string> items;
    for (const auto& item : value) items.push_back(expr::display(item));
    return join(items, ", ");
  }

  const Rule& rule_;
  const nlohmann::json& facts_;
  const EvaluationContext& context_;
  nlohmann::json env_;
};

}  // namespace

bool operator<(const Finding& a, const Finding& b) {
  if (a.rule_id != b.rule_id) return a.rule_id < b.rule_id;
  return a.resource < b.resource;
}

std::vector<Finding> evaluate_rule(const Rule& rule, const nlohmann::json& facts,
                                   const EvaluationContext& context) {
  return RuleEvaluator(rule, facts, context).run();
}

std::vector<Finding> evaluate_rules(const std::vector<Rule>& rules, const nlohmann::json& facts,
                                    const EvaluationContext& context) {
  std::vector<const Rule*> pointers;
  for (const auto& rule : rules) pointers.push_back(&rule);
  return evaluate_rules(pointers, facts, context);
}

std::vector<Finding> evaluate_rules(const std::vector<const Rule*>& rules,
                                    const nlohmann::json& facts, const EvaluationContext& context) {
  std::vector<Finding> all;
  for (const Rule* rule : rules) {
    auto findings = evaluate_rule(*rule, facts, context);
    std::move(findings.begin(), findings.end(), std::back_inserter(all));
  }
  std::stable_sort(all.begin(), all.end());
  return all;
}

Status aggregate_status(const std::vector<Finding>& findings) {
  auto any = [&](Status s) {
    return std::any_of(findings.begin(), findings.end(),
                       [s](const Finding& f) { return f.status == s; });
  };
  for (Status s : {Status::fail, Status::error, Status::unknown, Status::pass, Status::waived})
    if (any(s)) return s;
  return Status::skipped;
}

}  // namespace golive
