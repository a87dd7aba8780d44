#include <algorithm>
#include <cctype>
#include <filesystem>
#include <limits>
#include <map>
#include <set>

#include <fmt/format.h>

#include "golive/embedded.hpp"
#include "golive/hash.hpp"
#include "golive/rule_set.hpp"
#include "golive/source_links.hpp"
#include "golive/text.hpp"
#include "golive/time.hpp"
#include "golive/yaml.hpp"
#include "rules/expression_source.hpp"

namespace golive {

namespace fs = std::filesystem;

namespace {

// The systems a rule reads: the first segment of applies_to and every
// `facts.<system>` its expressions select.
std::vector<std::string> derive_systems(const Rule& rule) {
  std::set<std::string> systems;
  if (!rule.applies_path.empty() && rule.applies_path.front() != "*")
    systems.insert(rule.applies_path.front());
  auto add = [&](const std::shared_ptr<const expr::Program>& program) {
    if (!program) return;
    for (auto& root : expr::fact_roots(*program)) systems.insert(std::move(root));
  };
  for (const auto& variable : rule.variables) add(variable.program);
  add(rule.when);
  add(rule.assertion);
  add(rule.resource);
  for (const auto& segment : rule.message.segments) add(segment.expr);
  return {systems.begin(), systems.end()};
}

const std::vector<std::string> kRuleKeys = {
    "id",   "title",    "domain",   "severity", "severity_reason", "applies_to",  "variables",
    "when", "assert",   "resource", "message",  "rationale",       "remediation", "references",
    "tags", "profiles", "tests"};
const std::vector<std::string> kRequiredRuleKeys = {"id",       "title",      "domain",
                                                    "severity", "applies_to", "assert"};
const std::vector<std::string> kTestKeys = {"name", "facts", "expect",  "profile",
                                            "now",  "env",   "resource"};
const std::vector<std::string> kTestExpectations = {"pass", "fail", "unknown", "skipped"};

template <typename Enum, std::size_t N>
std::vector<std::string> names_of(const std::array<Enum, N>& all) {
  std::vector<std::string> names;
  for (Enum value : all) names.emplace_back(to_string(value));
  return names;
}

// Reads one rule document. Problems go to the sink; the rule is returned
// even when incomplete so later checks (duplicate ids) still run.
class RuleParser {
 public:
  RuleParser(const YAML::Node& doc, const std::string& file, const std::string& text,
             const expr::Definitions& definitions, std::size_t& expansion_budget,
             DiagnosticSink& sink)
      : doc_(doc),
        file_(file),
        text_(text),
        definitions_(definitions),
        expansion_budget_(expansion_budget),
        sink_(sink) {}

  Rule parse() {
    Rule rule;
    rule.location = location_of(doc_, file_);
    check_keys(doc_, file_, "rule", kRuleKeys, kRequiredRuleKeys, sink_);
    if (!doc_.IsMap()) return rule;
    parse_identity(rule);
    parse_expressions(rule);
    parse_texts(rule);
    if (auto tests = doc_["tests"]) parse_tests(tests, rule);
    rule.systems = derive_systems(rule);
    return rule;
  }

 private:
  void parse_identity(Rule& rule) {
    if (auto id = doc_["id"]) {
      rule.id = scalar_string(id, file_, "id", sink_);
      const bool valid_id = std::isalnum(static_cast<unsigned char>(rule.id.front())) &&
                            all_of_chars(rule.id, [](unsigned char c) {
                              return std::isalnum(c) || c == '.' || c == '_' || c == '-';
                            });
      if (!rule.id.empty() && !valid_id) {
        sink_.error(location_of(id, file_),
                    fmt::format("rule id '{}' may only contain letters, digits, '.', '-' and '_' "
                                "and must start with a letter or digit",
                                rule.id));
      }
    }
    if (auto title = doc_["title"]) rule.title = scalar_string(title, file_, "title", sink_);
    if (auto domain = doc_["domain"]) {
      auto parsed = parse_domain(domain.Scalar());
      if (parsed)
        rule.domain = *parsed;
      else
        report_enum(domain, "domain", names_of(kAllDomains));
    }
    if (auto severity = doc_["severity"]) {
      auto parsed = parse_severity(severity.Scalar());
      if (parsed)
        rule.severity = *parsed;
      else
        report_enum(severity, "severity", names_of(kAllSeverities));
    }
  }

  void parse_expressions(Rule& rule) {
    if (auto applies = doc_["applies_to"]) {
      rule.applies_to = scalar_string(applies, file_, "applies_to", sink_);
      parse_applies_path(applies, rule);
    }
    if (auto variables = doc_["variables"]) parse_variables(variables, rule);
    if (auto when = doc_["when"]) {
      rule.when_source = when.Scalar();
      rule.when = compile_expression(when, "when");
    }
    if (auto assertion = doc_["assert"]) {
      rule.assert_source = assertion.Scalar();
      rule.assertion = compile_expression(assertion, "assert");
    }
    if (auto resource = doc_["resource"]) {
      rule.resource = compile_expression(resource, "resource");
    }
    if (auto message = doc_["message"]) {
      rule.message_source = message.Scalar();
      rule.message = compile_message(message);
    } else {
      rule.message_source = rule.title;
      rule.message.segments.push_back({rule.title, nullptr});
    }
  }

  void parse_variables(const YAML::Node& node, Rule& rule) {
    if (!node.IsSequence()) {
      sink_.error(location_of(node, file_),
                  "'variables' must be a list of {name, expression} entries");
      return;
    }
    // All names first, so that a reference to a later one is told apart
    // from a misspelt one.
    for (const auto& item : node)
      declared_.push_back(
          item.IsMap() && item["name"] && item["name"].IsScalar() ? item["name"].Scalar() : "");
    std::size_t index = 0;  // the variables before this one are visible to it
    for (const auto& item : node) {
      const std::size_t visible = index++;
      check_keys(item, file_, "variable", {"name", "expression"}, {"name", "expression"}, sink_);
      if (!item.IsMap() || !item["name"] || !item["expression"]) continue;
      RuleVariable variable;
      variable.name = scalar_string(item["name"], file_, "name", sink_);
      if (!is_identifier(variable.name)) {
        sink_.error(location_of(item["name"], file_),
                    fmt::format("variable name '{}' must be an identifier (letters, digits and "
                                "'_', not starting with a digit)",
                                variable.name));
      } else if (std::find(declared_.begin(), declared_.begin() + static_cast<long>(visible),
                           variable.name) != declared_.begin() + static_cast<long>(visible)) {
        sink_.error(location_of(item["name"], file_),
                    fmt::format("variable '{}' is defined twice", variable.name));
      }
      const YAML::Node expression = item["expression"];
      variable.source = expression.Scalar();
      variable.program = compile_expression(expression, "expression", visible);
      // A variable reads only the variables defined before it.
      rule.variables.push_back(std::move(variable));
    }
  }

  static constexpr std::size_t kAllVariables = std::numeric_limits<std::size_t>::max();

  // Compile options for an expression that sees the first `visible` of the
  // rule's variables (all of them: when, assert, resource, message).
  expr::CompileOptions options_seeing(std::size_t visible) const {
    expr::CompileOptions options;
    options.definitions = &definitions_;
    options.expansion_budget = &expansion_budget_;
    const auto split = declared_.begin() + static_cast<long>(std::min(visible, declared_.size()));
    options.rule_variables =
        expr::CompileOptions::RuleVariables{{declared_.begin(), split}, {split, declared_.end()}};
    return options;
  }

  void parse_applies_path(const YAML::Node& node, Rule& rule) {
    std::string path = rule.applies_to;
    std::size_t start = 0;
    while (!path.empty()) {
      std::size_t dot = path.find('.', start);
      std::string part = path.substr(start, dot == std::string::npos ? dot : dot - start);
      const bool valid_segment = part == "*" || all_of_chars(part, [](unsigned char c) {
                                   return std::isalnum(c) || c == '_' || c == '-';
                                 });
      if (!valid_segment) {
        sink_.error(location_of(node, file_),
                    fmt::format("applies_to '{}' is not a dotted path of names (e.g. "
                                "k8s.deployments, postgres.*): segment '{}' is invalid",
                                path, part));
        rule.applies_path.clear();
        return;
      }
      rule.applies_path.push_back(part);
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
  }

  std::shared_ptr<const expr::Program> compile_expression(
      const YAML::Node& node, const std::string& key,
      std::size_t visible_variables = kAllVariables) {
    if (!node.IsScalar() || node.Scalar().empty()) {
      sink_.error(location_of(node, file_),
                  fmt::format("'{}' must be an expression (a non-empty string)", key));
      return nullptr;
    }
    try {
      return expr::compile(node.Scalar(), options_seeing(visible_variables));
    } catch (const expr::CompileError& e) {
      sink_.error(expression_location(node, text_, file_, e.position()),
                  fmt::format("in '{}': {}", key, e.what()));
      return nullptr;
    }
  }

  MessageTemplate compile_message(const YAML::Node& node) {
    MessageTemplate message;
    if (!node.IsScalar()) {
      sink_.error(location_of(node, file_), "'message' must be a string");
      return message;
    }
    const std::string& text = node.Scalar();
    std::size_t pos = 0;
    while (pos < text.size()) {
      std::size_t open = text.find("{{", pos);
      if (open == std::string::npos) {
        message.segments.push_back({text.substr(pos), nullptr});
        break;
      }
      if (open > pos) message.segments.push_back({text.substr(pos, open - pos), nullptr});
      std::size_t close = text.find("}}", open + 2);
      if (close == std::string::npos) {
        sink_.error(expression_location(node, text_, file_, position_in(text, open)),
                    "in 'message': '{{' is not closed by '}}'");
        return message;
      }
      std::string source = text.substr(open + 2, close - open - 2);
      try {
        message.segments.push_back({"", expr::compile(source, options_seeing(kAllVariables))});
      } catch (const expr::CompileError& e) {
        expr::SourcePosition inner = position_in(text, open + 2 + e.position().offset);
        sink_.error(expression_location(node, text_, file_, inner),
                    fmt::format("in 'message' placeholder '{{{{{}}}}}': {}", source, e.what()));
      }
      pos = close + 2;
    }
    return message;
  }

  void parse_texts(Rule& rule) {
    if (auto n = doc_["severity_reason"])
      rule.severity_reason = scalar_string(n, file_, "severity_reason", sink_);
    if (auto n = doc_["rationale"]) rule.rationale = scalar_string(n, file_, "rationale", sink_);
    if (auto n = doc_["remediation"])
      rule.remediation = scalar_string(n, file_, "remediation", sink_);
    if (auto n = doc_["references"]) rule.references = string_list(n, "references");
    if (auto n = doc_["tags"]) rule.tags = string_list(n, "tags");
    if (auto n = doc_["profiles"]) rule.profiles = string_list(n, "profiles");
  }

  std::vector<std::string> string_list(const YAML::Node& node, const std::string& key) {
    std::vector<std::string> values;
    if (!node.IsSequence()) {
      sink_.error(location_of(node, file_), fmt::format("'{}' must be a list of strings", key));
      return values;
    }
    for (const auto& item : node) values.push_back(scalar_string(item, file_, key, sink_));
    return values;
  }

  void parse_tests(const YAML::Node& tests, Rule& rule) {
    if (!tests.IsSequence()) {
      sink_.error(location_of(tests, file_), "'tests' must be a list of test cases");
      return;
    }
    for (const auto& node : tests) {
      RuleTest test;
      test.location = location_of(node, file_);
      check_keys(node, file_, "test case", kTestKeys, {"name", "facts", "expect"}, sink_);
      if (!node.IsMap()) continue;
      if (auto n = node["name"]) test.name = scalar_string(n, file_, "name", sink_);
      if (auto n = node["facts"]) {
        test.facts = yaml_to_json(n);
        link_sources(test.facts);  // as an audit links them before judging
        if (!test.facts.is_object())
          sink_.error(location_of(n, file_), "a test's 'facts' must be a mapping (the facts tree)");
      }
      if (auto n = node["expect"]) parse_expect(n, test);
      if (auto n = node["profile"]) test.profile = scalar_string(n, file_, "profile", sink_);
      if (auto n = node["now"]) {
        test.now = scalar_string(n, file_, "now", sink_);
        if (!test.now.empty() && !parse_rfc3339(test.now))
          sink_.error(location_of(n, file_),
                      fmt::format("'now' must be an RFC 3339 timestamp such as "
                                  "2026-01-31T09:30:00Z, not '{}'",
                                  test.now));
      }
      if (auto n = node["env"]) test.env = yaml_to_json(n);
      if (auto n = node["resource"]) test.resource = scalar_string(n, file_, "resource", sink_);
      rule.tests.push_back(std::move(test));
    }
  }

  void parse_expect(const YAML::Node& node, RuleTest& test) {
    const std::string text = node.Scalar();
    auto status = parse_status(text);
    if (!status || std::find(kTestExpectations.begin(), kTestExpectations.end(), text) ==
                       kTestExpectations.end()) {
      sink_.error(
          location_of(node, file_),
          fmt::format("invalid expect '{}'{}; a test expects one of: {}", text,
                      did_you_mean(text, kTestExpectations), join(kTestExpectations, ", ")));
      return;
    }
    test.expect = *status;
  }

  void report_enum(const YAML::Node& node, const std::string& key,
                   const std::vector<std::string>& allowed) {
    const std::string text = node.Scalar();
    sink_.error(location_of(node, file_),
                fmt::format("unknown {} '{}'{}; use one of: {}", key, text,
                            did_you_mean(text, allowed), join(allowed, ", ")));
  }

  static expr::SourcePosition position_in(const std::string& text, std::size_t offset) {
    LineColumn at = line_column_at(text, offset);
    return {at.line, at.column, offset};
  }

  const YAML::Node& doc_;
  const std::string& file_;
  const std::string& text_;
  const expr::Definitions& definitions_;
  std::size_t& expansion_budget_;
  DiagnosticSink& sink_;
  std::vector<std::string> declared_;  // variable names, in order
};

const std::vector<std::string> kDefinitionKeys = {"name", "params", "description", "expression"};

// A document of named definitions (`definitions:`) rather than a rule.
bool is_definitions_document(const YAML::Node& doc) {
  return doc.IsMap() && doc["definitions"] && !doc["id"];
}

}  // namespace

bool Rule::applies_to_profile(const std::string& profile) const {
  return profiles.empty() || std::find(profiles.begin(), profiles.end(), profile) != profiles.end();
}

const Rule* RuleSet::find(const std::string& id) const {
  auto it =
      std::lower_bound(rules.begin(), rules.end(), id,
                       [](const Rule& rule, const std::string& key) { return rule.id < key; });
  return it != rules.end() && it->id == id ? &*it : nullptr;
}

const Profile* RuleSet::find_profile(const std::string& name) const {
  auto it = profiles.find(name);
  return it == profiles.end() ? nullptr : &it->second;
}

std::vector<std::string> RuleSet::profile_names() const {
  std::vector<std::string> names;
  for (const auto& [name, profile] : profiles) names.push_back(name);
  return names;
}

bool is_profiles_file(const std::string& path) {
  return fs::path(path).filename() == "profiles.yaml";
}

void RuleLoader::add_builtin_rules() {
  for (const auto& file : golive_builtin_rule_files()) {
    std::string path = "builtin:" + std::string(file.path);
    if (!is_profiles_file(path)) add_text(std::string(file.content), path, /*builtin=*/true);
  }
}

void RuleLoader::add_builtin_profiles() {
  for (const auto& file : golive_builtin_rule_files()) {
    std::string path = "builtin:" + std::string(file.path);
    if (is_profiles_file(path))
      parse_profiles(std::string(file.content), path, set_.profiles, sink_);
  }
}

void RuleLoader::add_path(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
      const auto ext = entry.path().extension();
      if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml"))
        files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) add_file(file);
  } else if (fs::is_regular_file(path, ec)) {
    add_file(path);
  } else {
    sink_.error({path, 0, 0}, "no such rule file or directory: check the path given to --rules");
  }
}

void RuleLoader::add_file(const std::string& path) {
  std::string text;
  try {
    text = read_file(path);
  } catch (const InputError& e) {
    sink_.merge(e);
    return;
  }
  if (is_profiles_file(path)) {
    add_profiles_text(text, path);
  } else {
    add_text(text, path);
  }
}

void RuleLoader::add_profiles_text(const std::string& text, const std::string& file) {
  file_hashes_.push_back(sha256_hex(text));
  parse_profiles(text, file, set_.profiles, sink_);
}

void RuleLoader::add_text(const std::string& text, const std::string& file, bool builtin) {
  file_hashes_.push_back(sha256_hex(text));
  auto shared_text = std::make_shared<const std::string>(text);
  if (text.find("definitions") == std::string::npos) {
    pending_files_.push_back({file, shared_text, builtin});
    return;
  }
  std::vector<YAML::Node> documents;
  try {
    documents = parse_yaml_documents(*shared_text, file);
  } catch (const InputError& e) {
    sink_.merge(e);
    return;
  }
  for (const auto& doc : documents) {
    if (doc.IsNull()) continue;  // an empty document, e.g. after a trailing '---'
    if (is_definitions_document(doc))
      add_definitions(doc, file, shared_text);
    else
      pending_.push_back({doc, file, shared_text, builtin});
  }
}

void RuleLoader::add_definitions(const YAML::Node& doc, const std::string& file,
                                 const std::shared_ptr<const std::string>& text) {
  check_keys(doc, file, "definitions document", {"definitions"}, {"definitions"}, sink_);
  const YAML::Node list = doc["definitions"];
  if (!list.IsSequence()) {
    sink_.error(location_of(list, file),
                "'definitions' must be a list of {name, params, description, expression} entries");
    return;
  }
  for (const auto& item : list) add_definition(item, file, text);
}

void RuleLoader::add_definition(const YAML::Node& item, const std::string& file,
                                const std::shared_ptr<const std::string>& text) {
  check_keys(item, file, "definition", kDefinitionKeys, {"name", "expression"}, sink_);
  if (!item.IsMap() || !item["name"] || !item["expression"]) return;
  const std::string name = scalar_string(item["name"], file, "name", sink_);
  std::vector<std::string> params;
  if (auto node = item["params"]) {
    if (!node.IsSequence())
      sink_.error(location_of(node, file), "'params' must be a list of parameter names");
    else
      for (const auto& p : node) params.push_back(scalar_string(p, file, "params", sink_));
  }
  const YAML::Node expression = item["expression"];
  if (!expression.IsScalar() || expression.Scalar().empty()) {
    sink_.error(location_of(expression, file), "'expression' must be a non-empty string");
    return;
  }
  // Every name seen is reserved, loaded or not: a second definition of a
  // name whose first one failed is still a duplicate.
  const SourceLocation here = location_of(item["name"], file);
  if (auto [earlier, inserted] = definition_names_.emplace(name, here); !inserted) {
    sink_.error(here, fmt::format("definition '{}' is already defined at {}; definition names "
                                  "must be unique across all packs",
                                  name, earlier->second.to_string()));
    return;
  }
  try {
    definitions_.add(name, params, expression.Scalar(),
                     item["description"]
                         ? scalar_string(item["description"], file, "description", sink_)
                         : std::string());
  } catch (const expr::CompileError& e) {
    sink_.error(expression_location(expression, *text, file, e.position()),
                fmt::format("in definition '{}': {}", name, e.what()));
    return;
  } catch (const std::invalid_argument& e) {
    sink_.error(location_of(item["name"], file), e.what());
    return;
  }
  definition_sources_.push_back({name, expression, file, text, location_of(item["name"], file)});
}

void RuleLoader::check_definitions() {
  for (const auto& source : definition_sources_) {
    try {
      definitions_.check(source.name);
    } catch (const expr::CompileError& e) {
      sink_.error(expression_location(source.expression, *source.text, source.file, e.position()),
                  fmt::format("in definition '{}': {}", source.name, e.what()));
    }
  }
}

void RuleLoader::compile_rule(const YAML::Node& doc, const std::string& file,
                              const std::string& text, bool builtin) {
  Rule rule = RuleParser(doc, file, text, definitions_, expansion_budget_, sink_).parse();
  rule.builtin = builtin;
  set_.rules.push_back(std::move(rule));
}

RuleSet RuleLoader::finish() {
  check_definitions();
  for (const auto& pending : pending_)
    compile_rule(pending.doc, pending.file, *pending.text, pending.builtin);
  pending_.clear();
  for (const auto& pending : pending_files_) {
    try {
      for (const auto& doc : parse_yaml_documents(*pending.text, pending.file))
        if (!doc.IsNull()) compile_rule(doc, pending.file, *pending.text, pending.builtin);
    } catch (const InputError& e) {
      sink_.merge(e);
    }
  }
  pending_files_.clear();
  // Unique ids, naming both places.
  std::map<std::string, const Rule*> first_seen;
  for (const auto& rule : set_.rules) {
    if (rule.id.empty()) continue;
    auto [it, inserted] = first_seen.emplace(rule.id, &rule);
    if (!inserted) {
      sink_.error(rule.location,
                  fmt::format("duplicate rule id '{}': already defined at {}; rule ids must be "
                              "unique across all packs, rename one of them",
                              rule.id, it->second->location.to_string()));
    }
  }
  // Profiles named by rules and tests must exist.
  const auto names = set_.profile_names();
  for (const auto& rule : set_.rules) {
    for (const auto& profile : rule.profiles) {
      if (!set_.profiles.count(profile))
        sink_.error(rule.location,
                    fmt::format("rule '{}' names unknown profile '{}'{}; known profiles: {}",
                                rule.id, profile, did_you_mean(profile, names), join(names, ", ")));
    }
    for (const auto& test : rule.tests) {
      if (!set_.profiles.count(test.profile))
        sink_.error(
            test.location,
            fmt::format("test '{}' uses unknown profile '{}'{}; known profiles: {}", test.name,
                        test.profile, did_you_mean(test.profile, names), join(names, ", ")));
    }
  }
  sink_.throw_if_any();
  std::sort(file_hashes_.begin(), file_hashes_.end());
  set_.pack_sha256 = sha256_hex(join(file_hashes_, "\n"));
  std::sort(set_.rules.begin(), set_.rules.end(),
            [](const Rule& a, const Rule& b) { return a.id < b.id; });
  set_.definitions = std::make_shared<const expr::Definitions>(std::move(definitions_));
  return std::move(set_);
}

}  // namespace golive
