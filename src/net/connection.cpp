#include "net/connection.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace golive::net {

namespace {

bool would_block(int error) {
  return error == EAGAIN || error == EWOULDBLOCK || error == EINTR;
}

bool closed_by_peer(int error) {
  return error == EPIPE || error == ECONNRESET || error == ECONNABORTED;
}

}  // namespace

Connection Connection::open(const std::string& host, int port, const TlsOptions& tls,
                            Clock::time_point deadline) {
  Connection connection(connect_tcp(host, port, deadline), endpoint_name(host, port));
  if (tls.enabled)
    connection.tls_ = std::make_unique<TlsSession>(connection.fd_, tls, host, port, deadline);
  return connection;
}

Connection Connection::adopt(int fd, std::string peer) {
  // Deadlines rely on never blocking in recv/send.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return Connection(fd, std::move(peer));
}

Connection::Connection(int fd, std::string peer) : fd_(fd), peer_(std::move(peer)) {}

Connection::Connection(Connection&& other) noexcept
    : fd_(other.fd_), peer_(std::move(other.peer_)), tls_(std::move(other.tls_)) {
  other.fd_ = -1;
}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = other.fd_;
    peer_ = std::move(other.peer_);
    tls_ = std::move(other.tls_);
    other.fd_ = -1;
  }
  return *this;
}

Connection::~Connection() {
  close();
}

void Connection::close() {
  tls_.reset();  // before the socket it writes its close_notify to
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void Connection::write_all(std::string_view data, Clock::time_point deadline) {
  while (!data.empty()) {
    std::size_t written = 0;
    if (tls_) {
      written = tls_->write_some(data.data(), data.size(), deadline);
    } else {
      const auto sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (sent < 0) {
        const int error = errno;
        if (closed_by_peer(error))
          throw TransportError(fmt::format("connection closed by {}", peer_),
                               TransportError::Kind::closed);
        if (!would_block(error))
          throw TransportError(fmt::format("cannot send to {}: {}", peer_, std::strerror(error)));
        if (!wait_ready(fd_, POLLOUT, deadline))
          throw TransportError(fmt::format("timed out sending to {}", peer_),
                               TransportError::Kind::timed_out);
        continue;
      }
      written = static_cast<std::size_t>(sent);
    }
    data.remove_prefix(written);
  }
}

std::size_t Connection::read_some(char* buffer, std::size_t size, Clock::time_point deadline) {
  for (;;) {
    if (tls_) {
      const std::size_t read = tls_->read_some(buffer, size, deadline);
      if (read > 0) return read;
      throw TransportError(fmt::format("connection closed by {}", peer_),
                           TransportError::Kind::closed);
    }
    const auto received = ::recv(fd_, buffer, size, 0);
    if (received > 0) return static_cast<std::size_t>(received);
    const int error = received == 0 ? ECONNRESET : errno;
    if (closed_by_peer(error))
      throw TransportError(fmt::format("connection closed by {}", peer_),
                           TransportError::Kind::closed);
    if (!would_block(error))
      throw TransportError(fmt::format("cannot read from {}: {}", peer_, std::strerror(error)));
    if (!wait_ready(fd_, POLLIN, deadline))
      throw TransportError(fmt::format("timed out waiting for a reply from {}", peer_),
                           TransportError::Kind::timed_out);
  }
}

}  // namespace golive::net
