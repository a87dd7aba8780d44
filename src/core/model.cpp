#include "golive/model.hpp"

namespace golive {

namespace {
template <typename Enum, std::size_t N>
std::optional<Enum> parse_by_name(std::string_view text, const std::array<Enum, N>& all) {
  for (Enum value : all)
    if (to_string(value) == text) return value;
  return std::nullopt;
}
}  // namespace

std::string_view to_string(Domain domain) {
  switch (domain) {
    case Domain::architecture:
      return "architecture";
    case Domain::scalability:
      return "scalability";
    case Domain::security:
      return "security";
    case Domain::resilience:
      return "resilience";
    case Domain::operations:
      return "operations";
    case Domain::devops:
      return "devops";
  }
  return "?";
}

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::blocking:
      return "blocking";
    case Severity::high:
      return "high";
    case Severity::medium:
      return "medium";
    case Severity::low:
      return "low";
    case Severity::info:
      return "info";
  }
  return "?";
}

std::string_view to_string(Status status) {
  switch (status) {
    case Status::pass:
      return "pass";
    case Status::fail:
      return "fail";
    case Status::unknown:
      return "unknown";
    case Status::waived:
      return "waived";
    case Status::skipped:
      return "skipped";
    case Status::error:
      return "error";
  }
  return "?";
}

std::string_view to_string(Decision decision) {
  switch (decision) {
    case Decision::go:
      return "GO";
    case Decision::conditional_go:
      return "CONDITIONAL_GO";
    case Decision::no_go:
      return "NO_GO";
  }
  return "?";
}

std::optional<Domain> parse_domain(std::string_view text) {
  return parse_by_name(text, kAllDomains);
}
std::optional<Severity> parse_severity(std::string_view text) {
  return parse_by_name(text, kAllSeverities);
}
std::optional<Status> parse_status(std::string_view text) {
  return parse_by_name(text, kAllStatuses);
}
std::optional<Decision> parse_decision(std::string_view text) {
  return parse_by_name(
      text, std::array<Decision, 3>{Decision::go, Decision::conditional_go, Decision::no_go});
}

}  // namespace golive
