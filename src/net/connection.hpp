#pragma once
// A client byte stream to host:port — plain TCP, or TLS over OpenSSL —
// where every step ends by a deadline: resolving, connecting, the TLS
// handshake, each write and each read. For protocols spoken by golive itself
// (Redis: hiredis encodes and decodes, this carries the bytes); libraries
// with their own I/O (libpq, libcurl) do not need it.

#include <memory>
#include <string>
#include <string_view>

#include "net/socket.hpp"
#include "net/tls.hpp"

namespace golive::net {

class Connection {
 public:
  // Connects (and handshakes, when tls.enabled). Throws TransportError.
  static Connection open(const std::string& host, int port, const TlsOptions& tls,
                         Clock::time_point deadline);
  // Takes over a connected socket (tests use one end of a socketpair);
  // `peer` names it in messages.
  static Connection adopt(int fd, std::string peer);

  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  ~Connection();

  // Sends all of `data` by the deadline. Throws TransportError.
  void write_all(std::string_view data, Clock::time_point deadline);
  // Reads what is available, at least one byte, by the deadline. Throws
  // TransportError, also when the peer closes the connection.
  std::size_t read_some(char* buffer, std::size_t size, Clock::time_point deadline);

  const std::string& peer() const { return peer_; }
  bool tls() const { return tls_ != nullptr; }

 private:
  Connection(int fd, std::string peer);
  void close();

  int fd_ = -1;
  std::string peer_;  // "host:port"
  std::unique_ptr<TlsSession> tls_;
};

}  // namespace golive::net
