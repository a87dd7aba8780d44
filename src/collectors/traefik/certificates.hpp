#pragma once
// The certificate probe: a TLS handshake to each public host (SNI = the
// host), reading the certificate it serves even when it does not verify
// (expired, wrong name, unknown CA): that is exactly what must be reported.
// Then one handshake per TLS version, to see which ones the host accepts.
// Nothing is sent over the connections.

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
// verify_error?, protocols?}; {host, port, error, protocols?} when no
// certificate could be read (a server of TLS 1.0 only, say). `ca_file` is
// trusted besides the system's store. The connection and handshake get at
// most kCertificateProbeTime of what is left before `deadline`: a host that
// drops packets silently does not starve the hosts after it. When they time
// out, the TLS versions are not probed (no `protocols`).
constexpr std::chrono::seconds kCertificateProbeTime{10};
nlohmann::json probe_certificate(const HostPort& target, const std::string& ca_file,
                                 std::chrono::steady_clock::time_point deadline);

// {"TLSv1": bool, "TLSv1.1": .., "TLSv1.2": .., "TLSv1.3": ..}: one
// handshake per version offering that version alone, true when the server
// completed it, false when it ended it (an alert, or closing the
// connection). A version that could not be tried (no connection, timed out)
// is left out, and so is every version when none was accepted: refusals say
// nothing of a port that may not serve TLS at all. Each handshake gets at
// most kVersionProbeTime of what is left before `deadline`: a firewall that
// drops old ClientHellos costs seconds, not the collector's whole timeout.
constexpr std::chrono::seconds kVersionProbeTime{5};
nlohmann::json probe_protocols(const HostPort& target,
                               std::chrono::steady_clock::time_point deadline);

}  // namespace golive::collectors::traefik
