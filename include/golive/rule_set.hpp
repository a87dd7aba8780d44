#pragma once
// Loading rule packs: the built-in catalogue compiled into the binary and
// directories or files given with --rules. Every problem in every file is
// reported with file:line:column before anything is evaluated.

#include <string>
#include <vector>

#include "golive/profile.hpp"
#include "golive/rule.hpp"

namespace golive {

struct RuleSet {
  std::vector<Rule> rules;  // sorted by id
  ProfileMap profiles;
  // SHA-256 over the sorted SHA-256s of every rule and profile file loaded:
  // the same rules give the same hash, wherever their files are.
  std::string pack_sha256;

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

  // Checks cross-file constraints (unique ids, known profiles) and returns
  // the set; throws InputError listing every problem found.
  RuleSet finish();

 private:
  void add_file(const std::string& path);
  void add_profiles_text(const std::string& text, const std::string& file);

  RuleSet set_;
  std::vector<std::string> file_hashes_;
  DiagnosticSink sink_;
};

// True for files that define profiles rather than rules (profiles.yaml).
bool is_profiles_file(const std::string& path);

}  // namespace golive
