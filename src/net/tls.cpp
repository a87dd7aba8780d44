#include "net/tls.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>

#include <arpa/inet.h>

#include <cerrno>
#include <cstdint>
#include <ctime>
#include <stdexcept>

#include <fmt/format.h>

namespace golive::net {

namespace {

// OpenSSL's own socket BIO writes with write(2), which raises SIGPIPE (and
// kills golive) when the server has closed the connection. This BIO sends
// with MSG_NOSIGNAL instead; the socket stays non-blocking and the caller
// polls on WANT_READ / WANT_WRITE.
int socket_of(BIO* bio) {
  return static_cast<int>(reinterpret_cast<std::intptr_t>(BIO_get_data(bio)));
}

bool would_block(int error) {
  return error == EAGAIN || error == EWOULDBLOCK || error == EINTR;
}

int bio_write(BIO* bio, const char* data, int size) {
  BIO_clear_retry_flags(bio);
  const auto sent = ::send(socket_of(bio), data, static_cast<std::size_t>(size), MSG_NOSIGNAL);
  if (sent < 0 && would_block(errno)) BIO_set_retry_write(bio);
  return static_cast<int>(sent);
}

int bio_read(BIO* bio, char* buffer, int size) {
  BIO_clear_retry_flags(bio);
  const auto received = ::recv(socket_of(bio), buffer, static_cast<std::size_t>(size), 0);
  if (received < 0 && would_block(errno)) BIO_set_retry_read(bio);
  return static_cast<int>(received);
}

long bio_ctrl(BIO*, int command, long, void*) {
  return command == BIO_CTRL_FLUSH ? 1 : 0;  // nothing is buffered here
}

BIO_METHOD* socket_method() {
  static BIO_METHOD* method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "golive socket");
    BIO_meth_set_write(m, bio_write);
    BIO_meth_set_read(m, bio_read);
    BIO_meth_set_ctrl(m, bio_ctrl);
    return m;
  }();
  return method;
}

// The most specific OpenSSL explanation of the last failure.
std::string openssl_reason() {
  const unsigned long code = ERR_peek_last_error();
  if (code == 0) return "";
  const char* reason = ERR_reason_error_string(code);
  return reason ? reason : fmt::format("OpenSSL error {:#x}", code);
}

[[noreturn]] void fail_loading(const std::string& what, const std::string& path) {
  throw TransportError(fmt::format("cannot load {} '{}': {}", what, path, openssl_reason()));
}

// Offers `name` only, and any cipher at security level 0: Debian's OpenSSL
// would not offer TLS 1.0 or 1.1 at all at its default level.
void offer_only(SSL_CTX* ctx, const TlsOptions& options) {
  const std::string& name = options.only_version;
  const int version = name == "TLSv1"     ? TLS1_VERSION
                      : name == "TLSv1.1" ? TLS1_1_VERSION
                      : name == "TLSv1.2" ? TLS1_2_VERSION
                      : name == "TLSv1.3" ? TLS1_3_VERSION
                                          : 0;
  if (version == 0 || !options.inspect)
    throw std::logic_error("TLS only_version '" + name + "': unknown, or not an inspect session");
  SSL_CTX_set_min_proto_version(ctx, version);
  SSL_CTX_set_max_proto_version(ctx, version);
  SSL_CTX_set_cipher_list(ctx, "ALL:!aNULL:@SECLEVEL=0");
}

SSL_CTX* make_context(const TlsOptions& options) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  if (!ctx) throw TransportError("cannot create a TLS context: " + openssl_reason());
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  // An inspect session still verifies (the result is kept) but does not abort.
  SSL_CTX_set_verify(ctx, options.inspect ? SSL_VERIFY_NONE : SSL_VERIFY_PEER, nullptr);
  // RESP replies carry their own lengths, so a missing close_notify at the
  // end of a connection loses nothing: treat it as a plain close.
  SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
  // An encrypted key must fail, not make OpenSSL prompt on the terminal.
  SSL_CTX_set_default_passwd_cb(ctx, [](char*, int, int, void*) { return 0; });
  try {
    if (!options.only_version.empty()) offer_only(ctx, options);
    // A probe of public hosts trusts what browsers trust, plus a private CA.
    if (options.inspect) SSL_CTX_set_default_verify_paths(ctx);
    if (!options.ca_file.empty()) {
      if (SSL_CTX_load_verify_locations(ctx, options.ca_file.c_str(), nullptr) != 1)
        fail_loading("ca_file", options.ca_file);
    } else if (!options.inspect && SSL_CTX_set_default_verify_paths(ctx) != 1) {
      throw TransportError("cannot load the system's trusted CAs: " + openssl_reason());
    }
    if (!options.cert_file.empty()) {
      if (SSL_CTX_use_certificate_chain_file(ctx, options.cert_file.c_str()) != 1)
        fail_loading("cert_file", options.cert_file);
      if (SSL_CTX_use_PrivateKey_file(ctx, options.key_file.c_str(), SSL_FILETYPE_PEM) != 1)
        fail_loading("key_file", options.key_file);
      if (SSL_CTX_check_private_key(ctx) != 1)
        fail_loading("key_file (it does not match cert_file)", options.key_file);
    }
  } catch (...) {
    SSL_CTX_free(ctx);
    throw;
  }
  return ctx;
}

std::string name_text(const X509_NAME* name) {
  BIO* bio = BIO_new(BIO_s_mem());
  X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string text(data, static_cast<std::size_t>(size));
  BIO_free(bio);
  return text;
}

std::string time_text(const ASN1_TIME* time) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(time, &tm) != 1) return "";
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string ip_text(const ASN1_OCTET_STRING* address) {
  const int length = ASN1_STRING_length(address);
  char buffer[INET6_ADDRSTRLEN] = {};
  if (length != 4 && length != 16) return "";
  inet_ntop(length == 4 ? AF_INET : AF_INET6, ASN1_STRING_get0_data(address), buffer,
            sizeof buffer);
  return buffer;
}

std::vector<std::string> subject_alt_names(X509* cert) {
  std::vector<std::string> sans;
  auto* names =
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
    if (name->type == GEN_DNS) {
      const ASN1_STRING* dns = name->d.dNSName;
      sans.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(dns)),
                        static_cast<std::size_t>(ASN1_STRING_length(dns)));
    } else if (name->type == GEN_IPADD) {
      sans.push_back(ip_text(name->d.iPAddress));
    }
  }
  GENERAL_NAMES_free(names);
  return sans;
}

}  // namespace

TlsSession::TlsSession(int fd, const TlsOptions& options, const std::string& host, int port,
                       Clock::time_point deadline)
    : fd_(fd),
      peer_(endpoint_name(host, port)),
      verified_name_(options.server_name.empty() ? host : options.server_name) {
  ERR_clear_error();
  ctx_ = make_context(options);
  ssl_ = SSL_new(ctx_);
  BIO* bio = ssl_ ? BIO_new(socket_method()) : nullptr;
  if (!bio) {
    SSL_free(ssl_);
    SSL_CTX_free(ctx_);
    throw TransportError("cannot create a TLS session: " + openssl_reason());
  }
  BIO_set_data(bio, reinterpret_cast<void*>(static_cast<std::intptr_t>(fd)));
  BIO_set_init(bio, 1);
  SSL_set_bio(ssl_, bio, bio);
  // The certificate must name what we asked for: an IP address is matched
  // against IP SANs (and is not sent as SNI, which only carries names).
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl_);
  if (is_ip_address(verified_name_)) {
    X509_VERIFY_PARAM_set1_ip_asc(param, verified_name_.c_str());
  } else {
    SSL_set_tlsext_host_name(ssl_, verified_name_.c_str());
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    X509_VERIFY_PARAM_set1_host(param, verified_name_.c_str(), 0);
  }
  try {
    handshake(deadline);
  } catch (...) {
    SSL_free(ssl_);
    SSL_CTX_free(ctx_);
    throw;
  }
}

TlsSession::~TlsSession() {
  SSL_shutdown(ssl_);  // one non-blocking close_notify, as a courtesy
  SSL_free(ssl_);
  SSL_CTX_free(ctx_);
}

void TlsSession::handshake(Clock::time_point deadline) {
  for (;;) {
    ERR_clear_error();
    const int result = SSL_connect(ssl_);
    if (result == 1) return;
    const int error = SSL_get_error(ssl_, result);
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
      wait_for(result, "during the TLS handshake with", deadline);
      continue;
    }
    const long verify = SSL_get_verify_result(ssl_);
    if (verify != X509_V_OK) {
      const std::string detail =
          verify == X509_V_ERR_HOSTNAME_MISMATCH || verify == X509_V_ERR_IP_ADDRESS_MISMATCH
              ? fmt::format(" (the certificate of {} is not valid for '{}')", peer_, verified_name_)
              : "";
      throw TransportError(fmt::format("TLS certificate verify failed: {}{}",
                                       X509_verify_cert_error_string(verify), detail));
    }
    const std::string reason = openssl_reason();
    throw TransportError(fmt::format("TLS handshake with {} failed: {} (does it serve TLS there?)",
                                     peer_, reason.empty() ? "connection closed" : reason));
  }
}

void TlsSession::wait_for(int result, const char* doing, Clock::time_point deadline) {
  const int error = SSL_get_error(ssl_, result);
  short events = 0;
  if (error == SSL_ERROR_WANT_READ) events = POLLIN;
  if (error == SSL_ERROR_WANT_WRITE) events = POLLOUT;
  if (events == 0) {
    const std::string reason = openssl_reason();
    throw TransportError(
        reason.empty() ? fmt::format("connection closed by {}", peer_)
                       : fmt::format("TLS error {} {}: {}", doing, peer_, reason),
        reason.empty() ? TransportError::Kind::closed : TransportError::Kind::failed);
  }
  if (!wait_ready(fd_, events, deadline))
    throw TransportError(fmt::format("timed out {} {}", doing, peer_),
                         TransportError::Kind::timed_out);
}

std::size_t TlsSession::write_some(const char* data, std::size_t size, Clock::time_point deadline) {
  for (;;) {
    ERR_clear_error();
    std::size_t written = 0;
    const int result = SSL_write_ex(ssl_, data, size, &written);
    if (result == 1) return written;
    wait_for(result, "sending to", deadline);
  }
}

std::size_t TlsSession::read_some(char* buffer, std::size_t size, Clock::time_point deadline) {
  for (;;) {
    ERR_clear_error();
    std::size_t read = 0;
    const int result = SSL_read_ex(ssl_, buffer, size, &read);
    if (result == 1) return read;
    if (SSL_get_error(ssl_, result) == SSL_ERROR_ZERO_RETURN) return 0;
    wait_for(result, "waiting for a reply from", deadline);
  }
}

std::string TlsSession::verify_error() const {
  const long verify = SSL_get_verify_result(ssl_);
  return verify == X509_V_OK ? "" : X509_verify_cert_error_string(verify);
}

PeerCertificate TlsSession::peer_certificate() const {
  X509* cert = SSL_get1_peer_certificate(ssl_);
  if (!cert) throw TransportError(fmt::format("{} sent no certificate", peer_));
  PeerCertificate peer{name_text(X509_get_subject_name(cert)),
                       name_text(X509_get_issuer_name(cert)), subject_alt_names(cert),
                       time_text(X509_get0_notBefore(cert)), time_text(X509_get0_notAfter(cert))};
  X509_free(cert);
  return peer;
}

}  // namespace golive::net
