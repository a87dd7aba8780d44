#pragma once
// The live probe of an Odoo URL: /web/health, the database manager and
// selector pages (read, since both answer 200 when the manager is
// disabled), and the server version (JSON-RPC version_info, read-only).

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "net/http.hpp"

namespace golive::collectors::odoo {

// What a database manager or selector page shows.
struct ManagerPage {
  // true: the manager is served; false: Odoo says it is disabled, or the
  // path is not served (403, 404, a same-origin redirect away from
  // /web/database); nullopt: neither could be told (a 5xx, a page that is
  // not Odoo's, a redirect to https://, another host or another
  // /web/database page).
  std::optional<bool> enabled;
  // true: Odoo warns that the manager is not protected (the master password
  // is still the default); false: the database list shows without that
  // warning; nullopt: the page does not say (disabled, or no database yet).
  std::optional<bool> unprotected;
};

// Reads a /web/database/manager or /web/database/selector answer.
// `page_url`: the URL requested; `location`: a redirect's Location header.
ManagerPage read_manager_page(long status, std::string_view body, std::string_view page_url = {},
                              std::string_view location = {});

// True when `location` (absolute, or an absolute path) sends `page_url` to
// the same origin (scheme, host, port) outside /web/database: a proxy that
// keeps the page from being served there. An http:// URL redirected to
// https:// is not: the page may be served over https.
bool redirects_away(std::string_view page_url, std::string_view location);

// A redirect's Location as kept in the facts: without user-info, query or
// fragment (they may carry a credential or a session's state).
std::string redirect_target(std::string_view location);

// The server version in a version_info JSON-RPC answer, or "".
std::string server_version(std::string_view body);

struct ProbeTransport {
  net::HttpTransport get = net::http_get;
  std::function<net::HttpResponse(const net::HttpRequest&, const std::string&)> post_json =
      net::http_post_json;
};

struct ProbeResult {
  // `odoo.probe`: {url, version, health, database_manager, database_selector}
  // when the URL answered; null when it did not. A page's facts are
  // {status, redirect (a 3xx's Location), enabled, unprotected}.
  nlohmann::json facts;
  std::string error;         // why something was not read; "" when all was
  bool unreachable = false;  // no answer at all (connect, TLS, timeout)
};

// Probes `url` (no trailing slash needed). `ca_file`: trusted CAs for an
// https URL ("" for the system's).
ProbeResult probe(const std::string& url, const std::string& ca_file,
                  std::chrono::steady_clock::time_point deadline,
                  const ProbeTransport& transport = {});

}  // namespace golive::collectors::odoo
