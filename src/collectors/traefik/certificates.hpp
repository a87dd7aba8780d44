#pragma once
// The certificate probe: a TLS handshake to each public host (SNI = the
// host), reading the certificate it serves even when it does not verify
// (expired, wrong name, unknown CA): that is exactly what must be reported.
// Nothing is sent over the connection.

#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace golive::collectors::traefik {

struct HostPort {
  std::string host;
  int port = 443;
};

// "erp.example.com", "shop.example.com:8443", "[2001:db8::1]:443"; nullopt
// when it is none of these (an empty host, a port outside 1..65535).
std::optional<HostPort> parse_host_port(const std::string& text);

// {host, port, subject, sans, issuer, not_before, not_after, verified,
// verify_error?}; {host, port, error} when no certificate could be read.
// `ca_file` is trusted besides the system's store.
nlohmann::json probe_certificate(const HostPort& target, const std::string& ca_file,
                                 std::chrono::steady_clock::time_point deadline);

}  // namespace golive::collectors::traefik
