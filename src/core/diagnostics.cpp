#include "golive/diagnostics.hpp"

#include <fmt/format.h>

namespace golive {

std::string SourceLocation::to_string() const {
  if (line <= 0) return file;
  if (column <= 0) return fmt::format("{}:{}", file, line);
  return fmt::format("{}:{}:{}", file, line, column);
}

std::string Diagnostic::to_string() const {
  return fmt::format("{}: error: {}", location.to_string(), message);
}

namespace {
std::string summarize(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& d : diagnostics) {
    if (!text.empty()) text += '\n';
    text += d.to_string();
  }
  return text;
}
}  // namespace

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(summarize(diagnostics)), diagnostics_(std::move(diagnostics)) {}

InputError::InputError(SourceLocation location, std::string message)
    : InputError(std::vector<Diagnostic>{{std::move(location), std::move(message)}}) {}

void DiagnosticSink::error(SourceLocation location, std::string message) {
  diagnostics_.push_back({std::move(location), std::move(message)});
}

void DiagnosticSink::merge(const InputError& error) {
  diagnostics_.insert(diagnostics_.end(), error.diagnostics().begin(), error.diagnostics().end());
}

void DiagnosticSink::throw_if_any() const {
  if (!diagnostics_.empty()) throw InputError(diagnostics_);
}

}  // namespace golive
