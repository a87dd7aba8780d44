#include "collectors/postgres/dsn.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <memory>

#include <libpq-fe.h>

#include "golive/secrets.hpp"

namespace golive::collectors::postgres {

namespace {

using OptionArray = std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)>;

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

bool is_uri(std::string_view dsn) {
  return dsn.starts_with("postgresql://") || dsn.starts_with("postgres://");
}

bool is_password_keyword(std::string_view keyword) {
  return keyword == "password" || keyword == "sslpassword";
}

bool literal(std::string_view value) {
  return !value.empty() && !has_reference(value);
}

// libpq's parse errors quote pieces of the dsn ("invalid connection option
// \"x\""); a piece could be part of a password, so quoted text is dropped.
std::string without_quoted_text(std::string_view message) {
  std::string out;
  bool quoted = false;
  for (char c : message) {
    if (c == '"') {
      if (!quoted) out += "\"…\"";
      quoted = !quoted;
    } else if (!quoted && c != '\n') {
      out += c;
    }
  }
  while (!out.empty() && is_space(out.back())) out.pop_back();
  return out;
}

// keyword=value form, tokenized as libpq does: values are bare words or
// 'quoted', with backslash escapes in both.
std::optional<std::size_t> literal_password_in_keywords(std::string_view dsn) {
  std::size_t pos = 0;
  const std::size_t n = dsn.size();
  auto skip_spaces = [&] {
    while (pos < n && is_space(dsn[pos])) ++pos;
  };
  while (true) {
    skip_spaces();
    if (pos >= n) return std::nullopt;
    const std::size_t key_start = pos;
    while (pos < n && dsn[pos] != '=' && !is_space(dsn[pos])) ++pos;
    const std::string_view keyword = dsn.substr(key_start, pos - key_start);
    skip_spaces();
    if (pos >= n || dsn[pos] != '=') return std::nullopt;  // malformed: libpq reports it
    ++pos;
    skip_spaces();
    const bool quoted = pos < n && dsn[pos] == '\'';
    if (quoted) ++pos;
    const std::size_t value_start = pos;
    std::string value;
    while (pos < n) {
      const char c = dsn[pos];
      if (quoted ? c == '\'' : is_space(c)) break;
      if (c == '\\' && pos + 1 < n) ++pos;
      value += dsn[pos++];
    }
    if (quoted && pos < n) ++pos;  // the closing quote
    if (is_password_keyword(keyword) && literal(value)) return value_start;
  }
}

// postgresql://user:password@host:port/dbname?password=...
std::optional<std::size_t> literal_password_in_uri(std::string_view dsn) {
  const std::size_t start = dsn.find("://") + 3;
  // libpq looks for the user-info '@' before the first '/'.
  std::size_t at = start;
  while (at < dsn.size() && dsn[at] != '@' && dsn[at] != '/') ++at;
  if (at < dsn.size() && dsn[at] == '@') {
    const std::string_view userinfo = dsn.substr(start, at - start);
    const std::size_t colon = userinfo.find(':');
    if (colon != std::string_view::npos && literal(userinfo.substr(colon + 1)))
      return start + colon + 1;
  }
  const std::size_t query = dsn.find('?', start);
  if (query == std::string_view::npos) return std::nullopt;
  std::size_t pos = query + 1;
  while (pos < dsn.size()) {
    std::size_t end = dsn.find('&', pos);
    if (end == std::string_view::npos) end = dsn.size();
    const std::string_view param = dsn.substr(pos, end - pos);
    const std::size_t eq = param.find('=');
    if (eq != std::string_view::npos && is_password_keyword(param.substr(0, eq)) &&
        literal(param.substr(eq + 1)))
      return pos + eq + 1;
    pos = end + 1;
  }
  return std::nullopt;
}

std::string quote(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

// Files libpq reads, which golive.yaml names relative to itself.
constexpr std::string_view kPathOptions[] = {"sslrootcert", "sslcert",   "sslkey",
                                             "sslcrl",      "sslcrldir", "passfile"};

}  // namespace

Options parse_dsn(const std::string& dsn) {
  char* error = nullptr;
  OptionArray parsed(PQconninfoParse(dsn.c_str(), &error), &PQconninfoFree);
  if (!parsed) {
    std::string message = error ? without_quoted_text(error) : "out of memory";
    if (error) PQfreemem(error);
    throw DsnError("dsn is not a libpq connection string or postgresql:// URI: " + message);
  }
  Options options;
  for (const PQconninfoOption* o = parsed.get(); o->keyword; ++o)
    if (o->val) options.emplace_back(o->keyword, o->val);
  return options;
}

std::optional<std::size_t> find_literal_password(std::string_view dsn) {
  return is_uri(dsn) ? literal_password_in_uri(dsn) : literal_password_in_keywords(dsn);
}

std::optional<std::string> option(const Options& options, std::string_view keyword) {
  for (const auto& [key, value] : options)
    if (key == keyword) return value;
  return std::nullopt;
}

void set_option(Options& options, const std::string& keyword, const std::string& value) {
  for (auto& [key, existing] : options) {
    if (key == keyword) {
      existing = value;
      return;
    }
  }
  options.emplace_back(keyword, value);
}

Options connection_options(Options options, const ConnectionPlan& plan) {
  // golive's statements are picked out of server logs and pg_stat_activity by it.
  set_option(options, "application_name", "golive");
  // libpq counts connect_timeout in whole seconds and treats less than 2 as 2.
  int timeout = std::max(plan.connect_timeout_s, 2);
  if (auto given = option(options, "connect_timeout")) {
    try {
      const int dsn_timeout = std::stoi(*given);
      if (dsn_timeout > 0) timeout = std::max(std::min(timeout, dsn_timeout), 2);
    } catch (const std::exception&) {
      // not a number: libpq reports it when connecting
    }
  }
  set_option(options, "connect_timeout", std::to_string(timeout));
  if (!plan.password.empty()) set_option(options, "password", plan.password);
  for (auto& [key, value] : options) {
    const bool path_option =
        std::find(std::begin(kPathOptions), std::end(kPathOptions), key) != std::end(kPathOptions);
    // sslrootcert=system (PostgreSQL 16+) means the system's trusted roots.
    if (!path_option || value.empty() || value == "system") continue;
    const std::filesystem::path path(value);
    if (path.is_relative() && !plan.config_dir.empty())
      value = (std::filesystem::path(plan.config_dir) / path).string();
  }
  return options;
}

std::string conninfo_string(const Options& options) {
  std::string out;
  for (const auto& [key, value] : options) {
    if (!out.empty()) out += ' ';
    out += key + "=" + quote(value);
  }
  return out;
}

nlohmann::json describe_target(const Options& options) {
  OptionArray defaults(PQconndefaults(), &PQconninfoFree);
  auto value_of = [&](std::string_view keyword) -> std::optional<std::string> {
    if (auto given = option(options, keyword)) return given;
    for (const PQconninfoOption* o = defaults.get(); o && o->keyword; ++o)
      if (keyword == o->keyword && o->val) return std::string(o->val);
    return std::nullopt;
  };
  nlohmann::json target = nlohmann::json::object();
  for (const char* key : {"host", "port", "dbname", "user", "sslmode"}) {
    auto value = value_of(key);
    // hostaddr alone (an IP address, no name lookup) is the host too.
    if (std::string_view(key) == "host" && (!value || value->empty())) value = value_of("hostaddr");
    if (!value || value->empty()) continue;
    const bool number = std::string_view(key) == "port" && value->size() <= 5 &&
                        std::all_of(value->begin(), value->end(),
                                    [](unsigned char c) { return std::isdigit(c) != 0; });
    target[key] = number ? nlohmann::json(std::stoi(*value)) : nlohmann::json(*value);
  }
  // libpq connects as the user when no database is named.
  if (!target.contains("dbname") && target.contains("user")) target["dbname"] = target["user"];
  return target;
}

}  // namespace golive::collectors::postgres
