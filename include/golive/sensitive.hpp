#pragma once
// Redaction markers and the content checks every collector shares. A
// collector that reads configuration (Kubernetes objects, Azure resources)
// replaces a value that may hold a credential by a marker, never drops it:
// rules still see that something was there, the snapshot carries no secret.
// Which *names* are sensitive differs by source (an env var called
// DB_PASSWORD; an ARM property `passwordAuth: Enabled` that is a setting), so
// each collector keeps its own name predicate.

#include <string_view>

namespace golive {

// Replaces a value whose name looks like a secret's.
inline constexpr std::string_view kRedacted = "<redacted by golive>";
// Replaces a value holding a PEM private key, whatever its name.
inline constexpr std::string_view kRedactedPrivateKey = "<redacted by golive: private key>";

// True when text holds PEM private-key armour (`-BEGIN ... PRIVATE KEY-`).
bool holds_private_key(std::string_view text);

}  // namespace golive
