#include "collectors/postgres/errors.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>
#include <re2/re2.h>

#include "golive/text.hpp"

namespace golive::collectors::postgres {

namespace {

std::string first_line(std::string_view text) {
  return trim(text.substr(0, text.find('\n')));
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

// Wording of the server (FATAL during authentication) and of libpq when
// credentials are wrong or missing.
bool is_authorization_failure(const std::string& text) {
  static constexpr std::string_view kPhrases[] = {
      "password authentication failed", "no pg_hba.conf entry",
      "pg_hba.conf rejects connection", "no password supplied",
      "authentication failed for user", "permission denied for database",
      "is not permitted to log in",     "does not have connect privilege",
  };
  if (std::any_of(std::begin(kPhrases), std::end(kPhrases),
                  [&](std::string_view p) { return contains(text, p); }))
    return true;
  static const re2::RE2 kNoRole(R"(role ".*" does not exist)");
  return re2::RE2::PartialMatch(text, kNoRole);
}

// TLS failures are "unreachable" like any transport failure; they are
// labelled so that the reader looks at certificates, not at the network.
bool is_tls_failure(const std::string& text) {
  static constexpr std::string_view kPhrases[] = {
      "ssl error",       "ssl syscall", "certificate", "does not support ssl",
      "ssl negotiation", "tlsv1 alert", "sslmode",     "root.crt",
  };
  return std::any_of(std::begin(kPhrases), std::end(kPhrases),
                     [&](std::string_view p) { return contains(text, p); });
}

// One attempt: 'connection to server at "h" (addr), port p failed: reason'
// or 'connection to server on socket "/path" failed: reason'.
struct Attempt {
  std::string where;   // "h:p" or the socket path
  std::string reason;  // libpq's text after "failed: "
};

std::vector<Attempt> attempts(std::string_view message) {
  static const re2::RE2 kAttempt(
      R"re(connection to server (?:at "([^"]*)"(?: \(([^)]*)\))?, port (\d+)|on socket "([^"]*)") failed: )re");
  struct Match {
    std::size_t begin = 0, end = 0;  // of the whole match
    std::string where;
  };
  std::vector<Match> matches;
  re2::StringPiece rest(message.data(), message.size());
  re2::StringPiece host, address, port, socket;
  while (true) {
    const char* before = rest.data();
    if (!re2::RE2::FindAndConsume(&rest, kAttempt, &host, &address, &port, &socket)) break;
    Match m;
    m.end = static_cast<std::size_t>(rest.data() - message.data());
    // The match starts at "connection to server": the first one after `before`.
    const std::string_view scanned(before, static_cast<std::size_t>(rest.data() - before));
    m.begin =
        static_cast<std::size_t>(before - message.data()) + scanned.rfind("connection to server");
    m.where = socket.data() ? std::string(socket.data(), socket.size())
                            : fmt::format("{}:{}", std::string_view(host.data(), host.size()),
                                          std::string_view(port.data(), port.size()));
    matches.push_back(std::move(m));
  }
  std::vector<Attempt> found;
  for (std::size_t i = 0; i < matches.size(); ++i) {
    const std::size_t end = i + 1 < matches.size() ? matches[i + 1].begin : message.size();
    found.push_back({matches[i].where, trim(message.substr(matches[i].end, end - matches[i].end))});
  }
  return found;
}

// The server's FATAL message without its prefix: 'FATAL:  password
// authentication failed for user "x"' -> 'password authentication ...'.
std::string without_severity(const std::string& reason) {
  static const re2::RE2 kSeverity(R"(^(?:FATAL|ERROR|PANIC):\s+)");
  std::string line = first_line(reason);
  re2::RE2::Replace(&line, kSeverity, "");
  return line;
}

std::string describe(const Attempt& a, int timeout_s) {
  const std::string reason = to_lower(a.reason);
  if (contains(reason, "connection refused")) return "connection refused at " + a.where;
  if (contains(reason, "timeout expired"))
    return fmt::format("no answer within {}s (connect_timeout) from {}", timeout_s, a.where);
  if (contains(reason, "no such file or directory"))
    return "no server listening on socket " + a.where;
  if (contains(reason, "certificate verify failed"))
    return fmt::format("TLS: server certificate verify failed at {}", a.where);
  std::string text = without_severity(a.reason);
  if (is_authorization_failure(reason)) return text;
  if (text.rfind("SSL error: ", 0) == 0)
    text = "TLS: " + text.substr(11);
  else if (is_tls_failure(reason))
    text = "TLS: " + text;
  return fmt::format("{} ({})", text, a.where);
}

}  // namespace

ConnectFailure classify_connect_error(std::string_view message, int connect_timeout_s) {
  const std::string text = to_lower(message);
  ConnectFailure failure;
  failure.status = is_authorization_failure(text) ? "unauthorized" : "unreachable";
  const auto tried = attempts(message);
  if (tried.empty()) {
    // Before any attempt: name resolution, a bad option, a missing file.
    failure.error = first_line(message);
    if (failure.error.empty()) failure.error = "connection failed (libpq gave no reason)";
    return failure;
  }
  std::vector<std::string> parts;
  for (const auto& a : tried) {
    std::string part = describe(a, connect_timeout_s);
    if (std::find(parts.begin(), parts.end(), part) == parts.end()) parts.push_back(part);
  }
  failure.error = join(parts, "; ");
  return failure;
}

std::string short_query_error(std::string_view message) {
  return without_severity(std::string(message));
}

}  // namespace golive::collectors::postgres
