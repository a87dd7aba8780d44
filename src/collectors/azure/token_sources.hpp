#pragma once
// The pieces of Azure credentials that can be checked without a network:
// parsing what token endpoints and the Azure CLI answer, and building the
// client assertion of a certificate credential (credentials.cpp uses them).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "collectors/azure/credentials.hpp"

namespace golive::collectors::azure {

using SystemClock = std::chrono::system_clock;

// Unpadded base64url (RFC 4648 section 5), as JWTs use.
std::string base64url(std::string_view bytes);

// A client assertion (RFC 7523) for Entra ID: a JWT signed RS256 with the
// private key in `pem`, header {alg, typ, x5t: base64url SHA-1 of the DER
// certificate}, claims aud (the token endpoint), iss = sub = client id,
// jti, nbf, iat, exp (10 minutes). `pem` holds the certificate and an
// unencrypted RSA private key, as AZURE_CLIENT_CERTIFICATE_PATH does.
// Throws CredentialError (no certificate, no key, encrypted or not RSA).
std::string client_assertion(const std::string& pem, const std::string& client_id,
                             const std::string& audience, SystemClock::time_point now);

// An OAuth token response (Entra ID, managed identity): access_token and
// expires_in or expires_on (numbers or strings). Throws CredentialError with
// the response's error and error_description, never the token.
AccessToken parse_token_response(const std::string& body, SystemClock::time_point now);

// `az account get-access-token --output json`: accessToken, and expires_on
// (epoch seconds, CLI 2.54+) or expiresOn (local time "YYYY-MM-DD
// HH:MM:SS.ffffff"). Throws CredentialError.
AccessToken parse_cli_token(const std::string& output);

// The `exp` claim of a JWT, when the token is one (explicit tokens).
std::optional<SystemClock::time_point> jwt_expiry(const std::string& token);

}  // namespace golive::collectors::azure
