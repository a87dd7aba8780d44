#pragma once
// Azure credentials, tried in the order the Azure SDKs' DefaultAzureCredential
// uses: environment (client secret or certificate), workload identity,
// managed identity, Azure CLI; or an explicit token. Tokens are registered
// with the redactor and never printed.

#include <chrono>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace golive::collectors::azure {

struct CloudEndpoints {
  std::string authority = "https://login.microsoftonline.com";  // Entra ID (token endpoint host)
  std::string resource_manager = "https://management.azure.com";
};

struct AccessToken {
  std::string token;
  std::chrono::system_clock::time_point expires_on;
  std::string source;  // "environment (client secret)", "azure cli", ... for messages
};

class CredentialError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Credential {
 public:
  virtual ~Credential() = default;
  // A token for Resource Manager, fetched or refreshed as needed; `force`
  // fetches a new one (after a 401 for an expired token). Throws
  // CredentialError saying which sources were tried and why each failed.
  virtual AccessToken token(std::chrono::steady_clock::time_point deadline, bool force = false) = 0;
  // A token other than `refused` (which Resource Manager just answered 401
  // to): the cached one if another request has already renewed it, else a
  // new one. Several threads meeting one expiry renew it once.
  virtual AccessToken renew(std::chrono::steady_clock::time_point deadline,
                            const std::string& refused) {
    (void)refused;
    return token(deadline, true);
  }
};

// The credential the `azure` settings ask for (`credential: auto` by default).
std::unique_ptr<Credential> make_credential(const nlohmann::json& settings,
                                            const CloudEndpoints& endpoints);

// Endpoints from `cloud:` (AzureCloud, AzureUSGovernment, AzureChinaCloud)
// and the `authority:` / `resource_manager:` overrides.
CloudEndpoints cloud_endpoints(const nlohmann::json& settings);

}  // namespace golive::collectors::azure
