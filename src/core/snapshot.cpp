#include "golive/snapshot.hpp"

#include <fmt/format.h>

#include "golive/diagnostics.hpp"
#include "golive/hash.hpp"
#include "golive/json_source.hpp"
#include "golive/text.hpp"
#include "golive/time.hpp"

namespace golive {

namespace {

// Validates the envelope, reporting each problem at the offending value.
class EnvelopeChecker {
 public:
  EnvelopeChecker(const std::string& text, const std::string& source, const nlohmann::json& doc)
      : text_(text), source_(source), doc_(doc) {}

  void check_version() {
    if (!doc_.contains("golive_snapshot")) {
      report({},
             "not a golive snapshot: the key 'golive_snapshot' (the format version, 1) is "
             "missing; create snapshots with 'golive collect'");
      return;
    }
    const auto& version = doc_["golive_snapshot"];
    if (!version.is_number_integer()) {
      report({"golive_snapshot"}, "'golive_snapshot' must be the integer format version (1)");
    } else if (version.get<long long>() != kSnapshotVersion) {
      report({"golive_snapshot"},
             fmt::format("unsupported snapshot version {}: this golive reads version {}; "
                         "re-collect the snapshot or use a golive that matches it",
                         version.dump(), kSnapshotVersion));
    }
  }

  std::string string_member(const char* key, bool rfc3339 = false) {
    if (!doc_.contains(key)) {
      report({}, fmt::format("the snapshot is missing the required key '{}'", key));
      return "";
    }
    const auto& value = doc_[key];
    if (!value.is_string()) {
      report({key}, fmt::format("'{}' must be a string", key));
      return "";
    }
    std::string text = value.get<std::string>();
    if (rfc3339 && !parse_rfc3339(text)) {
      report({key}, fmt::format("'{}' must be an RFC 3339 timestamp such as "
                                "2026-01-31T09:30:00Z, not '{}'",
                                key, text));
    }
    return text;
  }

  void check_collectors() {
    if (!doc_.contains("collectors")) {
      report({},
             "the snapshot is missing the required key 'collectors' (an object: collector "
             "name -> {status, error})");
      return;
    }
    const auto& collectors = doc_["collectors"];
    if (!collectors.is_object()) {
      report({"collectors"}, "'collectors' must be an object: collector name -> {status, error}");
      return;
    }
    std::vector<std::string> statuses(std::begin(kCollectorStatuses), std::end(kCollectorStatuses));
    for (const auto& [name, entry] : collectors.items()) {
      if (!entry.is_object() || !entry.contains("status") || !entry["status"].is_string()) {
        report({"collectors", name},
               fmt::format("collector '{}' must be an object with a string 'status' ({})", name,
                           join(statuses, ", ")));
        continue;
      }
      std::string status = entry["status"].get<std::string>();
      if (std::find(statuses.begin(), statuses.end(), status) == statuses.end()) {
        report({"collectors", name, "status"},
               fmt::format("collector '{}' has unknown status '{}'{}; use one of: {}", name, status,
                           did_you_mean(status, statuses), join(statuses, ", ")));
      }
      if (entry.contains("error") && !entry["error"].is_string() && !entry["error"].is_null()) {
        report({"collectors", name, "error"}, "a collector's 'error' must be a string");
      }
    }
  }

  void check_facts() {
    if (!doc_.contains("facts")) {
      report({}, "the snapshot is missing the required key 'facts' (an object)");
    } else if (!doc_["facts"].is_object()) {
      report({"facts"}, "'facts' must be an object keyed by collector (azure, k8s, ...)");
    }
  }

  void finish() const { sink_.throw_if_any(); }

 private:
  void report(const std::vector<std::string>& path, std::string message) {
    sink_.error(json_location(text_, source_, path), std::move(message));
  }

  const std::string& text_;
  const std::string& source_;
  const nlohmann::json& doc_;
  DiagnosticSink sink_;
};

}  // namespace

Snapshot parse_snapshot(const std::string& text, const std::string& source) {
  nlohmann::json doc = parse_json_text(text, source);
  if (!doc.is_object()) {
    throw InputError(json_location(text, source, {}),
                     "a snapshot must be a JSON object with 'golive_snapshot', 'environment', "
                     "'profile', 'collected_at', 'collectors' and 'facts'");
  }
  EnvelopeChecker checker(text, source, doc);
  checker.check_version();
  Snapshot snapshot;
  snapshot.source = source;
  snapshot.environment = checker.string_member("environment");
  snapshot.profile = checker.string_member("profile");
  snapshot.collected_at = checker.string_member("collected_at", /*rfc3339=*/true);
  checker.check_collectors();
  checker.check_facts();
  checker.finish();
  if (doc.contains("settings")) {
    if (!doc["settings"].is_object())
      throw InputError(
          json_location(text, source, {"settings"}),
          "'settings' must be an object of profile settings (golive.yaml's settings:)");
    snapshot.settings = std::move(doc["settings"]);
  }
  snapshot.collectors = std::move(doc["collectors"]);
  snapshot.facts = std::move(doc["facts"]);
  snapshot.sha256 = sha256_hex(text);
  return snapshot;
}

Snapshot load_snapshot(const std::string& path) {
  return parse_snapshot(read_file(path), path);
}

}  // namespace golive
