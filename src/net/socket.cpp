#include "net/socket.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <future>
#include <memory>
#include <thread>

#include <fmt/format.h>

namespace golive::net {

namespace {

struct AddrInfoFree {
  void operator()(addrinfo* list) const { freeaddrinfo(list); }
};
using AddrList = std::unique_ptr<addrinfo, AddrInfoFree>;

struct Resolved {
  int code = 0;
  AddrList list;
};

Resolved getaddrinfo_for(const std::string& host, int port, int flags) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = flags;
  addrinfo* list = nullptr;
  const int code = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &list);
  return {code, AddrList(list)};
}

// getaddrinfo() cannot be interrupted, so a name lookup runs in its own
// thread and is abandoned (left to finish on its own) when the deadline
// passes; IP addresses need no lookup.
AddrList resolve(const std::string& host, int port, Clock::time_point deadline) {
  Resolved resolved;
  if (is_ip_address(host)) {
    resolved = getaddrinfo_for(host, port, AI_NUMERICHOST);
  } else {
    auto promise = std::make_shared<std::promise<Resolved>>();
    auto future = promise->get_future();
    std::thread([promise, host, port] {
      promise->set_value(getaddrinfo_for(host, port, AI_ADDRCONFIG));
    }).detach();
    if (future.wait_until(deadline) != std::future_status::ready)
      throw TransportError(fmt::format("timed out resolving host '{}'", host),
                           TransportError::Kind::timed_out);
    resolved = future.get();
  }
  if (resolved.code != 0)
    throw TransportError(
        fmt::format("cannot resolve host '{}': {}", host, gai_strerror(resolved.code)));
  return std::move(resolved.list);
}

// Connects one address; returns the socket, or -1 with errno_out set.
int connect_address(const addrinfo& address, Clock::time_point deadline, int& errno_out,
                    bool& timed_out) {
  const int fd = ::socket(address.ai_family, address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    errno_out = errno;
    return -1;
  }
  int error = 0;
  if (::connect(fd, address.ai_addr, address.ai_addrlen) != 0) {
    error = errno;
    if (error == EINPROGRESS) {
      if (!wait_ready(fd, POLLOUT, deadline)) {
        timed_out = true;
        error = ETIMEDOUT;
      } else {
        socklen_t length = sizeof error;
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
      }
    }
  }
  if (error != 0) {
    ::close(fd);
    errno_out = error;
    return -1;
  }
  // Requests are small and answered one at a time: send them at once.
  const int on = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  return fd;
}

}  // namespace

std::string endpoint_name(const std::string& host, int port) {
  return host.find(':') != std::string::npos ? fmt::format("[{}]:{}", host, port)
                                             : fmt::format("{}:{}", host, port);
}

bool is_ip_address(const std::string& host) {
  unsigned char buffer[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

int connect_tcp(const std::string& host, int port, Clock::time_point deadline) {
  const std::string name = endpoint_name(host, port);
  AddrList list = resolve(host, port, deadline);
  int last_error = 0;
  for (const addrinfo* address = list.get(); address; address = address->ai_next) {
    bool timed_out = false;
    const int fd = connect_address(*address, deadline, last_error, timed_out);
    if (fd >= 0) return fd;
    if (timed_out)
      throw TransportError(fmt::format("timed out connecting to {}", name),
                           TransportError::Kind::timed_out);
  }
  if (last_error == ECONNREFUSED)
    throw TransportError(fmt::format("connection refused by {}", name));
  throw TransportError(fmt::format("cannot connect to {}: {}", name, std::strerror(last_error)));
}

bool wait_ready(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd entry{fd, events, 0};
    const int ready = ::poll(&entry, 1, static_cast<int>(std::min<long long>(left, 1 << 30)));
    if (ready > 0) return true;  // ready, or an error the next call will report
    if (ready < 0 && errno != EINTR) return true;
  }
}

}  // namespace golive::net
