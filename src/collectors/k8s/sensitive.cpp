#include "collectors/k8s/sensitive.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "golive/text.hpp"

#include <re2/re2.h>

namespace golive::collectors::k8s {

namespace {

const re2::RE2& sensitive_name_pattern() {
  static const re2::RE2 pattern(
      "(?i)(password|passwd|secret|token|bearer|api_?key|private_?key|^AZURE_.+KEY$|"
      "^AWS_SECRET_ACCESS_KEY$|^OCI_CLI_KEY_CONTENT$|^GOOGLE_APPLICATION_CREDENTIALS$)");
  return pattern;
}

// A `name = value` or `name: value` line whose name looks like a secret's,
// the name possibly quoted (JSON, YAML): group 1 is everything up to the
// value, group 2 the value (may be empty).
const re2::RE2& sensitive_line_pattern() {
  static const re2::RE2 pattern(
      "(?i)(\\s*[\"']?[\\w.-]*(?:password|passwd|secret|token|bearer|api_?key|private_?key)"
      "[\\w.-]*[\"']?\\s*[=:][ \\t]*)(.*)");
  return pattern;
}

std::size_t indentation(std::string_view line) {
  std::size_t n = 0;
  while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) ++n;
  return n;
}

// A value that continues on the next lines: nothing after the name, or a
// YAML block scalar indicator (|, >, |-, >+, |2, ...).
bool opens_block(std::string_view value) {
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r'))
    value.remove_suffix(1);
  if (value.empty()) return true;
  if (value[0] != '|' && value[0] != '>') return false;
  for (char c : value.substr(1))
    if (c != '-' && c != '+' && !std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// Each sensitive line keeps its name; its value becomes the marker for what
// it was (a password hash or a credential). A value that continues on more
// indented lines (a YAML block, an INI continuation) is replaced whole.
std::string redact_sensitive_lines(const std::string& text) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    lines.emplace_back(text.data() + start, end - start);
    start = end + 1;
  }
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i) out += '\n';
    re2::StringPiece name, value;
    const re2::StringPiece line(lines[i].data(), lines[i].size());
    if (!re2::RE2::FullMatch(line, sensitive_line_pattern(), &name, &value)) {
      out.append(lines[i]);
      continue;
    }
    out.append(name.data(), name.size());
    std::string secret(value.data(), value.size());
    if (opens_block(secret)) {
      secret.clear();  // the indicator (|, >-, ...) is not part of the value
      // The block is every following line indented deeper than the name (or blank).
      const std::size_t base = indentation(lines[i]);
      std::size_t j = i + 1;
      for (; j < lines.size(); ++j) {
        const std::string_view next = lines[j];
        if (next.find_first_not_of(" \t\r") != std::string_view::npos && indentation(next) <= base)
          break;
      }
      // Blank lines after the block are not part of it.
      while (j > i + 1 && lines[j - 1].find_first_not_of(" \t\r") == std::string_view::npos) --j;
      for (std::size_t k = i + 1; k < j; ++k)
        secret.append(secret.empty() ? "" : "\n").append(trim(lines[k]));
      if (j == i + 1 && value.empty()) continue;  // `password =` with nothing: nothing to hide
      out.append(redaction_marker(trim(secret)));
      i = j - 1;
      continue;
    }
    out.append(redaction_marker(secret));
  }
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
