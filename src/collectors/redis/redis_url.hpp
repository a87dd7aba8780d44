#pragma once
// Redis URLs: redis://[user[:password]@]host[:port][/db] (plain TCP) and
// rediss://... (TLS), the form Redis clients and Azure's portal use.
// Parsing reports where a problem is, so golive.yaml errors can point at
// the exact column.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace golive::collectors::redis {

struct RedisUrl {
  bool tls = false;      // rediss://
  std::string host;      // without the brackets of an IPv6 address
  int port = 6379;       // the default for both schemes (Azure's TLS port is 6380: write it)
  std::string username;  // from the user-info, if any
  std::string password;  // from the user-info, if any
  int database = 0;      // /db; INFO and CONFIG are server-wide, so it is only checked
};

// A problem in a URL, at a byte offset into it.
class UrlError : public std::runtime_error {
 public:
  UrlError(std::size_t offset, const std::string& message)
      : std::runtime_error(message), offset_(offset) {}
  std::size_t offset() const { return offset_; }

 private:
  std::size_t offset_;
};

// Parses a URL. The user-info ends at the last '@' and splits at its first
// ':' outside a ${...} reference, so a resolved password may hold any
// character. Throws UrlError.
RedisUrl parse_url(std::string_view url);

// The parts of a URL as written in golive.yaml, where ${...} references are
// not resolved yet: offsets of the password and of the host part, for
// checks that must not look inside references.
struct UrlLayout {
  std::size_t scheme_end = 0;                     // offset just after "://"
  std::size_t password = std::string_view::npos;  // start of the password, if any
  std::string_view password_text;
  std::size_t host = 0;  // start of host[:port][/db]
};
// Throws UrlError when there is no "scheme://".
UrlLayout url_layout(std::string_view url);

// True when `text` is exactly one ${env:NAME} or ${file:PATH} reference.
bool is_reference(std::string_view text);

}  // namespace golive::collectors::redis
