#pragma once
// TLS over a connected socket with OpenSSL, verifying like a browser: the
// server's certificate must chain to a trusted CA (the system's store, or
// ca_file) and name the host (or server_name), over TLS 1.2 or later.
// Verification cannot be turned off for a session that carries data: a
// target that fails it is unreachable. Only `inspect` sessions, which read
// the server's certificate and send nothing, complete a handshake whatever
// the verification found, and say what it found.

#include <cstddef>
#include <string>
#include <vector>

#include "net/socket.hpp"

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

namespace golive::net {

struct TlsOptions {
  bool enabled = false;
  std::string ca_file;      // trusted CAs (PEM); empty: the system's default store
  std::string cert_file;    // client certificate chain (PEM), with key_file
  std::string key_file;     // its private key (PEM, not encrypted)
  std::string server_name;  // SNI and the name verified; empty: the host connected to
  // Handshake even when verification fails, to read the certificate (an
  // expired or mismatched one is what a certificate probe must report).
  // Trusts the system's store and ca_file together. Never send data over it.
  bool inspect = false;
  // Inspect sessions only: offer this one protocol version ("TLSv1",
  // "TLSv1.1", "TLSv1.2" or "TLSv1.3") with every cipher and key size
  // OpenSSL has, so that a failed handshake is the server refusing the
  // version, not this client. Empty: TLS 1.2 or later.
  std::string only_version;
};

// The server's leaf certificate, as a certificate probe reports it.
struct PeerCertificate {
  std::string subject;  // RFC 2253 ("CN=erp.example.com,O=...")
  std::string issuer;
  std::vector<std::string> sans;  // DNS names and IP addresses, in order
  std::string not_before;         // RFC 3339, UTC
  std::string not_after;
};

class TlsSession {
 public:
  // Handshakes over `fd` (connected, non-blocking) by the deadline. Throws
  // TransportError: "TLS certificate verify failed: <why>", a handshake
  // failure, a timeout, or client certificate files that cannot be loaded.
  TlsSession(int fd, const TlsOptions& options, const std::string& host, int port,
             Clock::time_point deadline);
  ~TlsSession();
  TlsSession(const TlsSession&) = delete;
  TlsSession& operator=(const TlsSession&) = delete;

  // Writes some of `data` (at least one byte) by the deadline.
  std::size_t write_some(const char* data, std::size_t size, Clock::time_point deadline);
  // Reads what is available (at least one byte) by the deadline; 0 when the
  // peer closed the connection.
  std::size_t read_some(char* buffer, std::size_t size, Clock::time_point deadline);

  // What verification of the chain and name found: "" when it passed, else
  // OpenSSL's reason ("certificate has expired"). Only inspect sessions
  // get this far with a failure.
  std::string verify_error() const;
  // The server's leaf certificate; throws TransportError when there is none.
  PeerCertificate peer_certificate() const;

 private:
  void handshake(Clock::time_point deadline);
  // Waits for what OpenSSL asked for after `result`; throws on anything else.
  void wait_for(int result, const char* doing, Clock::time_point deadline);

  int fd_;
  std::string peer_;
  std::string verified_name_;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
};

}  // namespace golive::net
