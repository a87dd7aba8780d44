#pragma once
// The vocabulary of a readiness audit: domains, severities, statuses and
// decisions, with their public (contract) spellings.

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace golive {

enum class Domain { architecture, scalability, security, resilience, operations, devops };
inline constexpr std::array<Domain, 6> kAllDomains = {Domain::architecture, Domain::scalability,
                                                      Domain::security,     Domain::resilience,
                                                      Domain::operations,   Domain::devops};

// Ordered from most to least severe.
enum class Severity { blocking, high, medium, low, info };
inline constexpr std::array<Severity, 5> kAllSeverities = {
    Severity::blocking, Severity::high, Severity::medium, Severity::low, Severity::info};

enum class Status { pass, fail, unknown, waived, skipped, error };
inline constexpr std::array<Status, 6> kAllStatuses = {
    Status::pass, Status::fail, Status::unknown, Status::waived, Status::skipped, Status::error};

enum class Decision { go, conditional_go, no_go };

std::string_view to_string(Domain domain);
std::string_view to_string(Severity severity);
std::string_view to_string(Status status);
std::string_view to_string(Decision decision);  // "GO", "CONDITIONAL_GO", "NO_GO"

std::optional<Domain> parse_domain(std::string_view text);
std::optional<Severity> parse_severity(std::string_view text);
std::optional<Status> parse_status(std::string_view text);
std::optional<Decision> parse_decision(std::string_view text);

// True when `severity` is at least as severe as `threshold`.
inline bool at_least(Severity severity, Severity threshold) {
  return severity <= threshold;
}

}  // namespace golive
