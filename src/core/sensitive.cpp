#include "golive/sensitive.hpp"

#include <re2/re2.h>

namespace golive {

bool holds_private_key(std::string_view text) {
  static const re2::RE2 armour("(?i)-BEGIN\\s+.*PRIVATE KEY-");
  return re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), armour);
}

bool is_password_hash(std::string_view text) {
  // Each scheme's own grammar (salt and digest alphabets and lengths), so
  // that a credential which merely starts like a hash ($6$hunter2) is not
  // taken for one.
  static const re2::RE2 hash(
      "\\s*("
      "\\$pbkdf2(-sha(1|256|512))?\\$[0-9]+\\$[./A-Za-z0-9]+\\$[./A-Za-z0-9]{16,}"  // passlib
      "|\\$2[abxy]\\$[0-9]{2}\\$[./A-Za-z0-9]{53}"                                  // bcrypt
      "|\\$5\\$(rounds=[0-9]+\\$)?[./A-Za-z0-9]{1,16}\\$[./A-Za-z0-9]{43}"          // sha256-crypt
      "|\\$6\\$(rounds=[0-9]+\\$)?[./A-Za-z0-9]{1,16}\\$[./A-Za-z0-9]{86}"          // sha512-crypt
      "|\\$(1|apr1)\\$[./A-Za-z0-9]{1,8}\\$[./A-Za-z0-9]{22}"                       // md5-crypt
      "|\\$(y|gy)\\$[./A-Za-z0-9]+\\$[./A-Za-z0-9]+\\$[./A-Za-z0-9]{43}"            // yescrypt
      "|\\$argon2(id|i|d)\\$v=[0-9]+\\$m=[0-9]+,t=[0-9]+,p=[0-9]+\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/"
      "]{16,}"
      "|\\$scrypt\\$ln=[0-9]+,r=[0-9]+,p=[0-9]+\\$[A-Za-z0-9+/.]+=*\\$[A-Za-z0-9+/.]{16,}=*"
      "|SCRAM-SHA-256\\$[0-9]+:[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+"  // PostgreSQL
      "|md5[0-9a-f]{32}"                                                           // PostgreSQL
      ")\\s*");
  return re2::RE2::FullMatch(re2::StringPiece(text.data(), text.size()), hash);
}

std::string_view redaction_marker(std::string_view value) {
  return is_password_hash(value) ? kRedactedHash : kRedacted;
}

}  // namespace golive
