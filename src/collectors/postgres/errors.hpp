#pragma once
// libpq's connection errors, sorted into a target status and said shortly.
// libpq reports a failed connection as text only (no SQLSTATE), so the
// messages are recognised by their English wording, as libpq and the server
// print them by default.

#include <string>
#include <string_view>

namespace golive::collectors::postgres {

struct ConnectFailure {
  std::string status;  // unreachable | unauthorized
  std::string error;   // short, e.g. "connection refused at 127.0.0.1:5999"
};

// `message` is PQerrorMessage after a failed connection (possibly several
// attempts, one per host); `connect_timeout_s` is what golive gave libpq.
// The result is not yet redacted: callers pass it through redactor().
ConnectFailure classify_connect_error(std::string_view message, int connect_timeout_s);

// A server error of one query ("ERROR:  permission denied for view x\n"),
// first line, without the severity prefix.
std::string short_query_error(std::string_view message);

}  // namespace golive::collectors::postgres
