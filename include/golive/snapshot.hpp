#pragma once
// The facts snapshot: what collectors saw, in one versioned JSON document
// (docs/facts.md, The snapshot envelope).

#include <string>

#include <nlohmann/json.hpp>

namespace golive {

inline constexpr int kSnapshotVersion = 1;

inline constexpr const char* kCollectorStatuses[] = {"ok", "partial", "unreachable", "unauthorized",
                                                     "skipped"};

struct Snapshot {
  std::string source;  // file it was read from
  std::string environment;
  std::string profile;
  std::string collected_at;                              // RFC 3339, as recorded
  nlohmann::json collectors = nlohmann::json::object();  // name -> {status, error?}
  nlohmann::json facts = nlohmann::json::object();
  // golive.yaml's `settings:` when it was collected (the organisation's tag
  // names, registries, ...), so that evaluating the snapshot later judges
  // with them too; {} when there were none.
  nlohmann::json settings = nlohmann::json::object();
  std::string sha256;  // of the file's bytes, for provenance
};

// Reads and validates a snapshot file. Throws InputError (file:line:column).
Snapshot load_snapshot(const std::string& path);
Snapshot parse_snapshot(const std::string& text, const std::string& source);

}  // namespace golive
