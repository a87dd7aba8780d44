#pragma once
// golive.yaml: what to audit. Every key is checked (unknown keys are errors
// with file:line:column and a did-you-mean); secrets appear only as
// ${env:NAME} / ${file:PATH} references, resolved when collecting.

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "golive/diagnostics.hpp"

namespace golive {

struct CollectorConfig {
  std::string name;         // registered collector
  nlohmann::json settings;  // its section, references not yet resolved
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
  SourceLocation location;
  std::map<std::string, int> target_lines;  // `targets:` entry -> its line
};

struct Config {
  std::string path;
  std::string dir;  // relative paths in the file are relative to this
  std::string environment;
  std::string profile = "production";
  std::chrono::milliseconds deadline{std::chrono::seconds(120)};  // whole collection
  std::vector<std::string> rules;  // rule packs, in addition to --rules
  std::string waivers;             // waiver file, unless --waivers
  std::vector<std::string> only;   // rule selection, besides --only
  std::vector<std::string> skip;   // rules left out, besides --skip
  std::vector<std::string> scope;  // systems to audit (default: all collected)
  SourceLocation scope_location;
  // `settings:`: this environment's values of profile settings (tag names,
  // registries, ...), over the profile's; checked against the settings the
  // profiles know when rules are loaded.
  nlohmann::json settings = nlohmann::json::object();
  std::map<std::string, SourceLocation> setting_locations;
  std::vector<CollectorConfig> collectors;  // in file order
};

// Reads and validates golive.yaml. Throws InputError listing every problem.
Config load_config(const std::string& path);

// Parses "30s", "2m", "500ms", "1h" (Go-style durations, as in rules).
std::optional<std::chrono::milliseconds> parse_timeout(const std::string& text);

// The organisation's own conventions `golive init` asks for; empty ones are
// written as commented examples (the built-in profiles require none).
struct StarterAnswers {
  std::vector<std::string> required_tags;       // tag names every Azure resource carries
  std::vector<std::string> allowed_registries;  // image prefixes allowed
};

// The annotated starter file `golive init` writes.
std::string starter_config(const StarterAnswers& answers = {});

}  // namespace golive
