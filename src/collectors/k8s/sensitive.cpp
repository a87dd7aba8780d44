#include "collectors/k8s/sensitive.hpp"

#include <re2/re2.h>

namespace golive::collectors::k8s {

namespace {

const re2::RE2& sensitive_name_pattern() {
  static const re2::RE2 pattern(
      "(?i)(password|passwd|secret|token|bearer|api_?key|private_?key|^AZURE_.+KEY$|"
      "^AWS_SECRET_ACCESS_KEY$|^OCI_CLI_KEY_CONTENT$|^GOOGLE_APPLICATION_CREDENTIALS$)");
  return pattern;
}

// A `name = value` or `name: value` line whose name looks like a secret's;
// group 1 keeps everything up to the value.
const re2::RE2& sensitive_line_pattern() {
  static const re2::RE2 pattern(
      "(?im)^(\\s*[\\w.-]*(?:password|passwd|secret|token|bearer|api_?key|private_?key)"
      "[\\w.-]*\\s*[=:][ \\t]*)\\S[^\\n]*$");
  return pattern;
}

// Each sensitive `name = value` line keeps its name; its value becomes the
// marker for what it was (a password hash or a credential).
std::string redact_sensitive_lines(const std::string& text) {
  std::string out;
  re2::StringPiece input(text), prefix;
  const char* copied = text.data();
  while (re2::RE2::FindAndConsume(&input, sensitive_line_pattern(), &prefix)) {
    // The match runs from the line's start (prefix) to the end of the line.
    const char* value_start = prefix.data() + prefix.size();
    const char* line_end = input.data();
    out.append(copied, prefix.data() + prefix.size());
    out.append(redaction_marker(std::string_view(value_start, line_end - value_start)));
    copied = line_end;
  }
  out.append(copied, text.data() + text.size());
  return out;
}

void redact_private_keys(nlohmann::json& value) {
  if (value.is_string()) {
    if (holds_private_key(value.get_ref<const std::string&>())) value = kRedactedPrivateKey;
  } else if (value.is_structured()) {
    for (auto& child : value) redact_private_keys(child);
  }
}

// Every `env: [{name, value}]` list anywhere in the object (containers,
// initContainers, ephemeralContainers, templates of every depth).
void redact_env_literals(nlohmann::json& value) {
  if (value.is_object()) {
    if (auto env = value.find("env"); env != value.end() && env->is_array()) {
      for (auto& entry : *env) {
        if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string()) continue;
        auto literal = entry.find("value");
        if (literal != entry.end() && literal->is_string() && *literal != kRedactedPrivateKey &&
            is_sensitive_name(entry["name"].get_ref<const std::string&>()))
          *literal = redaction_marker(literal->get_ref<const std::string&>());
      }
    }
    for (auto& [key, child] : value.items()) redact_env_literals(child);
  } else if (value.is_array()) {
    for (auto& child : value) redact_env_literals(child);
  }
}

void redact_config_map(nlohmann::json& object) {
  auto data = object.find("data");
  if (data == object.end() || !data->is_object()) return;
  for (auto& [key, value] : data->items()) {
    if (!value.is_string() || value == kRedactedPrivateKey) continue;
    if (is_sensitive_name(key)) {
      value = redaction_marker(value.get_ref<const std::string&>());
      continue;
    }
    value = redact_sensitive_lines(value.get_ref<const std::string&>());
  }
}

}  // namespace

bool is_sensitive_name(std::string_view name) {
  return re2::RE2::PartialMatch(re2::StringPiece(name.data(), name.size()),
                                sensitive_name_pattern());
}

void redact_sensitive_values(nlohmann::json& object) {
  redact_private_keys(object);
  redact_env_literals(object);
  if (object.is_object() && object.value("kind", "") == "ConfigMap") redact_config_map(object);
}

}  // namespace golive::collectors::k8s
