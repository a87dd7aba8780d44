#include "golive/config.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "expr/domain.hpp"
#include "golive/collector.hpp"
#include "golive/secrets.hpp"
#include "golive/text.hpp"
#include "golive/yaml.hpp"

namespace golive {

namespace {

const std::vector<std::string> kTopKeys = {"environment", "profile",   "deadline", "rules",
                                           "waivers",     "only",      "skip",     "scope",
                                           "settings",    "collectors"};

// A list of strings (`only`, `skip`, `scope`), or one string.
std::vector<std::string> string_list_value(const YAML::Node& node, const std::string& file,
                                           const std::string& key, DiagnosticSink& sink) {
  if (auto names = name_list(node, true)) return *names;
  sink.error(location_of(node, file), fmt::format("'{}' must be a list of names", key));
  return {};
}

std::chrono::milliseconds timeout_value(const YAML::Node& node, const std::string& file,
                                        const std::string& key, std::chrono::milliseconds fallback,
                                        DiagnosticSink& sink) {
  auto parsed = node.IsScalar() ? parse_timeout(node.Scalar()) : std::nullopt;
  if (!parsed || parsed->count() <= 0) {
    sink.error(location_of(node, file),
               fmt::format("'{}' must be a positive duration such as 30s, 2m or 500ms", key));
    return fallback;
  }
  return *parsed;
}

// Secrets must be references: a literal password in golive.yaml would end
// up in version control and in every copy of the file.
void check_no_literal_secrets(const YAML::Node& node, const std::string& file,
                              DiagnosticSink& sink) {
  if (node.IsMap()) {
    for (const auto& entry : node) {
      const std::string key = entry.first.Scalar();
      const bool secret_key =
          key == "password" || key == "token" || key == "client_secret" || key == "secret";
      if (secret_key && entry.second.IsScalar() && !has_reference(entry.second.Scalar()))
        sink.error(location_of(entry.second, file),
                   fmt::format("'{}' must be a reference such as ${{env:NAME}} or ${{file:PATH}}, "
                               "never the secret itself",
                               key));
      check_no_literal_secrets(entry.second, file, sink);
    }
  } else if (node.IsSequence()) {
    for (const auto& item : node) check_no_literal_secrets(item, file, sink);
  }
}

CollectorConfig parse_collector(const YAML::Node& key, const YAML::Node& section,
                                const std::string& file, DiagnosticSink& sink) {
  const std::string name = key.Scalar();
  CollectorConfig config;
  config.name = name;
  config.location = location_of(key, file);  // the line that declares it
  auto collector = make_collector(name);
  if (!collector) {
    sink.error(config.location,
               fmt::format("unknown collector '{}'{}; available: {}", name,
                           did_you_mean(name, collector_names()), join(collector_names(), ", ")));
    return config;
  }
  std::vector<std::string> allowed = collector->schema().settings;
  allowed.push_back("timeout");
  check_keys(section, file, fmt::format("collector '{}'", name), allowed,
             collector->schema().required_settings, sink);
  if (!section.IsMap()) return config;
  if (auto t = section["timeout"])
    config.timeout = timeout_value(t, file, "timeout", config.timeout, sink);
  collector->validate(section, file, sink);
  check_no_literal_secrets(section, file, sink);
  config.settings = yaml_to_json(section);
  config.settings.erase("timeout");
  // Where each named target is declared, so findings on it point there.
  if (const YAML::Node targets = section["targets"]; targets && targets.IsMap())
    for (const auto& target : targets)
      config.target_lines[target.first.Scalar()] = location_of(target.first, file).line;
  return config;
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_timeout(const std::string& text) {
  auto nanos = expr::parse_duration(text);
  if (!nanos) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::nanoseconds(*nanos));
}

Config load_config(const std::string& path) {
  const std::string text = read_file(path);
  DiagnosticSink sink;
  Config config;
  config.path = path;
  config.dir = std::filesystem::path(path).parent_path().string();
  if (config.dir.empty()) config.dir = ".";
  auto documents = parse_yaml_documents(text, path);
  if (documents.empty() || !documents.front().IsMap())
    throw InputError({path, 1, 1}, "golive.yaml must be a mapping; 'golive init' writes a starter");
  const YAML::Node doc = documents.front();
  check_keys(doc, path, "golive.yaml", kTopKeys, {"environment", "collectors"}, sink);
  if (auto n = doc["environment"]) config.environment = scalar_string(n, path, "environment", sink);
  if (auto n = doc["profile"]) config.profile = scalar_string(n, path, "profile", sink);
  if (auto n = doc["deadline"])
    config.deadline = timeout_value(n, path, "deadline", config.deadline, sink);
  // Paths inside golive.yaml are relative to it, wherever golive runs.
  auto relative_to_config = [&](const std::string& p) {
    std::filesystem::path fp(p);
    return p.empty() || fp.is_absolute() ? p : (std::filesystem::path(config.dir) / fp).string();
  };
  if (auto n = doc["waivers"])
    config.waivers = relative_to_config(scalar_string(n, path, "waivers", sink));
  if (auto n = doc["rules"]) {
    if (!n.IsSequence())
      sink.error(location_of(n, path), "'rules' must be a list of rule pack directories");
    else
      for (const auto& item : n)
        config.rules.push_back(relative_to_config(scalar_string(item, path, "rules", sink)));
  }
  if (auto n = doc["only"]) config.only = string_list_value(n, path, "only", sink);
  if (auto n = doc["skip"]) config.skip = string_list_value(n, path, "skip", sink);
  if (auto n = doc["scope"]) {
    config.scope = string_list_value(n, path, "scope", sink);
    config.scope_location = location_of(n, path);
  }
  if (auto n = doc["settings"]) {
    if (!n.IsMap()) {
      sink.error(location_of(n, path),
                 "'settings' must map profile settings to this environment's values, e.g. "
                 "settings: {required_tags: [owner, costCenter]}");
    } else {
      for (const auto& entry : n) {
        const std::string key = entry.first.Scalar();
        config.settings[key] = yaml_to_json(entry.second);
        config.setting_locations[key] = location_of(entry.first, path);
      }
    }
  }
  if (auto n = doc["collectors"]) {
    if (!n.IsMap()) {
      sink.error(location_of(n, path), "'collectors' must map collector names to their settings");
    } else {
      for (const auto& entry : n)
        config.collectors.push_back(parse_collector(entry.first, entry.second, path, sink));
    }
  }
  sink.throw_if_any();
  return config;
}

}  // namespace golive

namespace golive {

namespace {

std::string flow_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i)
    // JSON strings are YAML; bytes that are not UTF-8 become U+FFFD.
    out += (i ? ", " : "") +
           nlohmann::json(items[i]).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return out + "]";
}

// `settings:` with what the organisation answered; what it did not, as a
// commented example (no default fails everyone).
std::string starter_settings(const StarterAnswers& answers) {
  std::string text =
      "# Your organisation's conventions, over the profile's settings (docs/scoring.md):\n";
  const bool any = !answers.required_tags.empty() || !answers.allowed_registries.empty();
  text += any ? "settings:\n" : "# settings:\n";
  text += answers.required_tags.empty()
              ? "#   required_tags: [owner, environment, costCenter]  # tag names every Azure "
                "resource carries\n"
              : "  required_tags: " + flow_list(answers.required_tags) +
                    "  # tag names every Azure resource carries\n";
  text += answers.allowed_registries.empty()
              ? "#   allowed_registries: [myacr.azurecr.io/]  # image prefixes allowed (default: "
                "any private registry)\n"
              : "  allowed_registries: " + flow_list(answers.allowed_registries) +
                    "  # image prefixes allowed\n";
  return text;
}

}  // namespace

std::string starter_config(const StarterAnswers& answers) {
  std::string text =
      "# golive.yaml: what golive audits. Reference: docs/configuration.md\n"
      "# Secrets never appear here: write ${env:NAME} or ${file:PATH} instead.\n"
      "environment: my-environment     # shown in every report\n"
      "profile: production             # production | staging | ci (see docs/scoring.md)\n"
      "deadline: 2m                    # the whole collection, all collectors together\n"
      "# rules: [./our-rules]          # rule packs besides the built-in catalogue\n"
      "# waivers: waivers.yaml         # accepted risks, with approver and expiry\n"
      "# only: [security, 'resilience.k8s.*']  # rules to evaluate: ids, globs, tags, domains, "
      "systems\n"
      "# skip: [tag:aks]               # rules to leave out (same forms)\n"
      "# scope: [k8s, postgres]        # audit only these of the systems collected\n" +
      starter_settings(answers) +
      "collectors:                     # each runs concurrently, read-only, within its timeout\n";
  for (const auto& name : collector_names()) {
    const auto collector = make_collector(name);
    text += "  # " + name + ": " + collector->schema().description + "\n";
    text += collector->schema().example;
  }
  return text;
}

}  // namespace golive
