#pragma once
// Waivers: accepted risks, each with an owner and an expiry (docs/scoring.md,
// Waivers). An expired waiver no longer applies and is
// reported; a waiver that matches nothing is reported as stale.

#include <chrono>
#include <string>
#include <vector>

#include "golive/diagnostics.hpp"
#include "golive/finding.hpp"

namespace golive {

struct Waiver {
  std::string rule;      // rule id or glob
  std::string resource;  // resource name or glob
  std::string reason;
  std::string approver;
  std::string ticket;               // optional
  std::chrono::sys_days expires{};  // valid through this day (UTC)
  SourceLocation location;
};

enum class WaiverState { active, expired, stale };
std::string_view to_string(WaiverState state);

struct WaiverOutcome {
  Waiver waiver;
  WaiverState state = WaiverState::stale;
  std::size_t matched = 0;  // findings it waived (or would have, when expired)
};

// Reads a waiver file; throws InputError with every problem's position.
std::vector<Waiver> load_waivers(const std::string& path);
std::vector<Waiver> parse_waivers(const std::string& text, const std::string& file);

// Marks failing, unknown and erroring findings covered by an unexpired waiver
// as waived (the first matching waiver wins) and says what each waiver did.
// A finding that only an expired waiver matches gets its approver as owner,
// when it has none.
std::vector<WaiverOutcome> apply_waivers(std::vector<Finding>& findings,
                                         const std::vector<Waiver>& waivers,
                                         std::chrono::sys_days today);

}  // namespace golive
