#include "collectors/odoo/odoo_source.hpp"

#include <fmt/format.h>

#include "collectors/k8s/exec_credential.hpp"
#include "collectors/k8s/kubeconfig.hpp"
#include "collectors/odoo/odoo_conf.hpp"
#include "golive/collector_settings.hpp"
#include "golive/diagnostics.hpp"
#include "golive/secrets.hpp"
#include "golive/text.hpp"

namespace golive::collectors::odoo {

namespace {

ConfigRead failure(std::string status, const std::string& error) {
  ConfigRead read;
  read.status = std::move(status);
  read.error = redactor().redact(error);
  return read;
}

// "ConfigMap odoo/odoo-conf key odoo.conf": where the text came from, as
// the position of parse errors.
std::string object_origin(const ConfigSource& source) {
  return fmt::format("{} {}/{} key {}", source.kind, source.namespace_name, source.name,
                     source.key);
}

ConfigRead parse(const std::string& text, const std::string& origin) {
  ConfigRead read;
  try {
    read.config = parse_odoo_conf(text, origin);
  } catch (const InputError& e) {
    return failure("unreachable", fmt::format("odoo.conf is not valid: {}", e.what()));
  }
  return read;
}

ConfigRead read_object(const ConfigSource& source, std::chrono::steady_clock::time_point deadline,
                       const k8s::HttpTransport& transport) {
  k8s::ClusterCredentials credentials;
  try {
    credentials = k8s::load_credentials(k8s::kubeconfig_files(source.kubeconfig, source.config_dir),
                                        source.context);
    k8s::apply_exec_plugin(credentials, deadline);
  } catch (const InputError& e) {
    return failure("unreachable", e.what());  // changed since golive.yaml was checked
  } catch (const k8s::ExecError& e) {
    return failure("unauthorized", e.what());
  }
  const k8s::ApiClient client(std::move(credentials), deadline, transport);
  const std::string plural = source.kind == "Secret" ? "secrets" : "configmaps";
  const k8s::ApiResponse response =
      client.get(fmt::format("/api/v1/namespaces/{}/{}/{}", url_encode(source.namespace_name),
                             plural, url_encode(source.name)));
  if (!response.ok()) {
    const bool refused = response.status == k8s::ApiStatus::unauthorized ||
                         response.status == k8s::ApiStatus::forbidden;
    return failure(refused ? "unauthorized" : "unreachable",
                   fmt::format("{} {}/{}: {}", source.kind, source.namespace_name, source.name,
                               response.error));
  }
  const nlohmann::json data = response.body.value("data", nlohmann::json::object());
  const auto value = data.is_object() ? data.find(source.key) : data.end();
  if (value == data.end() || !value->is_string())
    return failure("unreachable", fmt::format("{} {}/{} has no key '{}'", source.kind,
                                              source.namespace_name, source.name, source.key));
  if (source.kind == "ConfigMap") return parse(value->get<std::string>(), object_origin(source));
  const auto decoded = base64_decode(value->get<std::string>());
  if (!decoded)
    return failure("unreachable",
                   fmt::format("{}: the value is not base64", object_origin(source)));
  return parse(*decoded, object_origin(source));
}

}  // namespace

std::string text_of(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

ConfigSource source_from(const nlohmann::json& settings, const std::string& config_dir) {
  ConfigSource source;
  if (const std::string file = text_of(settings, "config_file"); !file.empty()) {
    source.kind = "File";
    source.path = config_path(file, config_dir);
    return source;
  }
  const auto from = settings.find("config_from");
  if (from == settings.end() || !from->is_object()) return source;
  source.kind = text_of(*from, "kind");
  source.namespace_name = text_of(*from, "namespace");
  source.name = text_of(*from, "name");
  source.key = text_of(*from, "key");
  source.context = text_of(*from, "context");
  source.kubeconfig = text_of(*from, "kubeconfig");
  source.config_dir = config_dir;
  return source;
}

nlohmann::json source_facts(const ConfigSource& source) {
  if (source.kind == "File") return {{"kind", "File"}, {"path", source.path}};
  return {{"kind", source.kind},
          {"namespace", source.namespace_name},
          {"name", source.name},
          {"key", source.key}};
}

ConfigRead read_config(const ConfigSource& source, std::chrono::steady_clock::time_point deadline,
                       const k8s::HttpTransport& transport) {
  if (source.kind != "File") return read_object(source, deadline, transport);
  try {
    return parse(read_file(source.path), source.path);
  } catch (const InputError& e) {
    return failure("unreachable", e.what());  // gone since golive.yaml was checked
  }
}

}  // namespace golive::collectors::odoo
