#include "golive/result_file.hpp"

#include <fmt/format.h>

#include "golive/diagnostics.hpp"
#include "golive/json_source.hpp"
#include "golive/result.hpp"
#include "golive/text.hpp"

namespace golive {

namespace {

const char* kRequired[] = {"decision", "domains", "findings", "environment", "profile"};

void check_findings(const nlohmann::json& doc, const std::string& text, const std::string& path,
                    DiagnosticSink& sink) {
  if (!doc["findings"].is_array()) {
    sink.error(json_location(text, path, {"findings"}), "'findings' must be a list");
    return;
  }
  std::size_t index = 0;
  for (const auto& f : doc["findings"]) {
    for (const char* key : {"rule_id", "resource", "status", "severity"}) {
      if (!f.is_object() || !f.contains(key) || !f[key].is_string()) {
        sink.error(json_location(text, path, {"findings", std::to_string(index)}),
                   fmt::format("finding {} lacks the string '{}'", index, key));
        break;
      }
    }
    ++index;
  }
}

}  // namespace

nlohmann::json load_result(const std::string& path) {
  const std::string text = read_file(path);
  nlohmann::json doc = parse_json_text(text, path);
  DiagnosticSink sink;
  if (!doc.is_object() || !doc.contains("golive_result")) {
    throw InputError(json_location(text, path, {}),
                     "not a golive result: the key 'golive_result' is missing; write results "
                     "with 'golive evaluate --format json'");
  }
  if (doc["golive_result"] != kResultVersion) {
    sink.error(json_location(text, path, {"golive_result"}),
               fmt::format("unsupported result version {}: this golive reads version {}",
                           doc["golive_result"].dump(), kResultVersion));
  }
  for (const char* key : kRequired) {
    if (!doc.contains(key))
      sink.error(json_location(text, path, {}),
                 fmt::format("the result is missing the required key '{}'", key));
  }
  sink.throw_if_any();
  check_findings(doc, text, path, sink);
  sink.throw_if_any();
  return doc;
}

std::string finding_key(const nlohmann::json& finding) {
  return finding.value("rule_id", "") + '\n' + finding.value("resource", "");
}

bool is_problem(const nlohmann::json& finding) {
  std::string status = finding.value("status", "");
  if (status == "waived") status = finding.value("waived_status", "");
  return status == "fail" || status == "error" || status == "unknown";
}

}  // namespace golive
