#pragma once
// Errors in user input (rule files, snapshots, waivers, profiles, command
// lines). Each names where the problem is and what to change; golive reports
// them all and exits 2 without evaluating anything.

#include <stdexcept>
#include <string>
#include <vector>

namespace golive {

// A place in an input file; line and column are 1-based, 0 when unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  // "file:line:column", or as much of it as is known.
  std::string to_string() const;
};

struct Diagnostic {
  SourceLocation location;
  std::string message;

  // "file:line:column: error: message"
  std::string to_string() const;
};

// One or more problems found in input. Loaders collect every problem they
// can find in one pass, so a user fixes a file in one round trip.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  InputError(SourceLocation location, std::string message);

  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// Collects diagnostics and throws them together.
class DiagnosticSink {
 public:
  void error(SourceLocation location, std::string message);
  void merge(const InputError& error);
  bool empty() const { return diagnostics_.empty(); }
  // Throws InputError if anything was reported.
  void throw_if_any() const;

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace golive
