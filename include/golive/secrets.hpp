#pragma once
// Secrets appear in golive.yaml only by reference — ${env:NAME} or
// ${file:PATH} — and are resolved when a collector needs them. Every value
// resolved is remembered by the Redactor, and everything golive prints or
// writes from a collector (errors, facts, logs) passes through redact(), so
// a password never reaches output even when a library echoes it back.

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "golive/diagnostics.hpp"

namespace golive {

class Redactor {
 public:
  // Remembers a secret value (values shorter than 4 characters are not
  // redacted: they would mangle ordinary text and protect nothing).
  void add(std::string_view secret);
  // Replaces every remembered secret, and every URL user-info password, with "***".
  std::string redact(std::string_view text) const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> secrets_;
};

// The process-wide redactor used by collectors and the CLI.
Redactor& redactor();

// Expands ${env:NAME} and ${file:PATH} references in `value` (a file's
// trailing newline is dropped), registering each expansion with the
// redactor. Throws InputError at `where` for an unset variable, an
// unreadable file or a malformed reference; the message names the
// reference, never its value.
std::string resolve_references(const std::string& value, const SourceLocation& where);

// True when a value holds a ${...} reference.
bool has_reference(std::string_view value);

}  // namespace golive
