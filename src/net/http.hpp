#pragma once
// A small HTTP(S) GET client over libcurl, for the collectors that read
// REST APIs (Kubernetes, Azure Resource Manager; later Traefik). Towards
// the systems it audits it only GETs: collectors are read-only by
// construction. The POSTs are http_post_form, for OAuth token endpoints
// (Entra ID's /oauth2/v2.0/token), which take credentials only as a form,
// and http_post_json, for read-only JSON-RPC calls (Odoo's version_info).
//
// TLS verification is on unless a request asks otherwise (peer and host).
// Proxies: like kubectl (Go's ProxyFromEnvironment), the usual
// https_proxy / no_proxy variables apply, except to loopback hosts
// (localhost, 127.0.0.0/8, ::1), which are always reached directly — so a
// proxy set for the outside world never intercepts a loopback test server.
// Redirects are not followed. Nothing is logged: the bearer token only ever
// travels in the Authorization header.

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace golive::net {

using Clock = std::chrono::steady_clock;

struct HttpTls {
  // Trusted CAs: PEM in memory, else a file, else the system's trust store.
  std::string ca_pem;
  std::string ca_file;
  // Client certificate and its (unencrypted) key: PEM in memory, or files.
  std::string client_cert_pem;
  std::string client_key_pem;
  std::string client_cert_file;
  std::string client_key_file;
  // Skips certificate verification; only when a configuration says so.
  bool insecure = false;
  // The name to verify the server's certificate against and send as SNI,
  // when it differs from the URL's host (kubeconfig's tls-server-name).
  std::string server_name;
};

struct HttpRequest {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // name, value
  std::string bearer_token;  // sent as "Authorization: Bearer ..."; empty: none
  HttpTls tls;
  Clock::time_point deadline;  // connect and transfer must end by then
  // A shorter limit for the connection alone (0: the deadline's). Probing an
  // endpoint that may not exist (the instance metadata service off Azure)
  // should give up quickly without cutting short a slow answer.
  std::chrono::milliseconds connect_timeout{0};
  std::size_t max_body = std::size_t{512} << 20;  // larger bodies are a transport error
};

struct HttpResponse {
  long status = 0;  // HTTP status; 0 when no response arrived
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased; the last value wins
  // Why no response arrived (curl's explanation: "Couldn't connect to
  // server", "SSL certificate problem: ..."); empty when one did.
  std::string error;
  bool timed_out = false;  // the deadline passed first
  bool too_large = false;  // the body outgrew the request's max_body

  bool received() const { return error.empty() && status != 0; }
  // A header's value, or "" (name in lower case).
  std::string header(std::string_view name) const;
};

// Performs one GET. Never throws for network or TLS problems: they come
// back in `error`.
HttpResponse http_get(const HttpRequest& request);

// How a client sends its GETs: http_get, or a scripted stand-in in tests.
using HttpTransport = std::function<HttpResponse(const HttpRequest&)>;

// POSTs an application/x-www-form-urlencoded body. Only for OAuth token
// endpoints (a credential exchange, which changes nothing); never towards
// Resource Manager or any audited system. The form may carry a secret:
// like the bearer token, it is never logged.
HttpResponse http_post_form(const HttpRequest& request, const std::string& form);

// POSTs a JSON body (application/json). Only for read-only JSON-RPC calls
// that Odoo serves as POST alone (/web/webclient/version_info, which
// reports the server version and changes nothing); never a call that
// writes.
HttpResponse http_post_json(const HttpRequest& request, const std::string& json);

// True for "localhost", 127.0.0.0/8 and ::1 (brackets allowed).
bool is_loopback_host(std::string_view host);

}  // namespace golive::net
