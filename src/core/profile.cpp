#include "golive/profile.hpp"

#include <fmt/format.h>

#include "golive/text.hpp"
#include "golive/yaml.hpp"

namespace golive {

namespace {

const std::vector<std::string> kProfileKeys = {"description", "min_score",   "min_domain_score",
                                               "blocking",    "conditional", "unknown",
                                               "settings",    "requires"};

std::vector<std::string> severity_names() {
  std::vector<std::string> names;
  for (Severity s : kAllSeverities) names.emplace_back(to_string(s));
  return names;
}

double score_value(const YAML::Node& node, const std::string& file, const std::string& key,
                   DiagnosticSink& sink) {
  try {
    double value = node.as<double>();
    if (value >= 0 && value <= 100) return value;
  } catch (const YAML::Exception&) {
  }
  sink.error(location_of(node, file), fmt::format("'{}' must be a number from 0 to 100", key));
  return 0;
}

std::set<Severity> severity_set(const YAML::Node& node, const std::string& file,
                                const std::string& key, DiagnosticSink& sink) {
  std::set<Severity> result;
  if (!node.IsSequence()) {
    sink.error(location_of(node, file),
               fmt::format("'{}' must be a list of severities, e.g. [blocking]", key));
    return result;
  }
  for (const auto& item : node) {
    auto severity = parse_severity(item.Scalar());
    if (!severity) {
      sink.error(
          location_of(item, file),
          fmt::format("unknown severity '{}'{}; use one of: {}", item.Scalar(),
                      did_you_mean(item.Scalar(), severity_names()), join(severity_names(), ", ")));
    } else {
      result.insert(*severity);
    }
  }
  return result;
}

// `requires: [k8s, postgres]`: systems (top-level fact keys) an audit under
// the profile must have looked at.
std::vector<std::string> system_list(const YAML::Node& node, const std::string& file,
                                     DiagnosticSink& sink) {
  if (auto systems = name_list(node, false)) return *systems;
  sink.error(location_of(node, file),
             "'requires' must be a list of systems, e.g. [azure, k8s, postgres] (the collectors "
             "whose facts an audit under this profile must have)");
  return {};
}

void parse_unknown(const YAML::Node& node, const std::string& file, Profile& profile,
                   DiagnosticSink& sink) {
  check_keys(node, file, "'unknown' setting", {"decision", "score"}, {}, sink);
  if (!node.IsMap()) return;
  if (const auto decision = node["decision"]) {
    const std::string text = decision.Scalar();
    if (text == "block")
      profile.unknown_decision = Profile::UnknownDecision::block;
    else if (text == "condition")
      profile.unknown_decision = Profile::UnknownDecision::condition;
    else if (text == "ignore")
      profile.unknown_decision = Profile::UnknownDecision::ignore;
    else
      sink.error(
          location_of(decision, file),
          fmt::format("unknown.decision must be block, condition or ignore, not '{}'", text));
  }
  if (const auto score = node["score"]) {
    const std::string text = score.Scalar();
    if (text == "fail")
      profile.unknown_score = Profile::UnknownScore::fail;
    else if (text == "ignore")
      profile.unknown_score = Profile::UnknownScore::ignore;
    else
      sink.error(location_of(score, file),
                 fmt::format("unknown.score must be fail or ignore, not '{}'", text));
  }
}

Profile parse_profile(const std::string& name, const YAML::Node& node, const std::string& file,
                      DiagnosticSink& sink) {
  Profile profile;
  profile.name = name;
  profile.location = location_of(node, file);
  check_keys(node, file, fmt::format("profile '{}'", name), kProfileKeys, {"min_score"}, sink);
  if (!node.IsMap()) return profile;
  if (auto n = node["description"]) profile.description = n.Scalar();
  if (auto n = node["min_score"]) profile.min_score = score_value(n, file, "min_score", sink);
  if (auto n = node["min_domain_score"])
    profile.min_domain_score = score_value(n, file, "min_domain_score", sink);
  if (auto n = node["blocking"]) profile.blocking = severity_set(n, file, "blocking", sink);
  if (auto n = node["conditional"])
    profile.conditional = severity_set(n, file, "conditional", sink);
  if (auto n = node["unknown"]) parse_unknown(n, file, profile, sink);
  if (auto n = node["requires"]) profile.required_systems = system_list(n, file, sink);
  if (auto n = node["settings"]) {
    if (!n.IsMap())
      sink.error(location_of(n, file), "'settings' must be a mapping of names to values");
    else
      profile.settings = yaml_to_json(n);
  }
  return profile;
}

}  // namespace

void parse_profiles(const std::string& text, const std::string& file, ProfileMap& profiles,
                    DiagnosticSink& sink) {
  std::vector<YAML::Node> documents;
  try {
    documents = parse_yaml_documents(text, file);
  } catch (const InputError& e) {
    sink.merge(e);
    return;
  }
  for (const auto& doc : documents) {
    if (doc.IsNull()) continue;
    check_keys(doc, file, "profiles file", {"profiles"}, {"profiles"}, sink);
    if (!doc.IsMap() || !doc["profiles"]) continue;
    const YAML::Node list = doc["profiles"];
    if (!list.IsMap()) {
      sink.error(location_of(list, file), "'profiles' must map profile names to settings");
      continue;
    }
    for (const auto& entry : list) {
      const std::string name = entry.first.Scalar();
      profiles[name] = parse_profile(name, entry.second, file, sink);
    }
  }
}

}  // namespace golive
