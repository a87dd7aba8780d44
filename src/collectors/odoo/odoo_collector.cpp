#include "collectors/odoo/odoo_collector.hpp"

#include <fmt/format.h>

#include "collectors/odoo/odoo_probe.hpp"
#include "collectors/odoo/odoo_settings.hpp"
#include "collectors/odoo/odoo_source.hpp"
#include "golive/collector_settings.hpp"
#include "golive/secrets.hpp"
#include "golive/text.hpp"

namespace golive::collectors {

namespace {

CollectorResult collect_odoo(const CollectorRequest& request) {
  const auto deadline = stop_before(request.deadline);
  nlohmann::json facts = nlohmann::json::object();
  nlohmann::json unavailable = nlohmann::json::object();
  std::vector<std::string> errors;
  std::string config_status, probe_status;

  const odoo::ConfigSource source = odoo::source_from(request.settings, request.config_dir);
  if (!source.kind.empty()) {
    facts["source"] = odoo::source_facts(source);
    odoo::ConfigRead read = odoo::read_config(source, deadline);
    config_status = read.status;
    if (read.status == "ok") {
      facts["config"] = std::move(read.config);
    } else {
      unavailable["config"] = read.error;
      errors.push_back("odoo.conf: " + read.error);
    }
  }
  if (const std::string url = odoo::text_of(request.settings, "url"); !url.empty()) {
    const std::string ca_file = odoo::text_of(request.settings, "ca_file");
    odoo::ProbeResult probe =
        odoo::probe(url, ca_file.empty() ? "" : config_path(ca_file, request.config_dir), deadline);
    const std::string error = redactor().redact(probe.error);
    probe_status = probe.unreachable ? "unreachable" : error.empty() ? "ok" : "partial";
    if (!probe.facts.is_null()) facts["probe"] = std::move(probe.facts);
    if (probe.unreachable) unavailable["probe"] = error;
    if (!error.empty()) errors.push_back("probe: " + error);
  }
  // Rules over what was not read are unknown (odoo.unavailable keeps the
  // key present), never skipped or passed.
  if (!unavailable.empty()) facts["unavailable"] = std::move(unavailable);

  CollectorResult result;
  result.status = odoo::combined_status(config_status, probe_status);
  result.error = join(errors, "; ");
  result.facts["odoo"] = std::move(facts);
  return result;
}

class OdooCollector final : public Collector {
 public:
  const CollectorSchema& schema() const override {
    static const CollectorSchema schema{
        "odoo",
        "Odoo: odoo.conf (a file, or a Kubernetes ConfigMap/Secret), secrets removed, and a probe "
        "of its URL",
        {"config_file", "config_from", "url", "ca_file"},
        {},
        {"odoo.source", "odoo.config.<option>", "odoo.config.admin_passwd_set",
         "odoo.config.admin_passwd_hashed", "odoo.probe", "odoo.unavailable"},
        "  # (uncomment to audit Odoo: its odoo.conf, secrets removed, and its public URL)\n"
        "  # odoo:\n"
        "  #   timeout: 20s\n"
        "  #   config_file: odoo.conf         # relative to this file; or, from the cluster\n"
        "  #   # config_from: {kind: Secret, namespace: odoo, name: odoo-conf, key: odoo.conf}\n"
        "  #   #   (optional in it: kubeconfig, context — as the k8s collector)\n"
        "  #   url: https://erp.example.com   # probed: /web/health, /web/database/manager "
        "and /selector, version\n"
        "  #   # ca_file: ca.pem              # https: trusted CAs (default: the system's)\n"};
    return schema;
  }

  void validate(const YAML::Node& section, const std::string& file,
                DiagnosticSink& sink) const override {
    odoo::validate_settings(section, file, sink);
  }

  CollectorResult collect(const CollectorRequest& request) const override {
    return collect_odoo(request);
  }
};

}  // namespace

namespace odoo {

std::string combined_status(const std::string& config, const std::string& probe) {
  bool whole = true, read = false, unauthorized = false;
  for (const auto& status : {config, probe}) {
    if (status.empty()) continue;
    whole = whole && status == "ok";
    read = read || status == "ok" || status == "partial";
    unauthorized = unauthorized || status == "unauthorized";
  }
  if (whole) return "ok";
  if (read) return "partial";  // something was read: never "nothing was"
  return unauthorized ? "unauthorized" : "unreachable";
}

}  // namespace odoo

std::unique_ptr<Collector> make_odoo_collector() {
  return std::make_unique<OdooCollector>();
}

}  // namespace golive::collectors
