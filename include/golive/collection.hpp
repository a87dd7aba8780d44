#pragma once
// Running the configured collectors: concurrently, each within its own
// timeout and all within the overall deadline, into one snapshot.

#include <ostream>
#include <string>

#include "golive/config.hpp"
#include "golive/snapshot.hpp"

namespace golive {

// Resolves every ${env:…}/${file:…} reference in the collectors' settings
// (so a missing secret is an input error, exit 2, before anything runs) and
// runs the collectors. A collector that fails, throws or overruns its time
// is recorded with its status and error (redacted); the others still count.
// Progress goes to `progress.out` when given: a line when each collector
// starts and one when it ends (status, time, error), as it ends, and a total
// — for CI logs; with `live` (a terminal), instead of the start lines, one
// line redrawn in place naming the collectors still running.
struct Collection {
  Snapshot snapshot;  // snapshot.sha256 is the SHA-256 of `text`
  std::string text;   // the snapshot document, serialized once
};
struct CollectionProgress {
  std::ostream* out = nullptr;
  bool live = false;
};
Collection collect_snapshot(const Config& config, const CollectionProgress& progress);

// The snapshot document, as `golive collect` writes it.
std::string snapshot_text(const Snapshot& snapshot);

}  // namespace golive
