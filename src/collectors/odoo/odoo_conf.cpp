#include "collectors/odoo/odoo_conf.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "golive/diagnostics.hpp"
#include "golive/secrets.hpp"
#include "golive/text.hpp"

namespace golive::collectors::odoo {

namespace {

// Where each URL in `value` (scheme://...) has user-info before its host:
// [start, end) of the user-info, '@' excluded, last first.
std::vector<std::pair<std::size_t, std::size_t>> userinfo_spans(std::string_view value) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  for (std::size_t at = value.find("://"); at != std::string_view::npos;
       at = value.find("://", at + 3)) {
    const std::size_t host = at + 3;
    const std::size_t end = std::min(value.find_first_of("/?#, \t\n", host), value.size());
    const std::size_t sign = value.substr(host, end - host).rfind('@');
    if (sign != std::string_view::npos) spans.emplace_back(host, host + sign);
  }
  std::reverse(spans.begin(), spans.end());
  return spans;
}

// Names of options whose URL's user-info is a credential as a whole: a
// Sentry DSN's key, a token given as the user of an https:// URL.
bool credential_url_option(std::string_view name) {
  return name.ends_with("_dsn") || name.ends_with("_uri") || name.ends_with("_url");
}

// A non-secret option's value as kept in the facts: the password of every
// user:password@ in a URL (and, in a *_dsn, *_uri or *_url option, the whole
// user-info) replaced by ***, the removed parts registered with the
// redactor, then the redactor's own pass (known secrets, password=...).
std::string without_credentials(std::string_view name, std::string value) {
  const auto spans = userinfo_spans(value);
  if (!spans.empty() && credential_url_option(name)) redactor().add(value);
  for (const auto& [start, end] : spans) {
    const std::string userinfo = value.substr(start, end - start);
    const std::size_t colon = userinfo.find(':');
    if (colon != std::string::npos) redactor().add(userinfo.substr(colon + 1));
    if (credential_url_option(name))
      value.replace(start, end - start, "***");
    else if (colon != std::string::npos)
      value.replace(start + colon + 1, end - start - colon - 1, "***");
  }
  return redactor().redact(value);
}

// One option: its value's lines (continuations appended) and where it is.
struct Option {
  std::vector<std::string> lines;
  int line = 0;
};

// A section's options in file order (facts keep no order, but messages do).
struct Section {
  std::map<std::string, Option> options;
  int line = 0;
};

// The value as RawConfigParser gives it: lines joined, trailing blank ones
// (blank lines inside a value are kept) dropped.
std::string value_of(const Option& option) {
  auto lines = option.lines;
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return join(lines, "\n");
}

class ConfParser {
 public:
  explicit ConfParser(std::string origin) : origin_(std::move(origin)) {}

  void parse(std::string_view text) {
    int number = 0;
    for (std::size_t start = 0; start <= text.size();) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      parse_line(line, ++number);
      start = end + 1;
    }
  }

  nlohmann::json facts() {
    auto options = sections_.find("options");
    if (options == sections_.end()) {
      sink_.error({origin_, 1, 1},
                  "no [options] section: Odoo reads its settings from [options] only");
    }
    sink_.throw_if_any();
    // Like RawConfigParser.items('options'): [DEFAULT]'s keys show through.
    std::map<std::string, Option> merged = defaults_.options;
    for (const auto& [name, option] : options->second.options) merged[name] = option;
    return config_facts(merged);
  }

 private:
  void parse_line(std::string_view raw, int number) {
    const std::string value = trim(raw);
    const bool comment = !value.empty() && (value[0] == '#' || value[0] == ';');
    if (value.empty() || comment) {
      // A blank line may belong to a value (continued after it); a comment
      // never does.
      if (!comment && current_option_) current_option_->lines.emplace_back();
      return;
    }
    const std::size_t indent = raw.find_first_not_of(" \t");
    if (current_option_ && indent > indent_) {
      current_option_->lines.push_back(value);  // a continuation line
      return;
    }
    indent_ = indent;
    current_option_ = nullptr;
    const int column = static_cast<int>(indent) + 1;
    if (value.front() == '[' && value.find(']', 1) != std::string::npos && value.find(']', 1) > 1)
      return open_section(value.substr(1, value.find_last_of(']') - 1), number, column);
    if (!current_section_)
      return sink_.error({origin_, number, column},
                         "an option before any section: odoo.conf starts with [options]");
    add_option(value, number, column);
  }

  void open_section(const std::string& name, int number, int column) {
    if (name == "DEFAULT") {
      current_section_ = &defaults_;
      return;
    }
    const auto [it, inserted] = sections_.try_emplace(name);
    if (!inserted) {
      sink_.error({origin_, number, column},
                  fmt::format("section [{}] appears twice (first on line {}); Odoo refuses "
                              "such a file",
                              name, it->second.line));
    } else {
      it->second.line = number;
    }
    current_section_ = &it->second;
  }

  void add_option(const std::string& value, int number, int column) {
    const std::size_t delimiter = value.find_first_of("=:");
    if (delimiter == std::string::npos || delimiter == 0) {
      sink_.error({origin_, number, column},
                  delimiter == 0 ? "an option without a name before its '=' or ':'"
                                 : "not an option (`name = value`), a [section] or a comment");
      return;
    }
    const std::string name = to_lower(trim(value.substr(0, delimiter)));
    const auto [it, inserted] = current_section_->options.try_emplace(name);
    if (!inserted) {
      sink_.error({origin_, number, column},
                  fmt::format("option '{}' appears twice in this section (first on line {}); "
                              "Odoo refuses such a file",
                              name, it->second.line));
      return;
    }
    it->second.line = number;
    it->second.lines.push_back(trim(value.substr(delimiter + 1)));
    current_option_ = &it->second;
  }

  static nlohmann::json config_facts(const std::map<std::string, Option>& options) {
    nlohmann::json config = nlohmann::json::object();
    for (const auto& [name, option] : options) {
      const std::string value = value_of(option);
      if (!is_secret_option(name)) {
        config[name] = without_credentials(name, value);
        continue;
      }
      // Kept out of every output, even a message that would quote it.
      redactor().add(value);
      if (name == "admin_passwd") {
        config["admin_passwd_set"] = !value.empty();
        if (!value.empty()) config["admin_passwd_hashed"] = is_hashed_password(value);
      }
    }
    if (!config.contains("admin_passwd_set")) config["admin_passwd_set"] = false;
    return config;
  }

  std::string origin_;
  DiagnosticSink sink_;
  std::map<std::string, Section> sections_;
  Section defaults_;
  Section* current_section_ = nullptr;
  Option* current_option_ = nullptr;
  std::size_t indent_ = 0;
};

}  // namespace

bool is_secret_option(std::string_view name) {
  const std::string lower = to_lower(name);
  for (const char* suffix : {"passwd", "password", "_pass", "_secret", "_key", "_token"})
    if (std::string_view(lower).ends_with(suffix)) return true;
  return false;
}

bool is_hashed_password(std::string_view value) {
  return value.rfind("$pbkdf2-sha512$", 0) == 0;
}

nlohmann::json parse_odoo_conf(std::string_view text, const std::string& origin) {
  ConfParser parser(origin);
  parser.parse(text);
  return parser.facts();
}

}  // namespace golive::collectors::odoo
