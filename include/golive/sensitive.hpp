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

// Replaces a one-way password hash (pbkdf2, bcrypt, argon2, scrypt, crypt's
// $5$/$6$, SCRAM, PostgreSQL md5): not a credential anyone can log in with,
// which rules must be able to tell from one (a hashed Odoo master password in
// a ConfigMap is the recommended practice, a clear-text one a leak).
inline constexpr std::string_view kRedactedHash = "<redacted by golive: password hash>";

// True when text holds PEM private-key armour (`-BEGIN ... PRIVATE KEY-`).
bool holds_private_key(std::string_view text);

// True when the whole text (trimmed) is a password hash in one of the formats
// kRedactedHash names.
bool is_password_hash(std::string_view text);

// The marker for a sensitive value: kRedactedHash for a password hash,
// kRedacted for anything else.
std::string_view redaction_marker(std::string_view value);

}  // namespace golive
