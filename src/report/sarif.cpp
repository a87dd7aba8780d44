// SARIF 2.1.0 report, shaped for GitHub code scanning: one run, every rule of
// the result in tool.driver.rules, one result per finding that needs
// attention (fail, unknown, error; passes, skipped and waived findings are
// left out), each located where the finding is in the user's files (the
// manifest line of the object, the golive.yaml line of the live target; the
// rule file only when neither is known), with a logical location naming the
// resource and a fingerprint per rule + resource (+ manifest file) so that
// findings of one rule do not collapse into one alert.

#include "report/sarif.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "golive/hash.hpp"
#include "golive/scope.hpp"
#include "report/renderers.hpp"

namespace golive::report {

namespace {

using Json = nlohmann::json;

constexpr std::string_view kSchema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
constexpr std::string_view kInformationUri = "https://golive.dev";
constexpr std::string_view kSrcRoot = "%SRCROOT%";
constexpr std::size_t kMaxTags = 20;  // GitHub keeps at most 20 tags per rule

// Percent-encodes what may not appear in a URI path (keeps '/').
std::string uri_path(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) ||
        std::string_view("-._~/!$&'()*+,;=:@").find(static_cast<char>(c)) != std::string_view::npos)
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

Json artifact_location(std::string file) {
  std::replace(file.begin(), file.end(), '\\', '/');
  namespace fs = std::filesystem;
  fs::path path(file);
  if (path.is_absolute()) {
    // Packs given by absolute path: relative to the working directory (a CI
    // job runs in the checkout) when inside it, else an absolute file URI.
    std::error_code ec;
    const fs::path cwd = fs::current_path(ec);
    const fs::path rel = ec ? fs::path() : path.lexically_relative(cwd);
    if (rel.empty() || *rel.begin() == "..")
      return {{"uri", "file://" + uri_path(path.generic_string())}};
    file = rel.generic_string();
  }
  while (file.rfind("./", 0) == 0) file.erase(0, 2);
  return {{"uri", uri_path(file)}, {"uriBaseId", kSrcRoot}};
}

// SARIF plain-text messages treat "[text](target)" as an embedded link:
// literal brackets (and the backslash that escapes them) are escaped (§3.11.5).
std::string sarif_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// A rule's friendly name: its id as one Pascal-case identifier
// (security.azure.keyvault-purge-protection -> SecurityAzureKeyvaultPurgeProtection).
std::string pascal_name(std::string_view id) {
  std::string out;
  bool upper = true;
  for (unsigned char c : id) {
    if (!std::isalnum(c)) {
      upper = true;
      continue;
    }
    out += static_cast<char>(upper ? std::toupper(c) : c);
    upper = false;
  }
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out.front()))) out.insert(0, "Rule");
  return out;
}

std::string level_for(const std::string& severity, const std::string& status) {
  const std::string by_severity = severity == "blocking" || severity == "high" ? "error"
                                  : severity == "medium"                       ? "warning"
                                                                               : "note";
  // Unknown and error: golive could not judge, so never more than a warning.
  if ((status == "unknown" || status == "error") && by_severity == "error") return "warning";
  return by_severity;
}

std::string default_level(const std::string& severity) {
  return level_for(severity, "fail");
}

// The finding's own place in the user's files (a manifest line, the
// golive.yaml line of its target); empty when it has none, or came from
// standard input, which no repository holds.
SarifRuleLocation finding_location(const Json& f) {
  SarifRuleLocation loc;
  const auto it = f.find("location");
  if (it == f.end() || !it->is_object()) return loc;
  const std::string file = string_field(*it, "file");
  if (file.empty() || file == "<stdin>") return loc;
  loc.file = file;
  loc.line = std::max(1, int_field(*it, "line"));
  return loc;
}

// What tells findings of one rule apart: the resource, and for an object
// read from a manifest its file, since two files may define the same name.
std::string fingerprint_subject(const Json& f) {
  std::string subject = string_field(f, "resource");
  const auto it = f.find("location");
  if (!string_field(f, "kind").empty() && it != f.end() && it->is_object())
    subject += '\0' + string_field(*it, "file");
  return subject;
}

}  // namespace

std::string sarif_security_severity(std::string_view severity) {
  if (severity == "blocking") return "9.5";
  if (severity == "high") return "8.0";
  if (severity == "medium") return "5.5";
  if (severity == "low") return "3.0";
  return "1.0";
}

SarifRuleLocation sarif_finding_location(const Json& rule, const Json& collectors) {
  const std::string applies_to = string_field(rule, "applies_to");
  const std::string key = applies_to.substr(0, applies_to.find('.'));
  if (!key.empty() && collectors.is_object() && collectors.contains(key) &&
      collectors[key].is_object()) {
    const Json& declared = collectors[key].value("declared_at", Json::object());
    if (declared.contains("file") && declared["file"].is_string() &&
        int_field(declared, "line") > 0) {
      SarifRuleLocation loc;
      loc.file = declared["file"].get<std::string>();
      loc.line = int_field(declared, "line");
      return loc;
    }
  }
  return sarif_rule_location(rule);
}

SarifRuleLocation sarif_rule_location(const Json& rule) {
  SarifRuleLocation loc;
  loc.file = string_field(rule, "file");
  if (auto it = rule.find("line"); it != rule.end() && it->is_number_integer())
    loc.line = std::max(1, it->get<int>());
  if (!loc.file.empty()) return loc;
  // Fallback for results written before `file`/`line` existed:
  // source = "builtin:rules/x/y.yaml:LINE:COL" or "path:LINE:COL".
  std::string source = string_field(rule, "source");
  if (source.rfind("builtin:", 0) == 0) source.erase(0, 8);
  std::vector<std::string> numbers;
  for (int i = 0; i < 2; ++i) {
    auto colon = source.rfind(':');
    if (colon == std::string::npos) break;
    const std::string tail = source.substr(colon + 1);
    if (tail.empty() || !std::all_of(tail.begin(), tail.end(), ::isdigit)) break;
    numbers.insert(numbers.begin(), tail);
    source.erase(colon);
  }
  loc.file = source;
  if (!numbers.empty()) loc.line = std::max(1, std::stoi(numbers.front()));
  return loc;
}

std::string sarif_fingerprint(std::string_view rule_id, std::string_view resource) {
  std::string key(rule_id);
  key += '\0';
  key += resource;
  return sha256_hex(key).substr(0, 16) + ":1";
}

Json to_sarif(const Json& result) {
  const std::string environment = string_field(result, "environment");
  const Json rules_meta = result.value("rules", Json::object());

  // Rules: every rule the result describes, plus any rule a finding names
  // that the result does not describe (so every ruleIndex resolves).
  std::vector<std::string> rule_ids;
  for (const auto& [id, _] : rules_meta.items()) rule_ids.push_back(id);
  for (const auto& f : result.value("findings", Json::array())) {
    const std::string id = string_field(f, "rule_id");
    if (!rules_meta.contains(id) &&
        std::find(rule_ids.begin(), rule_ids.end(), id) == rule_ids.end())
      rule_ids.push_back(id);
  }
  std::sort(rule_ids.begin(), rule_ids.end());

  Json rules = Json::array();
  for (const auto& id : rule_ids) {
    Json meta = rules_meta.value(id, Json::object());
    if (meta.empty())  // described by its findings only
      for (const auto& f : result.value("findings", Json::array()))
        if (string_field(f, "rule_id") == id) {
          meta = {{"title", string_field(f, "title")},
                  {"domain", string_field(f, "domain")},
                  {"severity", string_field(f, "severity")}};
          break;
        }
    const std::string severity = string_field(meta, "severity");
    const std::string domain = string_field(meta, "domain");
    const std::string title = string_field(meta, "title");
    const std::string rationale = string_field(meta, "rationale");
    const std::string remediation = string_field(meta, "remediation");
    const Json references = meta.value("references", Json::array());

    std::string help_text = remediation.empty() ? title : remediation;
    std::string help_md = remediation.empty() ? title : remediation;
    if (!references.empty()) {
      help_text += "\n\nReferences:";
      help_md += "\n\n**References**\n";
      for (const auto& r : references) {
        if (!r.is_string()) continue;
        help_text += "\n- " + r.get<std::string>();
        help_md += "\n- <" + r.get<std::string>() + ">";
      }
    }

    Json tags = Json::array({domain, severity});
    for (const auto& t : meta.value("tags", Json::array()))
      if (t.is_string() && tags.size() < kMaxTags &&
          std::find(tags.begin(), tags.end(), t) == tags.end())
        tags.push_back(t);
    Json properties = {{"tags", tags}, {"severity", severity}, {"domain", domain}};
    if (domain == "security") properties["security-severity"] = sarif_security_severity(severity);

    Json rule = {{"id", id},
                 {"name", pascal_name(id)},
                 {"shortDescription", {{"text", title.empty() ? id : title}}},
                 {"fullDescription",
                  {{"text", rationale.empty() ? (title.empty() ? id : title) : rationale}}},
                 {"help", {{"text", help_text}, {"markdown", help_md}}},
                 {"defaultConfiguration", {{"level", default_level(severity)}}},
                 {"properties", properties}};
    if (!references.empty() && references.front().is_string())
      rule["helpUri"] = references.front().get<std::string>();
    rules.push_back(std::move(rule));
  }

  Json results = Json::array();
  for (const auto& f : result.value("findings", Json::array())) {
    const std::string status = string_field(f, "status");
    if (status != "fail" && status != "unknown" && status != "error") continue;
    const std::string id = string_field(f, "rule_id");
    const std::string resource = string_field(f, "resource");
    const std::string severity = string_field(f, "severity");
    const auto index = std::find(rule_ids.begin(), rule_ids.end(), id) - rule_ids.begin();

    std::string text = string_field(f, "message");
    if (text.empty()) text = string_field(f, "title");
    if (status == "unknown")
      text = "Could not be verified: " + text +
             (f.contains("reason") ? " (" + string_field(f, "reason") + ")" : "");
    if (status == "error")
      text = "Evaluation error: " + text +
             (f.contains("error") ? " (" + string_field(f, "error") + ")" : "");
    if (!resource.empty() && text.find(resource) == std::string::npos)
      text = resource + ": " + text;

    SarifRuleLocation loc = finding_location(f);
    if (loc.file.empty())
      loc = sarif_finding_location(rules_meta.value(id, Json::object()),
                                   result.value("collectors", Json::object()));
    if (loc.file.empty()) loc.file = "golive";  // no rule file known: still a location
    Json region = {{"startLine", loc.line}};
    if (const auto l = f.find("location"); l != f.end() && l->is_object() &&
                                           l->value("column", 0) > 0 &&
                                           string_field(*l, "file") == loc.file)
      region["startColumn"] = l->value("column", 1);
    Json physical = {{"artifactLocation", artifact_location(loc.file)}, {"region", region}};
    // A live object has no line of its own: its API identity (kind and
    // name) tells it apart.
    const std::string object_kind = string_field(f, "kind");
    const std::string subject = resource.empty() ? id : resource;
    Json logical = {{"name", subject},
                    {"kind", "resource"},
                    {"fullyQualifiedName",
                     environment + "/" + (object_kind.empty() ? "" : object_kind + "/") + subject}};

    Json properties = {{"severity", severity},
                       {"domain", string_field(f, "domain")},
                       {"status", status},
                       {"evidence", f.value("evidence", Json::object())}};
    if (f.contains("missing")) properties["missing"] = f["missing"];

    results.push_back(
        {{"ruleId", id},
         {"ruleIndex", index},
         {"level", level_for(severity, status)},
         {"message", {{"text", sarif_text(text)}}},
         {"locations", Json::array({{{"physicalLocation", physical},
                                     {"logicalLocations", Json::array({logical})}}})},
         {"partialFingerprints",
          {{"primaryLocationLineHash", sarif_fingerprint(id, fingerprint_subject(f))}}},
         {"properties", properties}});
  }

  // Collectors that did not fully succeed: known gaps in what was judged.
  Json notifications = Json::array();
  const Json collectors = result.value("collectors", Json::object());
  for (const auto& [name, c] : collectors.items()) {
    const std::string status = string_field(c, "status");
    if (status == "ok" || status == "skipped" || status.empty()) continue;
    std::string text = "collector " + name + ": " + status;
    if (!string_field(c, "error").empty()) text += ": " + string_field(c, "error");
    notifications.push_back({{"level", "warning"}, {"message", {{"text", sarif_text(text)}}}});
  }
  // What collectors noted about their input (files skipped, objects given
  // twice, charts to render).
  for (const auto& note : collector_notes(result))
    notifications.push_back({{"level", "note"}, {"message", {{"text", sarif_text(note)}}}});
  Json invocation = {{"executionSuccessful", true}};
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = notifications;

  std::string category = environment;
  std::replace(category.begin(), category.end(), '/', '_');
  const std::string version = result.value("golive_version", std::string(GOLIVE_VERSION));

  Json run_properties = {{"environment", environment},
                         {"profile", string_field(result, "profile")},
                         {"decision", string_field(result, "decision")},
                         {"inconclusive", result.value("inconclusive", false)},
                         {"score", result.value("score", Json())}};
  if (result.contains("collected_at")) run_properties["collected_at"] = result["collected_at"];
  if (result.contains("provenance")) run_properties["provenance"] = result["provenance"];
  if (const Json scope = result.value("scope", Json()); scope.is_object()) {
    run_properties["audited"] = scope.value("systems", Json::array());
    run_properties["not_audited"] = not_audited_summary(scope);
  }

  Json run = {
      {"tool",
       {{"driver",
         {{"name", "golive"},
          {"version", version},
          {"semanticVersion", version},
          {"informationUri", kInformationUri},
          {"rules", rules}}}}},
      {"automationDetails", {{"id", "golive/" + category + "/"}}},
      {"originalUriBaseIds",
       {{std::string(kSrcRoot),
         {{"description",
           {{"text",
             "The root of the repository golive ran in: rule packs are named relative to it; "
             "built-in rules by their path in golive's source tree "
             "(rules/<domain>/<id>.yaml)."}}}}}}},
      {"invocations", Json::array({invocation})},
      {"results", results},
      {"properties", run_properties}};
  return {{"$schema", kSchema}, {"version", "2.1.0"}, {"runs", Json::array({run})}};
}

std::unique_ptr<Renderer> make_sarif_renderer() {
  return make_document_renderer([](const Json& result) {
    return to_sarif(result).dump(2, ' ', false, Json::error_handler_t::replace) + '\n';
  });
}

}  // namespace golive::report
