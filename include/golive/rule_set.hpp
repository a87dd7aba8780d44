#pragma once
// Loading rule packs: the built-in catalogue compiled into the binary and
// directories or files given with --rules. Every problem in every file is
// reported with file:line:column before anything is evaluated.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "golive/profile.hpp"
#include "golive/rule.hpp"

namespace golive {

struct RuleSet {
  std::vector<Rule> rules;  // sorted by id
  ProfileMap profiles;
  // SHA-256 over the sorted SHA-256s of every rule and profile file loaded:
  // the same rules give the same hash, wherever their files are.
  std::string pack_sha256;
  // The named definitions (`definitions:`) every rule could call; already
  // expanded into the rules, kept for listing.
  std::shared_ptr<const expr::Definitions> definitions;

  const Rule* find(const std::string& id) const;
  const Profile* find_profile(const std::string& name) const;
  std::vector<std::string> profile_names() const;
};

class RuleLoader {
 public:
  // The built-in catalogue (rules/ compiled into the binary).
  void add_builtin_rules();
  // The built-in profiles (rules/profiles.yaml). --no-builtin keeps these.
  void add_builtin_profiles();
  // A rule file, or a directory walked recursively for *.yaml / *.yml files.
  // A file named profiles.yaml defines profiles instead of rules.
  void add_path(const std::string& path);
  // Rules from text (for tests and embedded files).
  void add_text(const std::string& text, const std::string& file, bool builtin = false);

  // Compiles the rules against every definition loaded, checks cross-file
  // constraints (unique ids, known profiles) and returns the set; throws
  // InputError listing every problem found.
  RuleSet finish();

 private:
  // A rule document read but not yet compiled: rules compile once every
  // file's definitions are known, whatever the order of the files.
  struct PendingRule {
    YAML::Node doc;
    std::string file;
    std::shared_ptr<const std::string> text;
    bool builtin = false;
  };
  // A file that holds no definitions, kept as text and parsed when the rules
  // compile: its YAML tree lives only while its own rules compile.
  struct PendingFile {
    std::string file;
    std::shared_ptr<const std::string> text;
    bool builtin = false;
  };
  // Where a definition was written, for its errors.
  struct DefinitionSource {
    std::string name;
    YAML::Node expression;
    std::string file;
    std::shared_ptr<const std::string> text;
    SourceLocation location;
  };

  void add_file(const std::string& path);
  void add_profiles_text(const std::string& text, const std::string& file);
  void add_definitions(const YAML::Node& doc, const std::string& file,
                       const std::shared_ptr<const std::string>& text);
  void add_definition(const YAML::Node& item, const std::string& file,
                      const std::shared_ptr<const std::string>& text);
  void check_definitions();
  void compile_rule(const YAML::Node& doc, const std::string& file, const std::string& text,
                    bool builtin);

  RuleSet set_;
  std::vector<PendingRule> pending_;
  std::vector<PendingFile> pending_files_;
  expr::Definitions definitions_;
  std::size_t expansion_budget_ = 0;  // nodes all expanded definitions added so far
  std::vector<DefinitionSource> definition_sources_;
  std::map<std::string, SourceLocation> definition_names_;  // every name seen, where
  std::vector<std::string> file_hashes_;
  DiagnosticSink sink_;
};

// True for files that define profiles rather than rules (profiles.yaml).
bool is_profiles_file(const std::string& path);

}  // namespace golive
