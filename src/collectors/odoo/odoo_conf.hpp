#pragma once
// odoo.conf, read as Odoo reads it (Python's RawConfigParser: `key = value`
// or `key: value`, full-line `#`/`;` comments, indented continuation lines,
// keys lower-cased, a duplicate key or section is an error), and turned into
// the `odoo.config` facts: the [options] section's values as written, minus
// every credential, plus whether the master password is set and hashed.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace golive::collectors::odoo {

// True for options that hold a credential: admin_passwd, db_password,
// smtp_password, and any name ending in _password, _passwd, _pass, _secret,
// _key or _token (add-ons follow the same naming).
bool is_secret_option(std::string_view name);

// True when an admin_passwd value is a hash Odoo verifies as one. Odoo's
// CryptContext knows pbkdf2_sha512 and plaintext only: any other string,
// a bcrypt or sha512-crypt hash included, is compared as a clear password.
bool is_hashed_password(std::string_view value);

// The `odoo.config` facts of an odoo.conf text. Secret values are
// registered with the redactor and never copied. In other values, a URL's
// user:password@ keeps only its user (user:***@), and an option named
// *_dsn, *_uri or *_url loses its URL's whole user-info (***@): its user is
// a key as often as a name (a Sentry DSN); what is removed is registered with
// the redactor. Throws InputError at
// `origin`:line:column for a line that is not a section, an option, a
// comment or a continuation, a duplicate, an option before any section,
// or a file without an [options] section.
nlohmann::json parse_odoo_conf(std::string_view text, const std::string& origin);

}  // namespace golive::collectors::odoo
