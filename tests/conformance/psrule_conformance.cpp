// PSRule for Azure conformance: every ported PSRule rule, run as its golive
// rule(s) over PSRule's own test resources
// (tests/data/psrule-azure/data/Resources.*.json), read through
// golive's exports reader exactly as `azure: {exports: ...}` reads them, and
// compared with EXPECTED.json resource by resource:
//   golive pass <-> Pass, fail <-> Fail, skipped or no finding <-> None;
//   unknown and error never agree.
// Findings are matched to PSRule's resources by the finding's resource (the
// ARM `name`); several findings with one name aggregate (fail if any fails).
//
//   psrule_conformance PSRULE_DIR MAPPING_DIR RULES_PATH...
//
// MAPPING_DIR/*.yaml (docs/psrule.md) hold, merged:
//   ported:     {Azure.X.Y: golive.rule.id | [ids]}
//   not_ported: {Azure.X.Y: why}
//   settings:   {golive_setting: value}          profile settings for the run
//   options:    {AZURE_PSRULE_OPTION: golive_setting}  PSRule configuration
//               names, so EXPECTED.json's default_config and config_variants
//               reach the golive setting that plays them
//   exceptions: {"Azure.X.Y/resource": why}      intended differences (a
//               configuration variant's own: "Azure.X.Y (OPTION=value)/resource")
// Every PSRule rule in EXPECTED.json must be ported or not_ported. Prints
// agreement per rule and overall; exits 1 below 100% (exceptions aside).

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "collectors/azure/exports.hpp"
#include "golive/engine.hpp"
#include "golive/rule_set.hpp"
#include "golive/text.hpp"
#include "golive/yaml.hpp"

namespace fs = std::filesystem;
using namespace golive;
using nlohmann::json;

namespace {

struct Mapping {
  std::map<std::string, std::vector<std::string>> ported;
  std::map<std::string, std::string> not_ported;
  json settings = json::object();
  std::map<std::string, std::string> options;
  std::map<std::string, std::string> exceptions;
  std::vector<std::string> problems;
};

std::vector<std::string> rule_ids(const json& value) {
  return value.is_array() ? value.get<std::vector<std::string>>()
                          : std::vector<std::string>{value.get<std::string>()};
}

void read_mapping_file(const std::string& path, Mapping& mapping) {
  const auto documents = parse_yaml_documents(read_file(path), path);
  if (documents.empty()) return;
  const json doc = yaml_to_json(documents.front());
  // Named, not iterated as temporaries: items() would outlive them.
  const json ported = doc.value("ported", json::object());
  const json not_ported = doc.value("not_ported", json::object());
  const json settings = doc.value("settings", json::object());
  const json options = doc.value("options", json::object());
  const json exceptions = doc.value("exceptions", json::object());
  for (const auto& [rule, ids] : ported.items()) {
    if (mapping.ported.count(rule) || mapping.not_ported.count(rule))
      mapping.problems.push_back(fmt::format("{}: {} is mapped twice", path, rule));
    mapping.ported[rule] = rule_ids(ids);
  }
  for (const auto& [rule, why] : not_ported.items()) {
    if (mapping.ported.count(rule) || mapping.not_ported.count(rule))
      mapping.problems.push_back(fmt::format("{}: {} is mapped twice", path, rule));
    mapping.not_ported[rule] = why.get<std::string>();
  }
  for (const auto& [key, value] : settings.items()) mapping.settings[key] = value;
  for (const auto& [option, setting] : options.items())
    mapping.options[option] = setting.get<std::string>();
  for (const auto& [key, why] : exceptions.items())
    mapping.exceptions[key] = why.get<std::string>();
}

Mapping read_mappings(const fs::path& dir) {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  Mapping mapping;
  for (const auto& file : files) read_mapping_file(file, mapping);
  return mapping;
}

// The profile settings of the run: the production profile's, PSRule's
// zone map (EXPECTED.json's zone_regions_assumed) as `zonal_regions`,
// PSRule's test configuration through `options`, then the mapping's own.
json base_settings(const RuleSet& set, const Mapping& mapping, const json& expected) {
  json settings = json::object();
  if (const Profile* profile = set.find_profile("production")) settings = profile->settings;
  const json& semantics = expected.at("semantics");
  settings["zonal_regions"] = semantics.value("zone_regions_assumed", json::array());
  const json defaults = semantics.value("default_config", json::object());
  for (const auto& [option, value] : defaults.items())
    if (auto setting = mapping.options.find(option); setting != mapping.options.end())
      settings[setting->second] = value;
  for (const auto& [key, value] : mapping.settings.items()) settings[key] = value;
  return settings;
}

struct Outcome {
  std::string status;  // pass | fail | none | unknown
  std::string detail;  // golive's findings on this resource, for disagreements
};

// golive's outcome per resource name for `rules` over `facts`.
std::map<std::string, Outcome> outcomes(const std::vector<const Rule*>& rules, const json& facts,
                                        const json& settings) {
  EvaluationContext context;
  context.environment = "psrule";
  context.profile = "production";
  context.profile_settings = settings;
  context.collectors = {{"azure", {{"status", "ok"}}}};
  context.now = parse_rfc3339("2026-07-09T00:00:00Z").value_or(TimePoint{});
  std::map<std::string, std::vector<Finding>> by_resource;
  for (const Rule* rule : rules)
    for (auto& finding : evaluate_rule(*rule, facts, context))
      by_resource[finding.resource].push_back(std::move(finding));
  std::map<std::string, Outcome> result;
  for (const auto& [resource, findings] : by_resource) {
    const Status status = aggregate_status(findings);
    Outcome outcome;
    outcome.status = status == Status::pass      ? "pass"
                     : status == Status::fail    ? "fail"
                     : status == Status::skipped ? "none"
                                                 : "unknown";
    std::vector<std::string> lines;
    for (const auto& f : findings) {
      std::string line = fmt::format("{} {}", f.rule_id, to_string(f.status));
      if (!f.message.empty()) line += ": " + f.message;
      if (!f.reason.empty()) line += " (" + f.reason + ")";
      if (!f.error.empty()) line += " [" + f.error + "]";
      if (!f.evidence.empty()) line += " evidence " + f.evidence.dump();
      lines.push_back(line);
    }
    outcome.detail = join(lines, "; ");
    result[resource] = outcome;
  }
  return result;
}

std::string expected_outcome(const json& expectation, const std::string& resource) {
  auto listed = [&](const char* key) {
    const json list = expectation.value(key, json::array());
    return std::find(list.begin(), list.end(), resource) != list.end();
  };
  return listed("pass") ? "pass" : listed("fail") ? "fail" : "none";
}

struct Tally {
  std::size_t total = 0, agreed = 0, excepted = 0;
};

// Compares one PSRule rule (or configuration variant) over one file.
Tally compare(const std::string& label, const std::string& rule, const json& expectation,
              const json& resources, const std::map<std::string, Outcome>& actual,
              const Mapping& mapping) {
  Tally tally;
  std::set<std::string> named;
  for (const auto& name : resources) {
    const std::string resource = name.get<std::string>();
    named.insert(resource);
    const std::string want = expected_outcome(expectation, resource);
    auto found = actual.find(resource);
    const Outcome got = found == actual.end() ? Outcome{"none", "no finding"} : found->second;
    const bool agrees = got.status == want;
    // A variant's own exception ("Rule (OPTION=value)/resource") first, then the rule's.
    auto exception = mapping.exceptions.find(label + "/" + resource);
    if (exception == mapping.exceptions.end())
      exception = mapping.exceptions.find(rule + "/" + resource);
    if (exception != mapping.exceptions.end()) {
      ++tally.excepted;
      fmt::print("  exception {}/{}: PSRule {}, golive {}{} — {}\n", rule, resource, want,
                 got.status, agrees ? " (agrees now: remove the exception?)" : "",
                 exception->second);
      continue;
    }
    ++tally.total;
    tally.agreed += agrees;
    if (!agrees)
      fmt::print("  DISAGREE {} {}: PSRule {}, golive {} — {}\n", label, resource, want, got.status,
                 got.detail);
  }
  for (const auto& [resource, outcome] : actual)
    if (!named.count(resource) && outcome.status != "none")
      fmt::print("  note {} {}: golive {} on a resource PSRule does not name — {}\n", label,
                 resource, outcome.status, outcome.detail);
  return tally;
}

// "Azure.AKS.Version (AZURE_AKS_CLUSTER_MINIMUM_VERSION=9.99.9)" applied to
// `settings`; false when the variant's option has no golive setting.
bool apply_variant(const std::string& variant, const Mapping& mapping, json& settings,
                   std::string& why) {
  const auto open = variant.find('(');
  const auto close = variant.rfind(')');
  const std::string option =
      open == std::string::npos ? "" : variant.substr(open + 1, close - open - 1);
  if (option.find("Antarctica") != std::string::npos) {
    // PSRule's test adds Antarctica North/South (zones 1, 2, 3) to its map.
    settings["zonal_regions"].push_back("antarcticanorth");
    settings["zonal_regions"].push_back("antarcticasouth");
    return true;
  }
  const auto equals = option.find('=');
  const std::string name = option.substr(0, equals);
  auto setting = mapping.options.find(name);
  if (equals == std::string::npos || setting == mapping.options.end()) {
    why = fmt::format("option {} has no golive setting (add it to `options:`)", name);
    return false;
  }
  const std::string value = option.substr(equals + 1);
  const bool numeric = !value.empty() && std::all_of(value.begin(), value.end(), ::isdigit);
  settings[setting->second] = numeric ? json(std::stoll(value)) : json(value);
  return true;
}

std::vector<const Rule*> find_rules(const std::string& psrule, const Mapping& mapping,
                                    const RuleSet& set, std::size_t& problems) {
  std::vector<const Rule*> rules;
  for (const auto& id : mapping.ported.at(psrule)) {
    if (const Rule* rule = set.find(id)) {
      rules.push_back(rule);
    } else {
      fmt::print("{:<36} rule '{}' not found\n", psrule, id);
      ++problems;
    }
  }
  return rules;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: psrule_conformance PSRULE_DIR MAPPING_DIR RULES_PATH...\n";
    return 2;
  }
  try {
    const fs::path psrule = argv[1];
    const json expected = json::parse(read_file((psrule / "EXPECTED.json").string()));
    const Mapping mapping = read_mappings(argv[2]);
    RuleLoader loader;
    loader.add_builtin_profiles();
    for (int i = 3; i < argc; ++i) loader.add_path(argv[i]);
    const RuleSet set = loader.finish();
    const json settings = base_settings(set, mapping, expected);

    std::size_t problems = mapping.problems.size();
    for (const auto& problem : mapping.problems) fmt::print("{}\n", problem);
    Tally overall;
    std::size_t rules_total = 0, rules_ported = 0, rules_agreeing = 0;
    std::map<std::string, json> facts_of;  // file -> facts
    for (const auto& [file, content] : expected.at("files").items()) {
      const json facts = {
          {"azure", collectors::azure::read_exports({(psrule / "data" / file).string()})}};
      facts_of[file] = facts;
      fmt::print("\n{}\n", file);
      for (const auto& [rule, expectation] : content.at("rules").items()) {
        ++rules_total;
        if (mapping.not_ported.count(rule)) {
          fmt::print("{:<36} not ported: {}\n", rule, mapping.not_ported.at(rule));
          continue;
        }
        if (!mapping.ported.count(rule)) {
          fmt::print("{:<36} UNCLASSIFIED: add it to 'ported' or 'not_ported'\n", rule);
          ++problems;
          continue;
        }
        ++rules_ported;
        const auto rules = find_rules(rule, mapping, set, problems);
        if (rules.empty()) continue;
        const Tally tally = compare(rule, rule, expectation, content.at("resources"),
                                    outcomes(rules, facts, settings), mapping);
        overall.total += tally.total;
        overall.agreed += tally.agreed;
        overall.excepted += tally.excepted;
        rules_agreeing += tally.agreed == tally.total;
        fmt::print("{:<36} {:<52} {}/{} agree{}\n", rule, join(mapping.ported.at(rule), ","),
                   tally.agreed, tally.total,
                   tally.excepted ? fmt::format(" ({} exceptions)", tally.excepted) : "");
      }
    }

    fmt::print("\nconfiguration variants\n");
    Tally variants;
    for (const auto& [variant, expectation] : expected.at("config_variants").items()) {
      const std::string rule = variant.substr(0, variant.find(' '));
      if (!mapping.ported.count(rule)) {
        fmt::print("{:<72} not ported\n", variant);
        continue;
      }
      json variant_settings = settings;
      std::string why;
      if (!apply_variant(variant, mapping, variant_settings, why)) {
        fmt::print("{:<72} NOT RUN: {}\n", variant, why);
        ++problems;
        continue;
      }
      const auto rules = find_rules(rule, mapping, set, problems);
      if (rules.empty()) continue;
      const std::string file = expectation.at("file");
      const Tally tally =
          compare(variant, rule, expectation, expected.at("files").at(file).at("resources"),
                  outcomes(rules, facts_of.at(file), variant_settings), mapping);
      variants.total += tally.total;
      variants.agreed += tally.agreed;
      variants.excepted += tally.excepted;
      fmt::print("{:<72} {}/{} agree\n", variant, tally.agreed, tally.total);
    }

    const double percent =
        overall.total ? 100.0 * static_cast<double>(overall.agreed) / overall.total : 0.0;
    fmt::print(
        "\nported rules: {} of {} ({} agreeing on every resource); resources agreeing: {}/{} "
        "({:.1f}%); configuration variants agreeing: {}/{}; listed exceptions: {}\n",
        rules_ported, rules_total, rules_agreeing, overall.agreed, overall.total, percent,
        variants.agreed, variants.total, overall.excepted + variants.excepted);
    return overall.agreed == overall.total && variants.agreed == variants.total && problems == 0 &&
                   overall.total > 0
               ? 0
               : 1;
  } catch (const InputError& e) {
    std::cerr << e.what() << '\n';
    return 2;
  }
}
