#include "collectors/odoo/odoo_probe.hpp"

#include <optional>
#include <vector>

#include <fmt/format.h>

#include "golive/secrets.hpp"
#include "golive/text.hpp"

namespace golive::collectors::odoo {

namespace {

// Odoo's database_manager.qweb.html (16.0 to 18.0): the alert it shows
// with list_db = False, the warning it shows while admin_passwd is the
// default 'admin', and the class of the block that lists the databases.
constexpr std::string_view kDisabled =
    "The database manager has been disabled by the administrator";
constexpr std::string_view kUnprotected = "your Odoo database manager is not protected";
constexpr std::string_view kManagerBlock = "o_database_list";
constexpr std::string_view kDatabaseItem = "list-group-item";

// The body kept in `health.body`: the health check's small JSON, never a
// whole page.
constexpr std::size_t kHealthBodyLimit = 256;

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

std::string base_url(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// A URL's parts, as far as the redirect check needs them.
struct UrlParts {
  std::string scheme;     // lower-cased
  std::string authority;  // lower-cased, user-info removed, default port dropped
  std::string path;       // without query or fragment
};

std::optional<UrlParts> split_url(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return std::nullopt;
  UrlParts parts;
  parts.scheme = to_lower(std::string(url.substr(0, scheme_end)));
  std::string_view rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find_first_of("?#"));
  const std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos)
    authority.remove_prefix(at + 1);
  parts.authority = to_lower(std::string(authority));
  const std::string default_port = parts.scheme == "https" ? ":443" : ":80";
  if (parts.authority.ends_with(default_port))
    parts.authority.resize(parts.authority.size() - default_port.size());
  parts.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  return parts;
}

nlohmann::json page_facts(const std::string& page_url, const net::HttpResponse& response) {
  const std::string location = response.header("location");
  const ManagerPage page = read_manager_page(response.status, response.body, page_url, location);
  nlohmann::json facts = {{"status", response.status}};
  if (response.status >= 300 && response.status < 400)
    facts["redirect"] = redactor().redact(redirect_target(location));
  if (page.enabled) facts["enabled"] = *page.enabled;
  if (page.unprotected) facts["unprotected"] = *page.unprotected;
  return facts;
}

}  // namespace

bool redirects_away(std::string_view page_url, std::string_view location) {
  const auto page = split_url(page_url);
  if (!page) return false;
  std::optional<UrlParts> target;
  if (location.starts_with("//")) {
    target = split_url(page->scheme + ":" + std::string(location));
  } else if (location.starts_with("/")) {
    target = split_url(page->scheme + "://" + page->authority + std::string(location));
  } else {
    target = split_url(location);  // a relative path stays unknown: nullopt
  }
  return target && target->scheme == page->scheme && target->authority == page->authority &&
         target->path.find("/web/database") == std::string::npos;
}

std::string redirect_target(std::string_view location) {
  const std::string_view kept = location.substr(0, location.find_first_of("?#"));
  const std::size_t scheme_end = kept.find("://");
  if (scheme_end == std::string_view::npos) return std::string(kept);
  const std::size_t host = scheme_end + 3;
  const std::size_t at = kept.substr(0, kept.find('/', host)).rfind('@');
  if (at == std::string_view::npos || at < host) return std::string(kept);
  return std::string(kept.substr(0, host)) + std::string(kept.substr(at + 1));
}

ManagerPage read_manager_page(long status, std::string_view body, std::string_view page_url,
                              std::string_view location) {
  ManagerPage page;
  if (status == 403 || status == 404) {
    page.enabled = false;  // blocked in front of Odoo
    return page;
  }
  if (status >= 300 && status < 400) {
    // Odoo itself renders both pages whatever list_db says: a redirect is a
    // proxy's. Sent elsewhere on the same origin (/web/login), the page is
    // not served there; to https://, another host or another /web/database
    // page, it may well be: unknown.
    if (redirects_away(page_url, location)) page.enabled = false;
    return page;
  }
  if (status != 200) return page;
  if (contains(body, kDisabled)) {
    page.enabled = false;
    return page;
  }
  if (!contains(body, kManagerBlock)) return page;  // not Odoo's page
  page.enabled = true;
  if (contains(body, kUnprotected))
    page.unprotected = true;
  else if (contains(body, kDatabaseItem))
    page.unprotected = false;
  return page;
}

std::string server_version(std::string_view body) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object()) return "";
  const auto result = json.find("result");
  if (result == json.end() || !result->is_object()) return "";
  const auto version = result->find("server_version");
  return version != result->end() && version->is_string() ? version->get<std::string>() : "";
}

ProbeResult probe(const std::string& url, const std::string& ca_file,
                  std::chrono::steady_clock::time_point deadline, const ProbeTransport& transport) {
  const std::string base = base_url(url);
  net::HttpRequest request;
  request.tls.ca_file = ca_file;
  request.deadline = deadline;
  request.max_body = std::size_t{4} << 20;  // a page, not a download
  const auto get = [&](const char* path) {
    request.url = base + path;
    return transport.get(request);
  };

  ProbeResult result;
  std::vector<std::string> problems;
  nlohmann::json facts = {{"url", url}};
  const auto record = [&](const char* path, const net::HttpResponse& response) {
    if (response.received()) return true;
    problems.push_back(fmt::format("{}: {}", path, response.error));
    return false;
  };

  const net::HttpResponse health = get("/web/health");
  if (record("/web/health", health)) {
    facts["health"] = {{"status", health.status}};
    if (health.body.size() <= kHealthBodyLimit) facts["health"]["body"] = health.body;
  } else {
    // Nothing answers there: the pages would not either.
    result.unreachable = true;
    result.error = problems.front();
    return result;
  }
  for (const auto& [key, path] : {std::pair{"database_manager", "/web/database/manager"},
                                  std::pair{"database_selector", "/web/database/selector"}}) {
    const net::HttpResponse page = get(path);
    if (record(path, page)) facts[key] = page_facts(base + path, page);
  }
  request.url = base + "/web/webclient/version_info";
  request.headers = {{"Accept", "application/json"}};
  const net::HttpResponse version =
      transport.post_json(request, R"({"jsonrpc":"2.0","method":"call","params":{}})");
  if (record("/web/webclient/version_info", version)) {
    const std::string text = version.status == 200 ? server_version(version.body) : "";
    if (!text.empty())
      facts["version"] = text;
    else
      problems.push_back(fmt::format(
          "/web/webclient/version_info: HTTP {} without a server_version", version.status));
  }
  result.facts = std::move(facts);
  result.error = join(problems, "; ");
  return result;
}

}  // namespace golive::collectors::odoo
