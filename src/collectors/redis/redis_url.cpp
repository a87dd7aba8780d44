#include "collectors/redis/redis_url.hpp"

#include <cctype>
#include <charconv>

#include <fmt/format.h>
#include <re2/re2.h>

namespace golive::collectors::redis {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The first ':' of the user-info that is not inside a ${...} reference
// (${env:NAME} holds one itself).
std::size_t userinfo_colon(std::string_view userinfo) {
  int depth = 0;
  for (std::size_t i = 0; i < userinfo.size(); ++i) {
    if (userinfo.compare(i, 2, "${") == 0) ++depth;
    if (userinfo[i] == '}' && depth > 0) --depth;
    if (userinfo[i] == ':' && depth == 0) return i;
  }
  return std::string_view::npos;
}

bool valid_host_name(std::string_view host) {
  for (char c : host)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_')
      return false;
  return true;
}

int parse_number(std::string_view text, int low, int high, std::size_t offset,
                 const std::string& message) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < low ||
      value > high)
    throw UrlError(offset, message);
  return value;
}

// host[:port][/db], starting at `offset` of the whole URL.
void parse_host_part(std::string_view part, std::size_t offset, RedisUrl& url) {
  const auto bad = part.find_first_of("?#");
  if (bad != std::string_view::npos)
    throw UrlError(offset + bad,
                   "query parameters are not supported in a Redis URL: TLS files, user and "
                   "password are settings of the target");
  const auto slash = part.find('/');
  std::string_view authority = part.substr(0, slash);
  std::size_t port_at = std::string_view::npos;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos)
      throw UrlError(offset, "an IPv6 address needs its closing ']': redis://[::1]:6379");
    url.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':')
        throw UrlError(offset + close + 1, "expected ':PORT' after the IPv6 address");
      port_at = close + 1;
    }
  } else {
    port_at = authority.find(':');
    url.host = std::string(authority.substr(0, port_at));
    if (!valid_host_name(url.host))
      throw UrlError(offset, fmt::format("'{}' is not a valid host name", url.host));
  }
  if (url.host.empty()) throw UrlError(offset, "the URL names no host: redis://HOST:PORT/DB");
  if (port_at != std::string_view::npos) {
    const std::string_view port = authority.substr(port_at + 1);
    url.port = parse_number(port, 1, 65535, offset + port_at + 1,
                            fmt::format("port '{}' must be a number from 1 to 65535", port));
  }
  if (slash != std::string_view::npos) {
    const std::string_view db = part.substr(slash + 1);
    if (!db.empty())
      url.database =
          parse_number(db, 0, 1 << 30, offset + slash + 1,
                       fmt::format("'/{}' is not a database number: write /0 (or nothing)", db));
  }
}

}  // namespace

bool is_reference(std::string_view text) {
  static const re2::RE2 reference("\\$\\{(env|file):[^}]+\\}");
  return re2::RE2::FullMatch(re2::StringPiece(text.data(), text.size()), reference);
}

UrlLayout url_layout(std::string_view url) {
  const auto separator = url.find("://");
  if (separator == std::string_view::npos)
    throw UrlError(0, "not a Redis URL: write redis://HOST:PORT/DB (or rediss:// for TLS)");
  UrlLayout layout;
  layout.scheme_end = separator + 3;
  const std::string_view rest = url.substr(layout.scheme_end);
  const auto at = rest.rfind('@');
  if (at == std::string_view::npos) {
    layout.host = layout.scheme_end;
    return layout;
  }
  layout.host = layout.scheme_end + at + 1;
  const std::string_view userinfo = rest.substr(0, at);
  const auto colon = userinfo_colon(userinfo);
  if (colon != std::string_view::npos) {
    layout.password = layout.scheme_end + colon + 1;
    layout.password_text = userinfo.substr(colon + 1);
  }
  return layout;
}

RedisUrl parse_url(std::string_view text) {
  const UrlLayout layout = url_layout(text);
  RedisUrl url;
  const std::string scheme = lower(text.substr(0, layout.scheme_end - 3));
  if (scheme == "rediss") {
    url.tls = true;
  } else if (scheme == "unix" || scheme == "redis+unix" || scheme == "redis-socket") {
    throw UrlError(0, "Unix sockets are not supported: golive connects over TCP");
  } else if (scheme != "redis") {
    throw UrlError(0, fmt::format("unsupported scheme '{}': use redis:// (plain TCP) or "
                                  "rediss:// (TLS)",
                                  scheme));
  }
  if (layout.host > layout.scheme_end) {
    const std::size_t userinfo_end = layout.host - 1;
    const std::size_t user_end =
        layout.password == std::string_view::npos ? userinfo_end : layout.password - 1;
    url.username = std::string(text.substr(layout.scheme_end, user_end - layout.scheme_end));
    url.password = std::string(layout.password_text);
  }
  parse_host_part(text.substr(layout.host), layout.host, url);
  return url;
}

}  // namespace golive::collectors::redis
