// The client assertion of certificate credentials, signed with OpenSSL.

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "collectors/azure/token_sources.hpp"
#include "golive/text.hpp"

namespace golive::collectors::azure {

namespace {

struct OpenSslDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
  void operator()(X509* cert) const { X509_free(cert); }
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
template <typename T>
using SslPtr = std::unique_ptr<T, OpenSslDeleter>;

SslPtr<BIO> memory_bio(const std::string& pem) {
  return SslPtr<BIO>(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// A password callback that refuses: an encrypted key fails to load instead
// of OpenSSL prompting on the terminal.
int no_password(char*, int, int, void*) {
  return -1;
}

std::string der_of(X509* cert) {
  unsigned char* der = nullptr;
  const int length = i2d_X509(cert, &der);
  if (length <= 0) throw CredentialError("the client certificate cannot be encoded");
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(length));
  OPENSSL_free(der);
  return out;
}

std::string sha1(const std::string& bytes) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return std::string(reinterpret_cast<char*>(digest), sizeof digest);
}

std::string sign_rs256(EVP_PKEY* key, const std::string& input) {
  SslPtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  std::size_t length = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1)
    throw CredentialError("cannot sign the client assertion with the certificate's key");
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1)
    throw CredentialError("cannot sign the client assertion with the certificate's key");
  signature.resize(length);
  return signature;
}

std::string random_id() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw CredentialError("no random bytes for a jti");
  std::string hex;
  for (unsigned char b : bytes) hex += fmt::format("{:02x}", b);
  return hex;
}

}  // namespace

std::string base64url(std::string_view bytes) {
  std::string text = base64_encode(bytes);
  while (!text.empty() && text.back() == '=') text.pop_back();
  for (char& c : text) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return text;
}

std::string client_assertion(const std::string& pem, const std::string& client_id,
                             const std::string& audience, SystemClock::time_point now) {
  auto cert_bio = memory_bio(pem);
  SslPtr<X509> cert(PEM_read_bio_X509(cert_bio.get(), nullptr, no_password, nullptr));
  if (!cert) throw CredentialError("AZURE_CLIENT_CERTIFICATE_PATH holds no PEM certificate");
  auto key_bio = memory_bio(pem);
  SslPtr<EVP_PKEY> key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, no_password, nullptr));
  if (!key)
    throw CredentialError(
        "AZURE_CLIENT_CERTIFICATE_PATH holds no unencrypted private key (golive does not read "
        "encrypted keys: AZURE_CLIENT_CERTIFICATE_PASSWORD is not supported)");
  if (EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA)
    throw CredentialError("the client certificate's key is not RSA (Entra ID signs RS256)");
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
  const nlohmann::json header = {
      {"alg", "RS256"}, {"typ", "JWT"}, {"x5t", base64url(sha1(der_of(cert.get())))}};
  const nlohmann::json claims = {{"aud", audience},
                                 {"iss", client_id},
                                 {"sub", client_id},
                                 {"jti", random_id()},
                                 {"nbf", seconds.count()},
                                 {"iat", seconds.count()},
                                 {"exp", seconds.count() + 600}};
  const std::string input = base64url(header.dump()) + "." + base64url(claims.dump());
  return input + "." + base64url(sign_rs256(key.get(), input));
}

}  // namespace golive::collectors::azure
