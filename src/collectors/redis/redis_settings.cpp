#include "collectors/redis/redis_settings.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "golive/secrets.hpp"
#include "golive/text.hpp"
#include "golive/yaml.hpp"

namespace golive::collectors::redis {

namespace {

const std::vector<std::string> kTlsFiles = {"ca_file", "cert_file", "key_file", "server_name"};

// What the URL as written says about the target, as far as it could be
// checked (references hide what they will resolve to).
struct WrittenUrl {
  std::optional<bool> tls;  // unknown when a reference hides the scheme or host
  bool user = false;        // user-info names a user
  bool password = false;    // user-info holds a password (a reference, or an error)
};

WrittenUrl check_url(const YAML::Node& node, const std::string& file, DiagnosticSink& sink) {
  WrittenUrl written;
  const std::string text = scalar_string(node, file, "url", sink);
  if (text.empty() || text.rfind("${", 0) == 0) return written;  // all of it from a reference
  try {
    const UrlLayout layout = url_layout(text);
    const std::size_t user_end =
        layout.password == std::string_view::npos ? layout.host - 1 : layout.password - 1;
    written.user = layout.host > layout.scheme_end && user_end > layout.scheme_end;
    written.password = !layout.password_text.empty();
    if (written.password && !is_reference(layout.password_text))
      sink.error(location_in_scalar(node, file, layout.password),
                 "the URL holds a literal password: put the password in `password: "
                 "${env:NAME}` (golive.yaml never holds secrets)");
    if (has_reference(text.substr(layout.host))) return written;
    // The user-info is left out: references there resolve later, and the
    // password was checked above.
    const std::string checked = text.substr(0, layout.scheme_end) + text.substr(layout.host);
    try {
      written.tls = parse_url(checked).tls;
    } catch (const UrlError& e) {
      const std::size_t offset = e.offset() >= layout.scheme_end
                                     ? e.offset() - layout.scheme_end + layout.host
                                     : e.offset();
      sink.error(location_in_scalar(node, file, offset), e.what());
    }
  } catch (const UrlError& e) {
    sink.error(location_in_scalar(node, file, e.offset()), e.what());
  }
  return written;
}

bool has_key(const YAML::Node& target, const std::string& key) {
  return static_cast<bool>(target[key]);
}

}  // namespace

const std::vector<std::string>& target_keys() {
  static const std::vector<std::string> keys = {"url",      "role",        "username",
                                                "password", "ca_file",     "cert_file",
                                                "key_file", "server_name", "azure_resource"};
  return keys;
}

const std::vector<std::string>& roles() {
  static const std::vector<std::string> values = {"queue", "cache", "session"};
  return values;
}

void validate_target(const YAML::Node& target, const std::string& file, DiagnosticSink& sink) {
  for (const auto& key : target_keys())
    if (key != "url" && has_key(target, key)) scalar_string(target[key], file, key, sink);
  WrittenUrl url;
  if (has_key(target, "url")) url = check_url(target["url"], file, sink);

  if (const YAML::Node role = target["role"]; role && role.IsScalar()) {
    const auto& allowed = roles();
    if (std::find(allowed.begin(), allowed.end(), role.Scalar()) == allowed.end())
      sink.error(location_of(role, file),
                 fmt::format("'role' must be queue, cache or session (what the instance holds; "
                             "rules use it), not '{}'{}",
                             role.Scalar(), did_you_mean(role.Scalar(), allowed)));
  }
  if (has_key(target, "cert_file") && !has_key(target, "key_file"))
    sink.error(location_of(target["cert_file"], file),
               "'cert_file' needs 'key_file' (the client certificate's private key)");
  if (has_key(target, "key_file") && !has_key(target, "cert_file"))
    sink.error(location_of(target["key_file"], file),
               "'key_file' needs 'cert_file' (the client certificate it belongs to)");
  if (url.tls == false)
    for (const auto& key : kTlsFiles)
      if (has_key(target, key))
        sink.error(location_of(target[key], file),
                   fmt::format("'{}' only applies to TLS: use a rediss:// URL", key));
  if (url.user && has_key(target, "username"))
    sink.error(location_of(target["username"], file),
               "the user is given twice (in the URL and in 'username'): keep one");
  if (url.password && has_key(target, "password"))
    sink.error(location_of(target["password"], file),
               "the password is given twice (in the URL and in 'password'): keep 'password'");
  if (has_key(target, "username") && !has_key(target, "password") && !url.password)
    sink.error(location_of(target["username"], file),
               "'username' needs 'password: ${env:NAME}' (Redis ACL users log in with both)");
}

Target target_from(const nlohmann::json& settings, const std::string& config_dir) {
  // yaml_to_json types scalars: a numeric user name is still a name.
  auto text = [&](const char* key, const std::string& fallback = "") {
    const auto it = settings.find(key);
    if (it == settings.end() || it->is_null()) return fallback;
    return it->is_string() ? it->get<std::string>() : it->dump();
  };
  auto file = [&](const char* key) {
    const std::string path = text(key);
    if (path.empty() || std::filesystem::path(path).is_absolute()) return path;
    return (std::filesystem::path(config_dir) / path).string();
  };
  Target target;
  target.url = parse_url(text("url"));
  target.role = text("role");
  target.azure_resource = text("azure_resource");
  target.username = text("username", target.url.username);
  target.password = text("password", target.url.password);
  target.tls.enabled = target.url.tls;
  target.tls.ca_file = file("ca_file");
  target.tls.cert_file = file("cert_file");
  target.tls.key_file = file("key_file");
  target.tls.server_name = text("server_name");
  return target;
}

}  // namespace golive::collectors::redis
