#include "collectors/odoo/odoo_probe.hpp"

#include <vector>

#include <fmt/format.h>

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

nlohmann::json page_facts(const net::HttpResponse& response) {
  const ManagerPage page = read_manager_page(response.status, response.body);
  nlohmann::json facts = {{"status", response.status}};
  if (page.enabled) facts["enabled"] = *page.enabled;
  if (page.unprotected) facts["unprotected"] = *page.unprotected;
  return facts;
}

}  // namespace

ManagerPage read_manager_page(long status, std::string_view body) {
  ManagerPage page;
  if (status == 403 || status == 404 || (status >= 300 && status < 400)) {
    page.enabled = false;  // blocked in front of Odoo, or not served
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
    if (record(path, page)) facts[key] = page_facts(page);
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
