#include "collectors/traefik/certificates.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>

#include "net/socket.hpp"
#include "net/tls.hpp"

namespace golive::collectors::traefik {

namespace {

// Closes the socket the TLS session ran over (the session does not own it).
struct SocketCloser {
  int fd;
  ~SocketCloser() { ::close(fd); }
};

}  // namespace

std::optional<HostPort> parse_host_port(const std::string& text) {
  HostPort target;
  std::optional<std::string> port;             // the text after the host's colon, if any
  if (!text.empty() && text.front() == '[') {  // [IPv6] or [IPv6]:port
    const auto close = text.find(']');
    if (close == std::string::npos) return std::nullopt;
    target.host = text.substr(1, close - 1);
    const std::string after = text.substr(close + 1);
    if (!after.empty() && after.front() != ':') return std::nullopt;
    if (!after.empty()) port = after.substr(1);
  } else if (std::count(text.begin(), text.end(), ':') == 1) {
    const auto colon = text.find(':');
    target.host = text.substr(0, colon);
    port = text.substr(colon + 1);
  } else {
    target.host = text;  // a name, an IPv4 address, or a bare IPv6 address
  }
  if (target.host.empty() || target.host.find_first_of(" /") != std::string::npos)
    return std::nullopt;
  if (port) {
    const char* end = port->data() + port->size();
    const auto [stop, error] = std::from_chars(port->data(), end, target.port);
    if (port->empty() || error != std::errc() || stop != end || target.port < 1 ||
        target.port > 65535)
      return std::nullopt;
  }
  return target;
}

nlohmann::json probe_certificate(const HostPort& target, const std::string& ca_file,
                                 std::chrono::steady_clock::time_point deadline) {
  nlohmann::json entry = {{"host", target.host}, {"port", target.port}};
  const auto until = std::min(deadline, std::chrono::steady_clock::now() + kCertificateProbeTime);
  try {
    net::TlsOptions options;
    options.enabled = true;
    options.inspect = true;
    options.ca_file = ca_file;
    const SocketCloser socket{net::connect_tcp(target.host, target.port, until)};
    const net::TlsSession session(socket.fd, options, target.host, target.port, until);
    const net::PeerCertificate cert = session.peer_certificate();
    const std::string verify_error = session.verify_error();
    entry.update({{"subject", cert.subject},
                  {"sans", cert.sans},
                  {"issuer", cert.issuer},
                  {"not_before", cert.not_before},
                  {"not_after", cert.not_after},
                  {"verified", verify_error.empty()}});
    if (!verify_error.empty()) entry["verify_error"] = verify_error;
  } catch (const net::TransportError& e) {
    entry["error"] = e.what();
    // A host that let a handshake time out would let each version's do
    // the same: its versions stay unmeasured rather than cost 4 x 5 s more.
    if (e.kind() == net::TransportError::Kind::timed_out) return entry;
  }
  if (nlohmann::json protocols = probe_protocols(target, deadline); !protocols.empty())
    entry["protocols"] = std::move(protocols);
  return entry;
}

nlohmann::json probe_protocols(const HostPort& target,
                               std::chrono::steady_clock::time_point deadline) {
  nlohmann::json protocols = nlohmann::json::object();
  bool accepted = false;
  for (const char* version : {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"}) {
    const auto until = std::min(deadline, std::chrono::steady_clock::now() + kVersionProbeTime);
    int fd = -1;
    try {
      fd = net::connect_tcp(target.host, target.port, until);
    } catch (const net::TransportError&) {
      continue;  // not a refusal of the version: unknown
    }
    const SocketCloser socket{fd};
    try {
      net::TlsOptions options;
      options.enabled = true;
      options.inspect = true;
      options.only_version = version;
      const net::TlsSession session(socket.fd, options, target.host, target.port, until);
      protocols[version] = accepted = true;
    } catch (const net::TransportError& e) {
      if (e.kind() != net::TransportError::Kind::timed_out) protocols[version] = false;
    }
  }
  return accepted ? protocols : nlohmann::json::object();
}

}  // namespace golive::collectors::traefik
