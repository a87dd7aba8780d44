// Azure credentials without a network: the client assertion (decoded and
// its signature verified with OpenSSL), token responses, the Azure CLI's
// output, and the cloud endpoints.

#include <catch2/catch.hpp>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <memory>

#include "collectors/azure/token_sources.hpp"
#include "golive/secrets.hpp"
#include "golive/text.hpp"

using namespace golive;
using namespace golive::collectors::azure;

namespace {

struct TestIdentity {
  std::string pem;  // certificate, then key
  std::string der;  // the certificate
  EVP_PKEY* key = nullptr;
  ~TestIdentity() { EVP_PKEY_free(key); }
};

std::string pem_of(int (*write)(BIO*, void*), void* object) {
  BIO* bio = BIO_new(BIO_s_mem());
  write(bio, object);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(length));
  BIO_free(bio);
  return out;
}

// An RSA key and a self-signed certificate, made here.
std::unique_ptr<TestIdentity> make_identity(bool rsa = true) {
  auto identity = std::make_unique<TestIdentity>();
  identity->key = rsa ? EVP_RSA_gen(2048) : EVP_EC_gen("P-256");
  X509* cert = X509_new();
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, identity->key);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(cert), "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("golive-sp"), -1, -1, 0);
  X509_set_issuer_name(cert, X509_get_subject_name(cert));
  X509_sign(cert, identity->key, EVP_sha256());
  identity->pem =
      pem_of([](BIO* b, void* c) { return PEM_write_bio_X509(b, static_cast<X509*>(c)); }, cert) +
      pem_of(
          [](BIO* b, void* k) {
            return PEM_write_bio_PrivateKey(b, static_cast<EVP_PKEY*>(k), nullptr, nullptr, 0,
                                            nullptr, nullptr);
          },
          identity->key);
  unsigned char* der = nullptr;
  const int length = i2d_X509(cert, &der);
  identity->der.assign(reinterpret_cast<char*>(der), static_cast<std::size_t>(length));
  OPENSSL_free(der);
  X509_free(cert);
  return identity;
}

std::vector<std::string> split_jwt(const std::string& jwt) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t dot; (dot = jwt.find('.', start)) != std::string::npos; start = dot + 1)
    parts.push_back(jwt.substr(start, dot - start));
  parts.push_back(jwt.substr(start));
  return parts;
}

nlohmann::json decode_part(const std::string& part) {
  return nlohmann::json::parse(base64_decode(part).value());
}

bool signature_valid(EVP_PKEY* key, const std::string& input, const std::string& signature) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok =
      EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
      EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(input.data()),
                       input.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

}  // namespace

TEST_CASE("client assertion: RS256 JWT with x5t, signed by the certificate's key",
          "[azure][credentials]") {
  const auto identity = make_identity();
  const auto now = SystemClock::time_point(std::chrono::seconds(1700000000));
  const std::string audience = "https://login.microsoftonline.com/tenant/oauth2/v2.0/token";
  const std::string jwt = client_assertion(identity->pem, "client-id", audience, now);
  const auto parts = split_jwt(jwt);
  REQUIRE(parts.size() == 3);
  const auto header = decode_part(parts[0]);
  const auto claims = decode_part(parts[1]);
  unsigned char sha1[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(identity->der.data()), identity->der.size(), sha1);
  CHECK(header["alg"] == "RS256");
  CHECK(header["typ"] == "JWT");
  CHECK(header["x5t"] ==
        base64url(std::string_view(reinterpret_cast<const char*>(sha1), sizeof sha1)));
  CHECK(claims["aud"] == audience);
  CHECK(claims["iss"] == "client-id");
  CHECK(claims["sub"] == "client-id");
  CHECK(claims["nbf"] == 1700000000);
  CHECK(claims["exp"] == 1700000600);
  CHECK(claims["jti"].get<std::string>().size() == 32);
  const auto signature = base64_decode(parts[2]);
  REQUIRE(signature);
  CHECK(signature_valid(identity->key, parts[0] + "." + parts[1], *signature));
  CHECK_FALSE(signature_valid(identity->key, parts[0] + "." + parts[0], *signature));
  CHECK(jwt.find('=') == std::string::npos);
}

TEST_CASE("client assertion: what the PEM lacks is said", "[azure][credentials]") {
  const auto identity = make_identity();
  const auto now = SystemClock::now();
  const auto cert_only = identity->pem.substr(0, identity->pem.find("-----BEGIN PRIVATE KEY"));
  CHECK_THROWS_WITH(client_assertion(cert_only, "c", "a", now),
                    Catch::Contains("AZURE_CLIENT_CERTIFICATE_PASSWORD is not supported"));
  CHECK_THROWS_WITH(client_assertion("no pem", "c", "a", now),
                    Catch::Contains("no PEM certificate"));
  const auto ec = make_identity(false);
  CHECK_THROWS_WITH(client_assertion(ec->pem, "c", "a", now), Catch::Contains("not RSA"));
}

TEST_CASE("token responses: expires_in, expires_on, errors", "[azure][credentials]") {
  const auto now = SystemClock::time_point(std::chrono::seconds(1000));
  auto token = parse_token_response(R"({"access_token":"tok-abcdef","expires_in":3599})", now);
  CHECK(token.token == "tok-abcdef");
  CHECK(token.expires_on == now + std::chrono::seconds(3599));
  token = parse_token_response(
      R"({"access_token":"tok-abcdef","expires_on":"5000","expires_in":"10"})", now);
  CHECK(token.expires_on == SystemClock::time_point(std::chrono::seconds(5000)));
  CHECK(redactor().redact("x tok-abcdef y") == "x *** y");
  CHECK_THROWS_WITH(
      parse_token_response(
          R"({"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.\r\nTrace ID: 1"})",
          now),
      "invalid_client: AADSTS7000215: Invalid client secret provided.");
  CHECK_THROWS_AS(parse_token_response("<html>", now), CredentialError);
}

TEST_CASE("Azure CLI output: expires_on, else expiresOn in local time", "[azure][credentials]") {
  auto token = parse_cli_token(
      R"({"accessToken":"cli-token-1","expiresOn":"2024-01-01 10:00:00.000000","expires_on":1704103200,"tokenType":"Bearer"})");
  CHECK(token.token == "cli-token-1");
  CHECK(token.expires_on == SystemClock::time_point(std::chrono::seconds(1704103200)));
  token =
      parse_cli_token(R"({"accessToken":"cli-token-2","expiresOn":"2030-06-01 12:30:00.123456"})");
  std::tm local{};
  local.tm_year = 130, local.tm_mon = 5, local.tm_mday = 1, local.tm_hour = 12, local.tm_min = 30;
  local.tm_isdst = -1;
  CHECK(token.expires_on == SystemClock::from_time_t(std::mktime(&local)));
  CHECK_THROWS_WITH(parse_cli_token("ERROR: Please run 'az login'"), Catch::Contains("JSON"));
  CHECK_THROWS_WITH(parse_cli_token(R"({"accessToken":"cli-token-3"})"),
                    Catch::Contains("expiresOn"));
}

TEST_CASE("explicit tokens: the JWT's exp when it is one", "[azure][credentials]") {
  const std::string jwt = base64url(R"({"alg":"none"})") + "." + base64url(R"({"exp":1234})") + ".";
  CHECK(jwt_expiry(jwt) == SystemClock::time_point(std::chrono::seconds(1234)));
  CHECK_FALSE(jwt_expiry("opaque-token").has_value());
}

TEST_CASE("cloud endpoints", "[azure][credentials]") {
  unsetenv("AZURE_AUTHORITY_HOST");
  auto endpoints = cloud_endpoints(nlohmann::json::object());
  CHECK(endpoints.authority == "https://login.microsoftonline.com");
  CHECK(endpoints.resource_manager == "https://management.azure.com");
  endpoints = cloud_endpoints({{"cloud", "AzureUSGovernment"}});
  CHECK(endpoints.authority == "https://login.microsoftonline.us");
  CHECK(endpoints.resource_manager == "https://management.usgovcloudapi.net");
  endpoints =
      cloud_endpoints({{"cloud", "azurechinacloud"}, {"resource_manager", "https://rm.test/"}});
  CHECK(endpoints.authority == "https://login.chinacloudapi.cn");
  CHECK(endpoints.resource_manager == "https://rm.test");
  setenv("AZURE_AUTHORITY_HOST", "https://login.example/", 1);
  CHECK(cloud_endpoints(nlohmann::json::object()).authority == "https://login.example");
  CHECK(cloud_endpoints({{"authority", "https://a.test"}}).authority == "https://a.test");
  unsetenv("AZURE_AUTHORITY_HOST");
}
