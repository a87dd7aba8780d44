#include "golive/secrets.hpp"

#include <cstdlib>
#include <regex>

#include <fmt/format.h>

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
  static const std::regex userinfo("([a-zA-Z][a-zA-Z0-9+.-]*://[^/@:\\s]*:)[^@\\s]*@");
  out = std::regex_replace(out, userinfo, "$1***@");
  // key=value connection strings (libpq): password=..., sslpassword=...
  static const std::regex keyword("((?:ssl)?password\\s*=\\s*)('[^']*'|[^\\s]+)",
                                  std::regex::icase);
  return std::regex_replace(out, keyword, "$1***");
}

Redactor& redactor() {
  static Redactor instance;
  return instance;
}

bool has_reference(std::string_view value) {
  return value.find("${") != std::string_view::npos;
}

std::string resolve_references(const std::string& value, const SourceLocation& where) {
  static const std::regex reference("\\$\\{(env|file):([^}]+)\\}");
  if (has_reference(std::regex_replace(value, reference, "")))
    throw InputError(where, "malformed reference: use ${env:NAME} or ${file:PATH}");
  std::string out;
  auto begin = std::sregex_iterator(value.begin(), value.end(), reference);
  std::size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    out += value.substr(last, m.position() - last);
    const std::string kind = m[1], name = m[2];
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
    last = m.position() + m.length();
  }
  out += value.substr(last);
  return out;
}

}  // namespace golive
