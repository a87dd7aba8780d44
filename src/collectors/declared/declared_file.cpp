#include "collectors/declared/declared_file.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>

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
  objective,   // a duration that may be zero: rpo 0s is synchronous replication
  boolean,     // true | false
  names,       // a list of texts
  controller,  // flux | argocd
};

// A key, its value, a valid value for messages (as written in YAML) and the
// other names people give it. Beside these, every key may be written in
// kebab-case, camelCase or upper case (key_form()).
struct Field {
  std::string key;
  Kind kind;
  bool required = false;
  std::string example;
  std::vector<std::string> aliases = {};
};

// A mapping of fields, alone (`dr_drill`) or as the items of a list
// (`runbooks`); `example` is its valid form in messages.
struct Section {
  std::string key;
  bool list;
  std::vector<Field> fields;
  std::string example;
  std::vector<std::string> aliases = {};
};

const std::vector<std::string> kControllers = {"flux", "argocd"};

// The recovery objectives, at the top level and per service.
const std::vector<Field>& recovery_fields() {
  static const std::vector<Field> all = {
      {"rto", Kind::objective, false, "4h", {"recovery_time_objective"}},
      {"rpo", Kind::objective, false, "15m", {"recovery_point_objective"}},
  };
  return all;
}

const std::string kServicesExample = "{odoo: {rto: 4h, rpo: 15m}, postgres: {rto: 1h, rpo: 0s}}";

// The valid form of a whole file, for messages about the file itself.
const std::string kDocumentShape =
    "{rto: 4h, rpo: 15m, dr_drill: {date: 2026-03-12, evidence: "
    "https://wiki.example.com/dr/2026-03}, runbooks: [...], oncall: {...}, ...} (one key a "
    "line; docs/facts.md, \"declared\")";

// docs/facts.md "declared", key by key; the aliases are docs/collectors.md's.
const std::vector<Section>& sections() {
  static const std::vector<Section> all = {
      {"dr_drill",
       false,
       {{"date", Kind::past_date, true, "2026-03-12"},
        {"evidence", Kind::link, true, "https://wiki.example.com/dr/2026-03"},
        {"scope", Kind::text, false, "geo-restore of PostgreSQL, DNS switch"},
        {"rto_achieved", Kind::objective, false, "3h30m", {"achieved_rto"}},
        {"rpo_achieved", Kind::objective, false, "10m", {"achieved_rpo"}}},
       "{date: 2026-03-12, evidence: https://wiki.example.com/dr/2026-03}",
       {"disaster_recovery_drill"}},
      {"restore_test",
       false,
       {{"date", Kind::past_date, true, "2026-10-29"},
        {"evidence", Kind::link, true, "https://wiki.example.com/restore/2026-10"},
        {"scope", Kind::text, false, "PITR to a scratch server plus filestore copy"},
        {"duration", Kind::duration, false, "1h35m"}},
       "{date: 2026-10-29, evidence: https://wiki.example.com/restore/2026-10}",
       {"backup_restore_test"}},
      {"runbooks",
       true,
       {{"topic", Kind::text, true, "restore"},
        {"title", Kind::text, true, "Restore PostgreSQL"},
        {"url", Kind::link, true, "https://wiki.example.com/rb/restore"},
        {"reviewed", Kind::past_date, false, "2026-10-30", {"last_reviewed"}}},
       "[{topic: restore, title: Restore PostgreSQL, url: https://wiki.example.com/rb/restore}]"},
      {"oncall",
       false,
       {{"owner", Kind::text, true, "Platform team"},
        {"evidence", Kind::link, true, "https://pagerduty.example.com/schedules/P1"},
        {"escalation", Kind::text, false, "Head of IT Operations"}},
       "{owner: Platform team, evidence: https://pagerduty.example.com/schedules/P1}"},
      {"gitops",
       false,
       {{"controller", Kind::controller, true, "flux"},
        {"repository",
         Kind::text,
         true,
         "https://github.com/example/platform",
         {"repo", "repo_url", "repository_url"}},
        {"path", Kind::text, false, "clusters/prod"},
        {"evidence", Kind::link, false, "https://github.com/example/platform/tree/main"}},
       "{controller: flux, repository: https://github.com/example/platform}"},
      {"ci",
       false,
       {{"system", Kind::text, true, "github-actions"},
        {"pipeline", Kind::text, false, "release.yaml"},
        {"protected_branch", Kind::boolean, true, "true"},
        {"required_checks",
         Kind::names,
         true,
         "[odoo-unit-tests, trivy-image-scan]",
         {"required_status_checks"}},
        {"image_scanning", Kind::boolean, true, "true"},
        {"evidence", Kind::link, true, "https://github.com/example/odoo/settings/branches"}},
       "{system: github-actions, protected_branch: true, required_checks: [odoo-unit-tests], "
       "image_scanning: true, evidence: https://github.com/example/odoo/settings/branches}",
       {"continuous_integration"}},
      {"slo",
       true,
       {{"name", Kind::text, true, "ERP availability"},
        {"target", Kind::text, true, "99.9%"},
        {"window", Kind::duration, true, "30d"}},
       "[{name: ERP availability, target: 99.9%, window: 30d}]",
       {"service_level_objectives"}},
      {"change_freeze",
       true,
       {{"from", Kind::date, true, "2026-11-26", {"start"}},
        {"to", Kind::date, true, "2026-12-01", {"end"}},
        {"reason", Kind::text, true, "Black Friday"}},
       "[{from: 2026-11-26, to: 2026-12-01, reason: Black Friday}]"},
      {"approvals",
       true,
       {{"role", Kind::text, true, "Business owner"},
        {"name", Kind::text, true, "Head of Retail"},
        {"date", Kind::past_date, true, "2026-11-17"},
        {"evidence", Kind::link, true, "https://wiki.example.com/go-live/approvals"}},
       "[{role: Business owner, name: Head of Retail, date: 2026-11-17, "
       "evidence: https://wiki.example.com/go-live/approvals}]"},
  };
  return all;
}

// A key as people spell it: ASCII case, '-' and '_' aside, so dr_drill,
// dr-drill, drDrill, DrDrill and DR_DRILL are one key (and on_call, on-call,
// onCall are oncall).
std::string key_form(std::string_view key) {
  std::string form;
  for (const char c : key)
    if (c != '-' && c != '_')
      form += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return form;
}

// Where a mapping sits in the file, to show a key of it in its valid form:
// `dr_drill: {date: 2026-03-12, ...}`, `runbooks: [{url: https://..., ...}]`.
struct Place {
  std::string what;    // the mapping in messages: declared.yaml, dr_drill, runbooks[0]
  std::string prefix;  // of its values' paths: "", "dr_drill.", "runbooks[0]."
  std::string before, after;

  std::string shape(const std::string& key, const std::string& example) const {
    return before + key + ": " + example + after;
  }
};

const Place kTop{"declared.yaml", "", "", ""};

// One key a mapping may hold.
struct Key {
  std::string canonical;
  std::vector<std::string> aliases;
  std::string shape;  // the key with a valid value, in its place
  bool required = false;
};

// The keys of a mapping by canonical name, each with the key as written.
struct Entry {
  YAML::Node key;
  YAML::Node value;
};
using Entries = std::map<std::string, Entry>;

std::vector<Key> field_keys(const std::vector<Field>& fields, const Place& place) {
  std::vector<Key> keys;
  for (const auto& f : fields)
    keys.push_back({f.key, f.aliases, place.shape(f.key, f.example), f.required});
  return keys;
}

std::vector<Key> top_keys() {
  std::vector<Key> keys = field_keys(recovery_fields(), kTop);
  keys.push_back({"services", {}, "services: " + kServicesExample});
  for (const auto& s : sections()) keys.push_back({s.key, s.aliases, s.key + ": " + s.example});
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

// "; expected: <the valid form>", ending every message.
std::string expected_shape(const std::string& shape) {
  return "; expected: " + shape;
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
            "...): see docs/collectors.md, \"declared\"" +
                expected_shape(kDocumentShape));
      return facts;
    }
    const Entries keys = entries(doc, kTop, top_keys(), kDocumentShape);
    for (const auto& field : recovery_fields())
      if (const auto* entry = find(keys, field.key))
        put(facts, field.key, value(entry->value, field, kTop));
    if (const auto* entry = find(keys, "services")) put(facts, "services", services(entry->value));
    for (const auto& section : sections())
      if (const auto* entry = find(keys, section.key))
        put(facts, section.key,
            section.list
                ? list(entry->value, section)
                : object(entry->value, section,
                         Place{section.key, section.key + ".", section.key + ": {", ", ...}"}));
    // The environment's objective, when only services declare one: the
    // loosest of theirs, marked as rolled up.
    for (const auto& field : recovery_fields()) {
      const auto& loosest = loosest_[field.key];
      if (!find(keys, field.key) && loosest) {
        facts[field.key] = loosest->second;
        facts[field.key + "_source"] = "services";
      }
    }
    return facts;
  }

 private:
  static void put(nlohmann::json& into, const std::string& key, nlohmann::json value) {
    if (!value.is_null()) into[key] = std::move(value);
  }

  static const Entry* find(const Entries& entries, const std::string& key) {
    const auto it = entries.find(key);
    return it == entries.end() ? nullptr : &it->second;
  }

  void error(const YAML::Node& node, std::string message) {
    sink_.error(location_of(node, file_), std::move(message));
  }

  // The keys of `mapping` by canonical name; reports keys unknown in any
  // spelling (with a did-you-mean and the suggested key's valid form), a key
  // given twice (in one spelling or two) and missing required keys.
  Entries entries(const YAML::Node& mapping, const Place& place, const std::vector<Key>& keys,
                  const std::string& shape) {
    std::vector<std::string> forms;  // every spelling's key_form(), ...
    std::vector<const Key*> of;      // ... and its key
    std::vector<std::string> allowed;
    for (const auto& key : keys) {
      allowed.push_back(key.canonical);
      forms.push_back(key_form(key.canonical));
      of.push_back(&key);
      for (const auto& alias : key.aliases) {
        forms.push_back(key_form(alias));
        of.push_back(&key);
      }
    }
    auto key_of = [&](const std::string& form) -> const Key* {
      const auto it = std::find(forms.begin(), forms.end(), form);
      return it == forms.end() ? nullptr : of[it - forms.begin()];
    };
    Entries out;
    for (const auto& entry : mapping) {
      if (!is_text(entry.first)) {
        error(entry.first,
              fmt::format("a key in {} must be a name{}", place.what, expected_shape(shape)));
        continue;
      }
      const std::string written = entry.first.Scalar();
      const Key* key = key_of(key_form(written));
      if (!key) {
        const auto close = closest_match(key_form(written), forms);
        const Key* suggested = close ? key_of(*close) : nullptr;
        error(
            entry.first,
            fmt::format("unknown key '{}' in {}{}; allowed keys: {}{}", written, place.what,
                        suggested ? fmt::format(" (did you mean '{}'?)", suggested->canonical)
                                  : std::string(),
                        join(allowed, ", "), expected_shape(suggested ? suggested->shape : shape)));
        continue;
      }
      const auto [it, inserted] = out.emplace(key->canonical, Entry{entry.first, entry.second});
      if (inserted) continue;
      const std::string first = it->second.key.Scalar();
      if (first == written)
        error(entry.first, fmt::format("duplicate key '{}' in {}: keep only one{}", written,
                                       place.what, expected_shape(key->shape)));
      else
        error(entry.first,
              fmt::format("duplicate key: '{}' and '{}' (line {}) are both '{}' in {}: keep "
                          "only one{}",
                          written, first, location_of(it->second.key, file_).line, key->canonical,
                          place.what, expected_shape(key->shape)));
    }
    for (const auto& key : keys)
      if (key.required && !out.count(key.canonical))
        error(mapping, fmt::format("{} is missing the required key '{}'{}", place.what,
                                   key.canonical, expected_shape(shape)));
    return out;
  }

  // `services: {odoo: {rto: 4h, rpo: 15m}, ...}`: objectives per service,
  // beside the environment's own rto and rpo. Records the loosest of each.
  nlohmann::json services(const YAML::Node& node) {
    const std::string shape = "services: " + kServicesExample;
    if (!node.IsMap()) {
      error(node, "'services' must map service names to their objectives" + expected_shape(shape));
      return nullptr;
    }
    nlohmann::json out = nlohmann::json::object();
    std::map<std::string, YAML::Node> seen;
    for (const auto& entry : node) {
      if (!is_text(entry.first)) {
        error(entry.first, "a service name must be a non-empty text" + expected_shape(shape));
        continue;
      }
      const std::string name = entry.first.Scalar();
      const std::string path = "services." + name;
      const std::string own_shape = fmt::format("services: {{{}: {{rto: 4h, rpo: 15m}}}}", name);
      if (const auto [it, inserted] = seen.emplace(name, entry.first); !inserted) {
        error(entry.first,
              fmt::format("duplicate service '{}' in services (line {}): keep only one{}", name,
                          location_of(it->second, file_).line, expected_shape(own_shape)));
        continue;
      }
      if (!entry.second.IsMap() || entry.second.size() == 0) {
        error(entry.second,
              fmt::format("'{}' must declare rto, rpo or both{}", path, expected_shape(own_shape)));
        continue;
      }
      const Place place{path, path + ".", "services: {" + name + ": {", "}}"};
      const Entries keys =
          entries(entry.second, place, field_keys(recovery_fields(), place), own_shape);
      nlohmann::json objectives = nlohmann::json::object();
      for (const auto& field : recovery_fields()) {
        const auto* found = find(keys, field.key);
        if (!found) continue;
        nlohmann::json declared = value(found->value, field, place);
        if (declared.is_null()) continue;
        const auto nanos = expr::parse_duration(declared.get<std::string>());
        auto& loosest = loosest_[field.key];
        if (nanos && (!loosest || *nanos > loosest->first)) loosest.emplace(*nanos, declared);
        objectives[field.key] = std::move(declared);
      }
      out[name] = objectives;
    }
    return out.empty() ? nullptr : out;  // `services: {}` declares none: absent
  }

  nlohmann::json list(const YAML::Node& node, const Section& section) {
    if (!node.IsSequence()) {
      error(node, fmt::format("'{}' must be a list{}", section.key,
                              expected_shape(section.key + ": " + section.example)));
      return nullptr;
    }
    nlohmann::json out = nlohmann::json::array();
    std::size_t index = 0;
    for (const auto& item : node) {
      const std::string what = fmt::format("{}[{}]", section.key, index++);
      auto value = object(item, section, Place{what, what + ".", section.key + ": [{", ", ...}]"});
      if (!value.is_null()) out.push_back(std::move(value));
    }
    return out;
  }

  nlohmann::json object(const YAML::Node& node, const Section& section, const Place& place) {
    const std::string shape = section.key + ": " + section.example;
    if (!node.IsMap()) {
      error(node, fmt::format("'{}' must be a mapping{}", place.what, expected_shape(shape)));
      return nullptr;
    }
    const Entries keys = entries(node, place, field_keys(section.fields, place), shape);
    nlohmann::json out = nlohmann::json::object();
    for (const auto& field : section.fields)
      if (const auto* entry = find(keys, field.key))
        put(out, field.key, value(entry->value, field, place));
    if (section.key == "change_freeze") check_period(keys, place, shape);
    return out;
  }

  // A freeze that ends before it starts is a typo in one of its dates.
  void check_period(const Entries& keys, const Place& place, const std::string& shape) {
    const auto* from_entry = find(keys, "from");
    const auto* to_entry = find(keys, "to");
    if (!from_entry || !to_entry || !from_entry->value.IsScalar() || !to_entry->value.IsScalar())
      return;
    const std::string from_text = from_entry->value.Scalar(), to_text = to_entry->value.Scalar();
    const auto from = parse_date(from_text);
    const auto to = parse_date(to_text);
    if (from && to && *to < *from)
      error(to_entry->value,
            fmt::format("'{}to' ({}) is before '{}from' ({}): a freeze ends on or after the day "
                        "it starts{}",
                        place.prefix, to_text, place.prefix, from_text, expected_shape(shape)));
  }

  // The checked value, or null (left out of the facts) after reporting why.
  nlohmann::json value(const YAML::Node& node, const Field& field, const Place& place) {
    const std::string path = place.prefix + field.key;
    const std::string shape = expected_shape(place.shape(field.key, field.example));
    switch (field.kind) {
      case Kind::boolean:
        return boolean(node, path, shape);
      case Kind::names:
        return names(node, path, shape);
      default:
        break;
    }
    if (!is_text(node)) {
      error(node, fmt::format("'{}' must be {}{}", path, expected(field.kind), shape));
      return nullptr;
    }
    const std::string text = node.Scalar();
    if (refuse_userinfo(node, path, field.kind, shape)) return nullptr;
    if (auto problem = check_text(text, field.kind)) {
      error(node, fmt::format("'{}' {}{}", path, *problem, shape));
      return nullptr;
    }
    return redactor().redact(text);
  }

  // A URL with user-info in any field (a link, gitops.repository, a text
  // that holds one) is refused at the user-info, never repeated: it would
  // put a password or a token (https://oauth2:glpat-...@gitlab.com) in
  // every snapshot and report. Only ssh://git@host (a user name alone, the
  // account every Git host uses) is a name, not a credential.
  bool refuse_userinfo(const YAML::Node& node, const std::string& path, Kind kind,
                       const std::string& shape) {
    const std::string& text = node.Scalar();
    for (std::size_t from = 0; from < text.size();) {
      const std::size_t url = url_start(text, from);
      if (url == std::string::npos) return false;
      const std::string_view rest = std::string_view(text).substr(url);
      const std::size_t at = userinfo_at(rest);
      if (at != std::string_view::npos && !(ssh_user(rest) && kind != Kind::link)) {
        error_at(node, url + at,
                 (kind == Kind::link
                      ? fmt::format("'{}' carries a user name or password (user:password@host): "
                                    "link to the page itself and let the auditor sign in",
                                    path)
                      : fmt::format("'{}' holds a URL with a user name or password "
                                    "(user:password@host): write it without them; credentials "
                                    "stay where the tools keep them",
                                    path)) +
                     shape);
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
        return "a date YYYY-MM-DD";
      case Kind::duration:
        return "a positive duration such as 15m, 4h or 7d";
      case Kind::objective:
        return "a positive duration such as 15m, 4h or 7d, or 0s for none";
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
          return fmt::format("must be an https:// link that an auditor can open; got '{}'",
                             redactor().redact(text));
        return std::nullopt;
      case Kind::date:
      case Kind::past_date:
        return check_date(text, kind);
      case Kind::duration: {
        const auto nanos = expr::parse_duration(text);
        if (!nanos || *nanos <= 0)
          return fmt::format(
              "must be a positive duration such as 15m, 4h or 7d (Go syntax plus d and w); "
              "got '{}'",
              redactor().redact(text));
        return std::nullopt;
      }
      case Kind::objective: {
        // Zero is an objective (rpo 0s: synchronous replication, nothing
        // lost); the rules judge whether it is plausible. A sign is not.
        const auto nanos = expr::parse_duration(text);
        if (!nanos || *nanos < 0 || text.starts_with('-') || text.starts_with('+'))
          return fmt::format(
              "must be a positive duration such as 15m, 4h or 7d (Go syntax plus d and w), "
              "or 0s for none; got '{}'",
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
      return fmt::format("must be a calendar date YYYY-MM-DD that exists; got '{}'",
                         redactor().redact(text));
    if (kind == Kind::past_date && *day > today_ + days{1})
      return fmt::format("is {}, after today ({}): write the day it took place", text,
                         format_date(today_));
    return std::nullopt;
  }

  nlohmann::json boolean(const YAML::Node& node, const std::string& path,
                         const std::string& shape) {
    const nlohmann::json value = yaml_to_json(node);
    if (value.is_boolean()) return value;
    error(node, fmt::format("'{}' must be true or false (not yes, not quoted){}", path, shape));
    return nullptr;
  }

  nlohmann::json names(const YAML::Node& node, const std::string& path, const std::string& shape) {
    if (!node.IsSequence()) {
      error(node, fmt::format("'{}' must be a list of names{}", path, shape));
      return nullptr;
    }
    nlohmann::json out = nlohmann::json::array();
    std::size_t index = 0;
    for (const auto& item : node) {
      const std::string item_path = fmt::format("{}[{}]", path, index++);
      if (!is_text(item))
        error(item, fmt::format("'{}' must be a non-empty text{}", item_path, shape));
      else if (!refuse_userinfo(item, item_path, Kind::text, shape))
        out.push_back(redactor().redact(item.Scalar()));
    }
    return out;
  }

  std::string file_;
  sys_days today_;
  DiagnosticSink& sink_;
  // The loosest objective per key (rto, rpo) among the services: its
  // nanoseconds and the text as declared.
  std::map<std::string, std::optional<std::pair<std::int64_t, nlohmann::json>>> loosest_;
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
               "declared.yaml holds one document: merge the documents or remove the '---'" +
                   expected_shape(kDocumentShape));
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
