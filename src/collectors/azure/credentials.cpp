// Azure credentials: the sources DefaultAzureCredential tries, in its
// order, and a token cache in front of them.

#include "collectors/azure/credentials.hpp"

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "collectors/azure/token_sources.hpp"
#include "golive/process.hpp"
#include "golive/secrets.hpp"
#include "golive/text.hpp"
#include "net/http.hpp"

namespace golive::collectors::azure {

namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kRefreshMargin = std::chrono::minutes(5);
constexpr auto kProbeTimeout = std::chrono::seconds(1);  // managed identity, in `auto`
constexpr const char* kDefaultImds = "http://169.254.169.254";

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string string_setting(const nlohmann::json& settings, const char* key) {
  const auto it = settings.find(key);
  return it != settings.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string without_trailing_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// A source that does not apply here (its variables are not set): `auto`
// goes on to the next one.
class NotConfigured : public CredentialError {
 public:
  using CredentialError::CredentialError;
};

// What every source needs to reach an endpoint.
struct Context {
  CloudEndpoints endpoints;
  std::string ca_file;
  bool probing = false;  // `auto`: a managed identity endpoint gets a short timeout
};

class TokenSource {
 public:
  virtual ~TokenSource() = default;
  virtual std::string name() const = 0;
  // A new token; throws NotConfigured or CredentialError.
  virtual AccessToken fetch(Clock::time_point deadline) const = 0;
  // Whether a failure of this source, once configured, ends `auto`: as in the
  // SDKs' DefaultAzureCredential, an application identity that is set up but
  // refused is an error to fix, not a reason to sign in as someone else.
  virtual bool failure_is_final() const { return false; }
};

std::string read_file(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CredentialError(fmt::format("cannot read {} ({})", what, path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string response_summary(const net::HttpResponse& response) {
  if (!response.received()) return response.error;
  try {
    parse_token_response(response.body, SystemClock::now());
  } catch (const CredentialError& e) {
    return fmt::format("HTTP {}: {}", response.status, e.what());
  }
  return fmt::format("HTTP {}", response.status);
}

// POST {authority}/{tenant}/oauth2/v2.0/token, client credentials grant.
class TokenEndpointSource : public TokenSource {
 public:
  TokenEndpointSource(const Context& context, std::string tenant, std::string client_id)
      : context_(context), tenant_(std::move(tenant)), client_id_(std::move(client_id)) {}

  bool failure_is_final() const override { return true; }

 protected:
  std::string token_url() const {
    return fmt::format("{}/{}/oauth2/v2.0/token",
                       without_trailing_slash(context_.endpoints.authority), tenant_);
  }

  // `secret_fields`: client_secret=... or the client assertion's two fields.
  AccessToken request(const std::string& secret_fields, Clock::time_point deadline) const {
    // As the SDKs: a client secret or assertion never travels in clear text.
    if (token_url().rfind("https://", 0) != 0)
      throw CredentialError(
          fmt::format("refusing to send a client credential over plain HTTP "
                      "to {}: the authority must be an https:// URL",
                      context_.endpoints.authority));
    const std::string form = fmt::format(
        "grant_type=client_credentials&client_id={}&scope={}&{}", url_encode(client_id_),
        url_encode(without_trailing_slash(context_.endpoints.resource_manager) + "/.default"),
        secret_fields);
    net::HttpRequest http;
    http.url = token_url();
    http.headers.push_back({"Accept", "application/json"});
    http.tls.ca_file = context_.ca_file;
    http.deadline = deadline;
    const net::HttpResponse response = net::http_post_form(http, form);
    if (response.status != 200)
      throw CredentialError(redactor().redact(
          fmt::format("token request to {} failed: {}", http.url, response_summary(response))));
    AccessToken token = parse_token_response(response.body, SystemClock::now());
    token.source = name();
    return token;
  }

  const Context& context_;
  std::string tenant_;
  std::string client_id_;
};

class ClientSecretSource final : public TokenEndpointSource {
 public:
  ClientSecretSource(const Context& context, std::string tenant, std::string client_id,
                     std::string secret)
      : TokenEndpointSource(context, std::move(tenant), std::move(client_id)),
        secret_(std::move(secret)) {
    redactor().add(secret_);
  }
  std::string name() const override { return "environment (client secret)"; }
  AccessToken fetch(Clock::time_point deadline) const override {
    return request("client_secret=" + url_encode(secret_), deadline);
  }

 private:
  std::string secret_;
};

// A client assertion: a JWT signed with the certificate's key, or the
// federated token file's contents (workload identity).
class ClientAssertionSource final : public TokenEndpointSource {
 public:
  ClientAssertionSource(const Context& context, std::string tenant, std::string client_id,
                        std::string path, bool federated)
      : TokenEndpointSource(context, std::move(tenant), std::move(client_id)),
        path_(std::move(path)),
        federated_(federated) {}
  std::string name() const override {
    return federated_ ? "workload identity" : "environment (client certificate)";
  }
  AccessToken fetch(Clock::time_point deadline) const override {
    // Read each time: the federated token file is rotated under golive.
    std::string assertion;
    if (federated_) {
      assertion = trim(read_file(path_, "AZURE_FEDERATED_TOKEN_FILE"));
      if (assertion.empty()) throw CredentialError("AZURE_FEDERATED_TOKEN_FILE is empty");
    } else {
      const std::string pem = read_file(path_, "AZURE_CLIENT_CERTIFICATE_PATH");
      assertion = client_assertion(pem, client_id_, token_url(), SystemClock::now());
    }
    redactor().add(assertion);
    return request(
        "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
        "&client_assertion=" +
            url_encode(assertion),
        deadline);
  }

 private:
  std::string path_;
  bool federated_;
};

std::unique_ptr<TokenSource> environment_source(const Context& context) {
  const std::string tenant = env("AZURE_TENANT_ID"), client_id = env("AZURE_CLIENT_ID");
  const std::string secret = env("AZURE_CLIENT_SECRET");
  const std::string certificate = env("AZURE_CLIENT_CERTIFICATE_PATH");
  if (tenant.empty() || client_id.empty() || (secret.empty() && certificate.empty()))
    return nullptr;
  if (!secret.empty())
    return std::make_unique<ClientSecretSource>(context, tenant, client_id, secret);
  return std::make_unique<ClientAssertionSource>(context, tenant, client_id, certificate, false);
}

std::unique_ptr<TokenSource> workload_identity_source(const Context& context) {
  const std::string tenant = env("AZURE_TENANT_ID"), client_id = env("AZURE_CLIENT_ID");
  const std::string file = env("AZURE_FEDERATED_TOKEN_FILE");
  if (tenant.empty() || client_id.empty() || file.empty()) return nullptr;
  return std::make_unique<ClientAssertionSource>(context, tenant, client_id, file, true);
}

// The instance metadata endpoint (IMDS), or App Service's identity endpoint
// when IDENTITY_ENDPOINT and IDENTITY_HEADER are set.
class ManagedIdentitySource final : public TokenSource {
 public:
  ManagedIdentitySource(const Context& context, const nlohmann::json& settings)
      : context_(context) {
    const auto mi = settings.find("managed_identity");
    const nlohmann::json options =
        mi != settings.end() && mi->is_object() ? *mi : nlohmann::json::object();
    client_id_ = string_setting(options, "client_id");
    endpoint_ = string_setting(options, "endpoint");
    if (endpoint_.empty() && !env("IDENTITY_ENDPOINT").empty() && !env("IDENTITY_HEADER").empty()) {
      app_service_header_ = env("IDENTITY_HEADER");
      redactor().add(app_service_header_);
      endpoint_ = env("IDENTITY_ENDPOINT");
    }
    if (endpoint_.empty()) endpoint_ = env("AZURE_POD_IDENTITY_AUTHORITY_HOST");
    if (endpoint_.empty()) endpoint_ = kDefaultImds;
  }
  std::string name() const override { return "managed identity"; }

  AccessToken fetch(Clock::time_point deadline) const override {
    net::HttpRequest http;
    const std::string resource = url_encode(context_.endpoints.resource_manager);
    const std::string client = client_id_.empty() ? "" : "&client_id=" + url_encode(client_id_);
    if (app_service_header_.empty()) {
      http.url =
          fmt::format("{}/metadata/identity/oauth2/token?api-version=2018-02-01&resource={}{}",
                      without_trailing_slash(endpoint_), resource, client);
      http.headers.push_back({"Metadata", "true"});
    } else {
      http.url =
          fmt::format("{}?api-version=2019-08-01&resource={}{}", endpoint_, resource, client);
      http.headers.push_back({"X-IDENTITY-HEADER", app_service_header_});
    }
    http.tls.ca_file = context_.ca_file;
    http.deadline = deadline;
    // `auto` off Azure: nothing answers at 169.254.169.254, so give up on the
    // connection quickly; an endpoint that is there may take its time (the
    // first token of a VM often takes seconds).
    if (context_.probing) http.connect_timeout = kProbeTimeout;
    const net::HttpResponse response = net::http_get(http);
    if (!response.received())
      throw NotConfigured(fmt::format("no managed identity endpoint answered at {} ({})", endpoint_,
                                      response.error));
    // IMDS answers 400 when the machine has no identity (or not that one).
    if (response.status == 400 && context_.probing)
      throw NotConfigured(fmt::format("no managed identity here ({})", response_summary(response)));
    if (response.status != 200)
      throw CredentialError(
          redactor().redact(fmt::format("{} answered {}", endpoint_, response_summary(response))));
    AccessToken token = parse_token_response(response.body, SystemClock::now());
    token.source = name();
    return token;
  }

 private:
  const Context& context_;
  std::string endpoint_;
  std::string client_id_;
  std::string app_service_header_;
};

class AzureCliSource final : public TokenSource {
 public:
  explicit AzureCliSource(const Context& context) : context_(context) {}
  std::string name() const override { return "azure cli"; }
  AccessToken fetch(Clock::time_point deadline) const override {
    std::optional<ProcessOutput> output;
    try {
      output = run_process({"az", "account", "get-access-token", "--resource",
                            context_.endpoints.resource_manager, "--output", "json"},
                           {}, deadline);
    } catch (const ProcessStartError& e) {
      throw NotConfigured(fmt::format("'az' could not be started ({})", e.what()));
    }
    if (!output) throw CredentialError("'az account get-access-token' did not finish in time");
    if (output->status != 0) {
      // Its stderr says why ("Please run 'az login'"); never its stdout.
      const std::string excerpt = stderr_excerpt(output->err, 300);
      throw CredentialError(fmt::format("'az account get-access-token' exited with status {}{}{}",
                                        output->status, excerpt.empty() ? "" : ": ", excerpt));
    }
    AccessToken token = parse_cli_token(output->out);
    token.source = name();
    return token;
  }

 private:
  const Context& context_;
};

class ExplicitTokenSource final : public TokenSource {
 public:
  explicit ExplicitTokenSource(std::string variable) : variable_(std::move(variable)) {}
  std::string name() const override { return fmt::format("token (${})", variable_); }
  AccessToken fetch(Clock::time_point) const override {
    AccessToken token;
    token.token = env(variable_.c_str());
    if (token.token.empty()) throw NotConfigured(fmt::format("{} is not set", variable_));
    redactor().add(token.token);
    // Nothing can renew it: expiry as the JWT says, else taken as valid.
    token.expires_on = jwt_expiry(token.token).value_or(SystemClock::now() + std::chrono::hours(1));
    token.source = name();
    return token;
  }

 private:
  std::string variable_;
};

// Tries its sources in order until one gives a token, then keeps to that
// one; caches the token until 5 minutes before it expires.
class CachingCredential final : public Credential {
 public:
  CachingCredential(std::unique_ptr<Context> context,
                    std::vector<std::pair<std::string, std::unique_ptr<TokenSource>>> sources)
      : context_(std::move(context)), sources_(std::move(sources)) {}

  AccessToken token(Clock::time_point deadline, bool force) override {
    std::lock_guard lock(mutex_);
    return token_locked(deadline, force);
  }

  AccessToken renew(Clock::time_point deadline, const std::string& refused) override {
    std::lock_guard lock(mutex_);
    if (cached_ && cached_->token != refused) return *cached_;
    return token_locked(deadline, true);
  }

 private:
  AccessToken token_locked(Clock::time_point deadline, bool force) {
    if (cached_ && !force && SystemClock::now() < refresh_at_) return *cached_;
    AccessToken token = chosen_ ? chosen_->fetch(deadline) : first_token(deadline);
    const auto now = SystemClock::now();
    refresh_at_ = token.expires_on - kRefreshMargin;
    if (refresh_at_ <= now) refresh_at_ = now + (token.expires_on - now) / 2;
    cached_ = token;
    return token;
  }

  AccessToken first_token(Clock::time_point deadline) {
    std::vector<std::string> reasons;
    for (auto& [label, source] : sources_) {
      if (!source) {
        reasons.push_back(label);
        continue;
      }
      try {
        AccessToken token = source->fetch(deadline);
        chosen_ = source.get();
        return token;
      } catch (const NotConfigured& e) {
        reasons.push_back(fmt::format("{}: {}", source->name(), e.what()));
      } catch (const CredentialError& e) {
        reasons.push_back(fmt::format("{}: {}", source->name(), e.what()));
        if (source->failure_is_final()) break;
      }
    }
    throw CredentialError(redactor().redact(
        fmt::format("no Azure credential gave a token ({})", join(reasons, "; "))));
  }

  std::unique_ptr<Context> context_;
  std::vector<std::pair<std::string, std::unique_ptr<TokenSource>>> sources_;
  TokenSource* chosen_ = nullptr;
  std::optional<AccessToken> cached_;
  SystemClock::time_point refresh_at_;
  std::mutex mutex_;
};

}  // namespace

CloudEndpoints cloud_endpoints(const nlohmann::json& settings) {
  CloudEndpoints endpoints;
  const std::string cloud = to_lower(string_setting(settings, "cloud"));
  if (cloud == "azureusgovernment") {
    endpoints.authority = "https://login.microsoftonline.us";
    endpoints.resource_manager = "https://management.usgovcloudapi.net";
  } else if (cloud == "azurechinacloud") {
    endpoints.authority = "https://login.chinacloudapi.cn";
    endpoints.resource_manager = "https://management.chinacloudapi.cn";
  }
  // As the SDKs: AZURE_AUTHORITY_HOST replaces the cloud's authority.
  if (!env("AZURE_AUTHORITY_HOST").empty()) endpoints.authority = env("AZURE_AUTHORITY_HOST");
  if (const auto authority = string_setting(settings, "authority"); !authority.empty())
    endpoints.authority = authority;
  if (const auto rm = string_setting(settings, "resource_manager"); !rm.empty())
    endpoints.resource_manager = rm;
  endpoints.authority = without_trailing_slash(endpoints.authority);
  endpoints.resource_manager = without_trailing_slash(endpoints.resource_manager);
  return endpoints;
}

std::unique_ptr<Credential> make_credential(const nlohmann::json& settings,
                                            const CloudEndpoints& endpoints) {
  auto context = std::make_unique<Context>();
  context->endpoints = endpoints;
  context->ca_file = string_setting(settings, "ca_file");
  std::string kind = string_setting(settings, "credential");
  if (kind.empty()) kind = "auto";
  context->probing = kind == "auto";
  const std::string token_env = string_setting(settings, "token_env");
  std::vector<std::pair<std::string, std::unique_ptr<TokenSource>>> sources;
  const auto add = [&](const std::string& wanted, std::string unset,
                       std::unique_ptr<TokenSource> source) {
    if (kind == "auto" || kind == wanted) sources.emplace_back(std::move(unset), std::move(source));
  };
  add("environment",
      "environment: AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET or "
      "AZURE_CLIENT_CERTIFICATE_PATH are not set",
      environment_source(*context));
  add("workload_identity",
      "workload identity: AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID and AZURE_TENANT_ID are not "
      "set",
      workload_identity_source(*context));
  add("managed_identity", "", std::make_unique<ManagedIdentitySource>(*context, settings));
  add("azure_cli", "", std::make_unique<AzureCliSource>(*context));
  if (kind == "token")
    sources.emplace_back("", std::make_unique<ExplicitTokenSource>(
                                 token_env.empty() ? "AZURE_ACCESS_TOKEN" : token_env));
  return std::make_unique<CachingCredential>(std::move(context), std::move(sources));
}

}  // namespace golive::collectors::azure
