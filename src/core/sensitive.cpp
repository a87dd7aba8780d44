#include "golive/sensitive.hpp"

#include <re2/re2.h>

namespace golive {

bool holds_private_key(std::string_view text) {
  static const re2::RE2 armour("(?i)-BEGIN\\s+.*PRIVATE KEY-");
  return re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), armour);
}

bool is_password_hash(std::string_view text) {
  static const re2::RE2 hash(
      "\\s*(\\$(pbkdf2(-sha(1|256|512))?|2[abxy]|argon2(id|i|d)|scrypt|[56]|y|gy|7)\\$[^\\s]+"
      "|SCRAM-SHA-256\\$[0-9]+:[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+"
      "|md5[0-9a-f]{32})\\s*");
  return re2::RE2::FullMatch(re2::StringPiece(text.data(), text.size()), hash);
}

std::string_view redaction_marker(std::string_view value) {
  return is_password_hash(value) ? kRedactedHash : kRedacted;
}

}  // namespace golive
