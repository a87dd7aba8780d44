#include "collectors/declared/declared_file.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "expr/domain.hpp"
#include "golive/secrets.hpp"
#include "golive/text.hpp"
#include "golive/time.hpp"
#include "golive/yaml.hpp"

namespace golive::collectors::declared {

namespace {

using std::chrono::days;
using std::chrono::sys_days;

// What a value must be. Text values (durations and dates included) keep the
// text as written, so the facts show what the team declared.
enum class Kind {
  text,        // a non-empty scalar
  link,        // an https:// URL an auditor can open
  date,        // YYYY-MM-DD, a real calendar date
  past_date,   // a date, not after today: the day something happened
  duration,    // a positive duration of the rules' duration(): 15m, 4h, 7d
  boolean,     // true | false
  names,       // a list of texts
  controller,  // flux | argocd
};

struct Field {
  std::string key;
  Kind kind;
  bool required = false;
};

// A mapping of fields, alone (`dr_drill`) or as the items of a list
// (`runbooks`); `example` shows its shape in messages.
struct Section {
  std::string key;
  bool list;
  std::vector<Field> fields;
  std::string example;
};

const std::vector<std::string> kControllers = {"flux", "argocd"};
const std::vector<std::string> kRecoveryKeys = {"rto", "rpo"};

// docs/facts.md "declared", key by key.
const std::vector<Section>& sections() {
  static const std::vector<Section> all = {
      {"dr_drill",
       false,
       {{"date", Kind::past_date, true},
        {"evidence", Kind::link, true},
        {"scope", Kind::text},
        {"rto_achieved", Kind::duration},
        {"rpo_achieved", Kind::duration}},
       "{date: 2026-03-12, evidence: https://wiki.example.com/dr/2026-03}"},
      {"restore_test",
       false,
       {{"date", Kind::past_date, true},
        {"evidence", Kind::link, true},
        {"scope", Kind::text},
        {"duration", Kind::duration}},
       "{date: 2026-10-29, evidence: https://wiki.example.com/restore/2026-10}"},
      {"runbooks",
       true,
       {{"topic", Kind::text, true},
        {"title", Kind::text, true},
        {"url", Kind::link, true},
        {"reviewed", Kind::past_date}},
       "[{topic: restore, title: Restore PostgreSQL, url: https://wiki.example.com/rb/restore}]"},
      {"oncall",
       false,
       {{"owner", Kind::text, true}, {"evidence", Kind::link, true}, {"escalation", Kind::text}},
       "{owner: Platform team, evidence: https://pagerduty.example.com/schedules/P1}"},
      {"gitops",
       false,
       {{"controller", Kind::controller, true},
        {"repository", Kind::text, true},
        {"path", Kind::text},
        {"evidence", Kind::link}},
       "{controller: flux, repository: https://github.com/example/platform}"},
      {"ci",
       false,
       {{"system", Kind::text, true},
        {"pipeline", Kind::text},
        {"protected_branch", Kind::boolean, true},
        {"required_checks", Kind::names, true},
        {"image_scanning", Kind::boolean, true},
        {"evidence", Kind::link, true}},
       "{system: github-actions, protected_branch: true, required_checks: [tests], "
       "image_scanning: true, evidence: https://...}"},
      {"slo",
       true,
       {{"name", Kind::text, true}, {"target", Kind::text, true}, {"window", Kind::duration, true}},
       "[{name: ERP availability, target: 99.9%, window: 30d}]"},
      {"change_freeze",
       true,
       {{"from", Kind::date, true}, {"to", Kind::date, true}, {"reason", Kind::text, true}},
       "[{from: 2026-11-26, to: 2026-12-01, reason: Black Friday}]"},
      {"approvals",
       true,
       {{"role", Kind::text, true},
        {"name", Kind::text, true},
        {"date", Kind::past_date, true},
        {"evidence", Kind::link, true}},
       "[{role: Business owner, name: Head of Retail, date: 2026-11-17, evidence: https://...}]"},
  };
  return all;
}

std::vector<std::string> top_keys() {
  std::vector<std::string> keys = {"rto", "rpo", "services"};
  for (const auto& s : sections()) keys.push_back(s.key);
  return keys;
}

std::vector<std::string> field_keys(const std::vector<Field>& fields) {
  std::vector<std::string> keys;
  for (const auto& f : fields) keys.push_back(f.key);
  return keys;
}

std::vector<std::string> required_keys(const std::vector<Field>& fields) {
  std::vector<std::string> keys;
  for (const auto& f : fields)
    if (f.required) keys.push_back(f.key);
  return keys;
}

bool is_text(const YAML::Node& node) {
  return node.IsScalar() && !trim(node.Scalar()).empty();
}

// Where a URL, whatever its scheme (https://, http://, git+https://), has
// user[:password]@ before its host: a credential that would end up in every
// report. The offset of the user-info, or npos.
std::size_t userinfo_at(std::string_view text) {
  const std::size_t scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0 ||
      !std::isalpha(static_cast<unsigned char>(text[0])))
    return std::string_view::npos;
  for (const char c : text.substr(0, scheme_end))
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
      return std::string_view::npos;
  const std::size_t host = scheme_end + 3;
  const std::string_view authority = text.substr(host, text.find_first_of("/?#", host) - host);
  return authority.find('@') == std::string_view::npos ? std::string_view::npos : host;
}

// Where the next URL (scheme://, the scheme's letters included) starts in
// `text` at or after `from`, or npos.
std::size_t url_start(std::string_view text, std::size_t from) {
  const std::size_t sep = text.find("://", from);
  if (sep == std::string_view::npos) return std::string_view::npos;
  std::size_t start = sep;
  while (start > 0 && (std::isalnum(static_cast<unsigned char>(text[start - 1])) ||
                       text[start - 1] == '+' || text[start - 1] == '-' || text[start - 1] == '.'))
    --start;
  return start;
}

// ssh://user@host: a user name alone, no password.
bool ssh_user(std::string_view url) {
  if (!url.starts_with("ssh://") && !url.starts_with("git+ssh://")) return false;
  const std::size_t host = url.find("://") + 3;
  const std::string_view authority = url.substr(host, url.find_first_of("/?#", host) - host);
  return authority.substr(0, authority.rfind('@')).find(':') == std::string_view::npos;
}

bool is_link(std::string_view text) {
  constexpr std::string_view scheme = "https://";
  return text.rfind(scheme, 0) == 0 && text.size() > scheme.size() && text[scheme.size()] != '/' &&
         text.find_first_of(" \t\r\n") == std::string_view::npos;
}

class Reader {
 public:
  Reader(std::string file, sys_days today, DiagnosticSink& sink)
      : file_(std::move(file)), today_(today), sink_(sink) {}

  nlohmann::json document(const YAML::Node& doc) {
    nlohmann::json facts = nlohmann::json::object();
    if (doc.IsNull()) return facts;  // nothing declared (yet): the rules fail
    if (!doc.IsMap()) {
      error(doc,
            "declared.yaml must be a mapping of attestations (rto, rpo, dr_drill, runbooks, "
            "...): see docs/collectors.md, \"declared\"");
      return facts;
    }
    check_keys(doc, file_, "declared.yaml", top_keys(), {}, sink_);
    for (const auto& key : kRecoveryKeys)
      put(facts, key, doc[key], Field{key, Kind::duration}, key);
    if (const YAML::Node node = doc["services"]) put(facts, "services", services(node));
    for (const auto& section : sections())
      if (const YAML::Node node = doc[section.key])
        put(facts, section.key,
            section.list ? list(node, section) : object(node, section, section.key));
    return facts;
  }

 private:
  static void put(nlohmann::json& into, const std::string& key, nlohmann::json value) {
    if (!value.is_null()) into[key] = std::move(value);
  }

  void put(nlohmann::json& into, const std::string& key, const YAML::Node& node, const Field& field,
           const std::string& path) {
    if (node) put(into, key, value(node, field, path));
  }

  void error(const YAML::Node& node, std::string message) {
    sink_.error(location_of(node, file_), std::move(message));
  }

  // `services: {odoo: {rto: 4h, rpo: 15m}, ...}`: objectives per service,
  // beside the environment's own rto and rpo.
  nlohmann::json services(const YAML::Node& node) {
    if (!node.IsMap()) {
      error(node,
            "'services' must map service names to their objectives, e.g. "
            "{odoo: {rto: 4h, rpo: 15m}}");
      return nullptr;
    }
    nlohmann::json out = nlohmann::json::object();
    for (const auto& entry : node) {
      const std::string name = entry.first.Scalar();
      const std::string path = "services." + name;
      if (!is_text(entry.first)) {
        error(entry.first, "a service name must be a non-empty text, e.g. odoo");
        continue;
      }
      if (!entry.second.IsMap() || entry.second.size() == 0) {
        error(entry.second, fmt::format("'{}' must declare rto, rpo or both, e.g. "
                                        "{{rto: 4h, rpo: 15m}}",
                                        path));
        continue;
      }
      check_keys(entry.second, file_, path, kRecoveryKeys, {}, sink_);
      nlohmann::json objectives = nlohmann::json::object();
      for (const auto& key : kRecoveryKeys)
        put(objectives, key, entry.second[key], Field{key, Kind::duration}, path + "." + key);
      out[name] = objectives;
    }
    return out.empty() ? nullptr : out;  // `services: {}` declares none: absent
  }

  nlohmann::json list(const YAML::Node& node, const Section& section) {
    if (!node.IsSequence()) {
      error(node, fmt::format("'{}' must be a list, e.g. {}", section.key, section.example));
      return nullptr;
    }
    nlohmann::json out = nlohmann::json::array();
    std::size_t index = 0;
    for (const auto& item : node) {
      auto value = object(item, section, fmt::format("{}[{}]", section.key, index++));
      if (!value.is_null()) out.push_back(std::move(value));
    }
    return out;
  }

  nlohmann::json object(const YAML::Node& node, const Section& section, const std::string& path) {
    if (!node.IsMap()) {
      error(node, fmt::format("'{}' must be a mapping, e.g. {}", path,
                              section.list ? section.example.substr(1, section.example.size() - 2)
                                           : section.example));
      return nullptr;
    }
    check_keys(node, file_, path, field_keys(section.fields), required_keys(section.fields), sink_);
    nlohmann::json out = nlohmann::json::object();
    for (const auto& field : section.fields)
      put(out, field.key, node[field.key], field, path + "." + field.key);
    if (section.key == "change_freeze") check_period(node, path);
    return out;
  }

  // A freeze that ends before it starts is a typo in one of its dates.
  void check_period(const YAML::Node& node, const std::string& path) {
    if (!node["from"] || !node["to"] || !node["from"].IsScalar() || !node["to"].IsScalar()) return;
    const auto from = parse_date(node["from"].Scalar());
    const auto to = parse_date(node["to"].Scalar());
    if (from && to && *to < *from)
      error(node["to"], fmt::format("'{}.to' ({}) is before '{}.from' ({}): a freeze ends on or "
                                    "after the day it starts",
                                    path, node["to"].Scalar(), path, node["from"].Scalar()));
  }

  // The checked value, or null (left out of the facts) after reporting why.
  nlohmann::json value(const YAML::Node& node, const Field& field, const std::string& path) {
    switch (field.kind) {
      case Kind::boolean:
        return boolean(node, path);
      case Kind::names:
        return names(node, path);
      default:
        break;
    }
    if (!is_text(node)) {
      error(node, fmt::format("'{}' must be {}", path, expected(field.kind)));
      return nullptr;
    }
    const std::string text = node.Scalar();
    if (refuse_userinfo(node, path, field.kind)) return nullptr;
    if (auto problem = check_text(text, field.kind)) {
      error(node, fmt::format("'{}' {}", path, *problem));
      return nullptr;
    }
    return redactor().redact(text);
  }

  // A URL with user-info in any field (a link, gitops.repository, a text
  // that holds one) is refused at the user-info, never repeated: it would
  // put a password or a token (https://oauth2:glpat-...@gitlab.com) in
  // every snapshot and report. Only ssh://git@host (a user name alone, the
  // account every Git host uses) is a name, not a credential.
  bool refuse_userinfo(const YAML::Node& node, const std::string& path, Kind kind) {
    const std::string& text = node.Scalar();
    for (std::size_t from = 0; from < text.size();) {
      const std::size_t url = url_start(text, from);
      if (url == std::string::npos) return false;
      const std::string_view rest = std::string_view(text).substr(url);
      const std::size_t at = userinfo_at(rest);
      if (at != std::string_view::npos && !(ssh_user(rest) && kind != Kind::link)) {
        error_at(node, url + at,
                 kind == Kind::link
                     ? fmt::format("'{}' carries a user name or password (user:password@host): "
                                   "link to the page itself and let the auditor sign in",
                                   path)
                     : fmt::format("'{}' holds a URL with a user name or password "
                                   "(user:password@host): write it without them; credentials "
                                   "stay where the tools keep them",
                                   path));
        return true;
      }
      from = text.find("://", url) + 3;
    }
    return false;
  }

  void error_at(const YAML::Node& node, std::size_t offset, std::string message) {
    sink_.error(location_in_scalar(node, file_, offset), std::move(message));
  }

  static std::string expected(Kind kind) {
    switch (kind) {
      case Kind::link:
        return "an https:// link that an auditor can open";
      case Kind::date:
      case Kind::past_date:
        return "a date YYYY-MM-DD, e.g. 2026-03-12";
      case Kind::duration:
        return "a duration such as 15m, 4h or 7d";
      case Kind::controller:
        return "flux or argocd";
      default:
        return "a non-empty text";
    }
  }

  // Why a non-empty scalar is not a `kind`, with what to write instead.
  std::optional<std::string> check_text(const std::string& text, Kind kind) const {
    switch (kind) {
      case Kind::link:
        // refuse_userinfo() has refused a URL with user:password@ before:
        // this message never quotes one.
        if (!is_link(text))
          return fmt::format(
              "must be an https:// link that an auditor can open, e.g. "
              "https://wiki.example.com/dr/2026-03; got '{}'",
              redactor().redact(text));
        return std::nullopt;
      case Kind::date:
      case Kind::past_date:
        return check_date(text, kind);
      case Kind::duration: {
        const auto nanos = expr::parse_duration(text);
        if (!nanos || *nanos <= 0)
          return fmt::format(
              "must be a positive duration such as 15m, 4h or 7d (Go syntax plus "
              "d and w); got '{}'",
              redactor().redact(text));
        return std::nullopt;
      }
      case Kind::controller:
        if (std::find(kControllers.begin(), kControllers.end(), text) == kControllers.end())
          return fmt::format("must be flux or argocd; got '{}'{}", redactor().redact(text),
                             did_you_mean(text, kControllers));
        return std::nullopt;
      default:
        return std::nullopt;
    }
  }

  // A real calendar date; a past date may be today or, for a team in a time
  // zone ahead of UTC, tomorrow, but no later: a drill or an approval dated
  // in the future is a mistake, and it would count as recent evidence.
  std::optional<std::string> check_date(const std::string& text, Kind kind) const {
    const auto day = parse_date(text);
    if (!day)
      return fmt::format(
          "must be a calendar date YYYY-MM-DD that exists, e.g. 2026-03-12; "
          "got '{}'",
          redactor().redact(text));
    if (kind == Kind::past_date && *day > today_ + days{1})
      return fmt::format("is {}, after today ({}): write the day it took place", text,
                         format_date(today_));
    return std::nullopt;
  }

  nlohmann::json boolean(const YAML::Node& node, const std::string& path) {
    const nlohmann::json value = yaml_to_json(node);
    if (value.is_boolean()) return value;
    error(node, fmt::format("'{}' must be true or false", path));
    return nullptr;
  }

  nlohmann::json names(const YAML::Node& node, const std::string& path) {
    if (!node.IsSequence()) {
      error(node, fmt::format("'{}' must be a list of names, e.g. [odoo-unit-tests, "
                              "trivy-image-scan]",
                              path));
      return nullptr;
    }
    nlohmann::json out = nlohmann::json::array();
    std::size_t index = 0;
    for (const auto& item : node) {
      if (!is_text(item))
        error(item, fmt::format("'{}[{}]' must be a non-empty text", path, index));
      else if (!refuse_userinfo(item, fmt::format("{}[{}]", path, index), Kind::text))
        out.push_back(redactor().redact(item.Scalar()));
      ++index;
    }
    return out;
  }

  std::string file_;
  sys_days today_;
  DiagnosticSink& sink_;
};

}  // namespace

nlohmann::json read_declared(const YAML::Node& document, const std::string& file, sys_days today,
                             DiagnosticSink& sink) {
  return Reader(file, today, sink).document(document);
}

nlohmann::json load_declared(const std::string& path, sys_days today) {
  const auto documents = parse_yaml_documents(read_file(path), path);
  DiagnosticSink sink;
  if (documents.size() > 1)
    sink.error(location_of(documents[1], path),
               "declared.yaml holds one document: merge the documents or remove the '---'");
  const nlohmann::json facts =
      read_declared(documents.empty() ? YAML::Node() : documents.front(), path, today, sink);
  try {
    sink.throw_if_any();
  } catch (const InputError& e) {
    // In the order of the file, as a person fixes it.
    auto diagnostics = e.diagnostics();
    std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const auto& a, const auto& b) {
      return std::pair(a.location.line, a.location.column) <
             std::pair(b.location.line, b.location.column);
    });
    throw InputError(std::move(diagnostics));
  }
  return facts;
}

}  // namespace golive::collectors::declared
