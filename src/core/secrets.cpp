#include "golive/secrets.hpp"

#include <cstdlib>

#include <fmt/format.h>
#include <re2/re2.h>

#include "golive/text.hpp"

namespace golive {

void Redactor::add(std::string_view secret) {
  if (secret.size() < 4) return;
  std::lock_guard lock(mutex_);
  secrets_.emplace_back(secret);
}

std::string Redactor::redact(std::string_view text) const {
  std::string out(text);
  {
    std::lock_guard lock(mutex_);
    for (const auto& secret : secrets_) {
      for (std::size_t pos = out.find(secret); pos != std::string::npos;
           pos = out.find(secret, pos + 3))
        out.replace(pos, secret.size(), "***");
    }
  }
  // scheme://user:password@host — whatever the password, it goes.
  // RE2, never std::regex: server messages are untrusted and can be long.
  static const re2::RE2 userinfo("([a-zA-Z][a-zA-Z0-9+.-]*://[^/@:\\s]*:)[^@\\s]*@");
  re2::RE2::GlobalReplace(&out, userinfo, "\\1***@");
  // key=value connection strings (libpq): password=..., sslpassword=...
  static const re2::RE2 keyword("(?i)((?:ssl)?password\\s*=\\s*)('[^']*'|[^\\s]+)");
  re2::RE2::GlobalReplace(&out, keyword, "\\1***");
  return out;
}

Redactor& redactor() {
  static Redactor instance;
  return instance;
}

bool has_reference(std::string_view value) {
  return value.find("${") != std::string_view::npos;
}

std::string resolve_references(const std::string& value, const SourceLocation& where) {
  static const re2::RE2 reference("\\$\\{(env|file):([^}]+)\\}");
  std::string stripped = value;
  re2::RE2::GlobalReplace(&stripped, reference, "");
  if (has_reference(stripped))
    throw InputError(where, "malformed reference: use ${env:NAME} or ${file:PATH}");
  std::string out;
  re2::StringPiece rest(value), kind_piece, name_piece;
  while (true) {
    const re2::StringPiece before = rest;
    if (!re2::RE2::FindAndConsume(&rest, reference, &kind_piece, &name_piece)) break;
    // Text up to the match: from `before` to where the reference begins.
    const std::size_t match_size = kind_piece.size() + name_piece.size() + 4;  // ${:}
    out.append(before.data(), static_cast<std::size_t>(rest.data() - before.data()) - match_size);
    const std::string kind(kind_piece.data(), kind_piece.size());
    const std::string name(name_piece.data(), name_piece.size());
    std::string resolved;
    if (kind == "env") {
      const char* v = std::getenv(name.c_str());
      if (!v)
        throw InputError(where, fmt::format("${{env:{}}} is not set: export {} before running "
                                            "golive",
                                            name, name));
      resolved = v;
    } else {
      try {
        resolved = read_file(name);
      } catch (const InputError&) {
        throw InputError(where, fmt::format("${{file:{}}} cannot be read: check the path and its "
                                            "permissions",
                                            name));
      }
      while (!resolved.empty() && (resolved.back() == '\n' || resolved.back() == '\r'))
        resolved.pop_back();
    }
    redactor().add(resolved);
    out += resolved;
  }
  out.append(rest.data(), rest.size());
  return out;
}

}  // namespace golive
