#pragma once
// TCP sockets with deadlines: resolving a host, connecting without blocking
// past the deadline, and waiting for a socket to become readable or
// writable. The building blocks of net::Connection.

#include <poll.h>

#include <chrono>
#include <stdexcept>
#include <string>

namespace golive::net {

using Clock = std::chrono::steady_clock;

// Why a connection could not be made or used (refused, unknown host, timed
// out, TLS failure, closed by the peer). Collectors report it as the target
// being unreachable; the message names host and port, never credentials.
class TransportError : public std::runtime_error {
 public:
  enum class Kind {
    failed,     // refused, unknown host, TLS failure, ...
    timed_out,  // the deadline passed (the caller may say how long it waited)
    closed,     // the peer closed the connection
  };
  explicit TransportError(const std::string& message, Kind kind = Kind::failed)
      : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// "host:port", with brackets around an IPv6 address.
std::string endpoint_name(const std::string& host, int port);

// True when `host` is an IPv4 or IPv6 address rather than a name.
bool is_ip_address(const std::string& host);

// A connected, non-blocking TCP socket to host:port (every address the name
// resolves to is tried in turn). Throws TransportError.
int connect_tcp(const std::string& host, int port, Clock::time_point deadline);

// Waits until `fd` is ready for `events` (POLLIN / POLLOUT); false when the
// deadline passed first.
bool wait_ready(int fd, short events, Clock::time_point deadline);

}  // namespace golive::net
