#include "collectors/odoo/odoo_settings.hpp"

#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "collectors/k8s/kubeconfig.hpp"
#include "collectors/odoo/odoo_conf.hpp"
#include "golive/collector_settings.hpp"
#include "golive/text.hpp"
#include "golive/yaml.hpp"

namespace golive::collectors::odoo {

namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kFromKeys = {"kind", "namespace",  "name",
                                            "key",  "kubeconfig", "context"};

std::string directory_of(const std::string& file) {
  return fs::path(file).parent_path().string();
}

void check_config_file(const YAML::Node& node, const std::string& file, DiagnosticSink& sink) {
  const std::string path = scalar_string(node, file, "config_file", sink);
  if (path.empty()) return;
  const std::string resolved = config_path(path, directory_of(file));
  // A file that is not there is a mistake in golive.yaml: said at the
  // config_file line, like the declared collector's file.
  std::error_code ignored;
  std::string problem, text;
  if (fs::is_directory(resolved, ignored))
    problem = "is a directory, not odoo.conf";
  else if (!fs::exists(resolved, ignored))
    problem = "not found: correct 'config_file' (relative to golive.yaml)";
  else if (!fs::is_regular_file(resolved, ignored))
    problem = "is not a regular file";
  else
    try {
      text = read_file(resolved);
    } catch (const InputError&) {
      problem = "cannot be read: check its permissions";
    }
  if (!problem.empty()) {
    sink.error(location_of(node, file), fmt::format("'config_file' {} {}", path, problem));
    return;
  }
  try {
    parse_odoo_conf(text, resolved);
  } catch (const InputError& e) {
    sink.merge(e);
  }
}

void check_config_from(const YAML::Node& from, const std::string& file, DiagnosticSink& sink) {
  if (!from.IsMap()) {
    sink.error(location_of(from, file),
               "'config_from' must be a mapping: {kind: ConfigMap|Secret, namespace, name, key}");
    return;
  }
  DiagnosticSink own;
  check_keys(from, file, "config_from", kFromKeys, {"kind", "namespace", "name", "key"}, own);
  for (const auto& key : kFromKeys)
    if (from[key]) scalar_string(from[key], file, key, own);
  if (const YAML::Node kind = from["kind"];
      kind && kind.IsScalar() && kind.Scalar() != "ConfigMap" && kind.Scalar() != "Secret")
    own.error(location_of(kind, file),
              fmt::format("'kind' must be ConfigMap or Secret, not '{}'{}", kind.Scalar(),
                          did_you_mean(kind.Scalar(), {"ConfigMap", "Secret"})));
  if (!own.empty()) {
    try {
      own.throw_if_any();
    } catch (const InputError& e) {
      sink.merge(e);
    }
    return;
  }
  // A context that is not in the kubeconfig is a mistake in the input.
  try {
    k8s::load_credentials(
        k8s::kubeconfig_files(from["kubeconfig"] ? from["kubeconfig"].Scalar() : "",
                              directory_of(file)),
        from["context"] ? from["context"].Scalar() : "");
  } catch (const InputError& e) {
    sink.merge(e);
  }
}

// An http(s) URL with a host and without user-info or query: the probe
// appends Odoo's paths to it.
void check_url(const YAML::Node& node, const std::string& file, DiagnosticSink& sink) {
  const std::string url = scalar_string(node, file, "url", sink);
  if (url.empty()) return;
  const std::size_t scheme_end = url.find("://");
  const std::string scheme =
      scheme_end == std::string::npos ? "" : to_lower(url.substr(0, scheme_end));
  const std::string rest = scheme_end == std::string::npos ? "" : url.substr(scheme_end + 3);
  const std::string authority = rest.substr(0, rest.find('/'));
  if (scheme != "http" && scheme != "https")
    sink.error(location_of(node, file),
               "'url' must start with https:// or http:// (Odoo's public URL, e.g. "
               "https://erp.example.com)");
  else if (authority.empty())
    sink.error(location_in_scalar(node, file, scheme_end + 3), "'url' has no host");
  else if (authority.find('@') != std::string::npos)
    sink.error(location_in_scalar(node, file, scheme_end + 3),
               "'url' must not hold a user or password: the probe reads public pages only");
  else if (rest.find_first_of("?#") != std::string::npos)
    sink.error(location_in_scalar(node, file, scheme_end + 3 + rest.find_first_of("?#")),
               "'url' must not hold a query or fragment: the probe appends Odoo's paths to it");
}

bool https_url(const YAML::Node& url) {
  return url && url.IsScalar() && to_lower(url.Scalar()).rfind("https://", 0) == 0;
}

}  // namespace

void validate_settings(const YAML::Node& section, const std::string& file, DiagnosticSink& sink) {
  const YAML::Node config_file = section["config_file"];
  const YAML::Node config_from = section["config_from"];
  const YAML::Node url = section["url"];
  if (config_file && config_from)
    sink.error(location_of(config_from, file),
               "give odoo.conf once: 'config_file' (a file) or 'config_from' (a ConfigMap or "
               "Secret), not both");
  if (!config_file && !config_from && !url)
    sink.error(location_of(section, file),
               "the odoo section needs 'config_file' or 'config_from' (odoo.conf), 'url' (the "
               "probe), or both");
  if (config_file) check_config_file(config_file, file, sink);
  if (config_from && !config_file) check_config_from(config_from, file, sink);
  if (url) check_url(url, file, sink);
  if (const YAML::Node ca_file = section["ca_file"]) {
    const std::string path = scalar_string(ca_file, file, "ca_file", sink);
    if (!path.empty() && !https_url(url))
      sink.error(location_of(ca_file, file), "'ca_file' only applies to an https:// 'url'");
    else if (!path.empty() && !fs::is_regular_file(config_path(path, directory_of(file))))
      sink.error(location_of(ca_file, file),
                 fmt::format("'ca_file' {} is not a readable file", path));
  }
}

}  // namespace golive::collectors::odoo
