#pragma once
// Decision profiles (production, staging, ...): how strict the go/no-go is.
// Defined in YAML (rules/profiles.yaml for the built-in ones; a rule pack may
// add or replace profiles with its own profiles.yaml).

#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "golive/diagnostics.hpp"
#include "golive/model.hpp"

namespace golive {

struct Profile {
  std::string name;
  std::string description;
  double min_score = 0;                                // overall score below this is NO-GO
  double min_domain_score = 0;                         // any domain below this is NO-GO
  std::set<Severity> blocking = {Severity::blocking};  // failures at these are NO-GO
  std::set<Severity> conditional = {Severity::high};   // failures at these are conditions
  // What an unknown at a blocking severity does to the decision.
  enum class UnknownDecision { block, condition, ignore } unknown_decision = UnknownDecision::block;
  // Whether unknowns count as failures in scores or are left out.
  enum class UnknownScore { fail, ignore } unknown_score = UnknownScore::fail;
  // Systems an audit under this profile must have looked at (`requires:`):
  // one left out of the scope makes the decision NO-GO.
  std::vector<std::string> required_systems;
  // Free-form values rules read as env.settings (e.g. max_dr_drill_age: 90d).
  nlohmann::json settings = nlohmann::json::object();
  SourceLocation location;
};

using ProfileMap = std::map<std::string, Profile>;

// Parses a profiles file ({profiles: {name: {...}}}) into `profiles`,
// replacing same-named entries. Problems go to `sink`.
void parse_profiles(const std::string& text, const std::string& file, ProfileMap& profiles,
                    DiagnosticSink& sink);

}  // namespace golive
