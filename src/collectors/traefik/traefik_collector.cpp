#include "collectors/traefik/traefik_collector.hpp"

#include "collectors/traefik/live.hpp"
#include "collectors/traefik/settings.hpp"

namespace golive::collectors {

namespace {

class TraefikCollector final : public Collector {
 public:
  const CollectorSchema& schema() const override {
    static const CollectorSchema schema{
        "traefik",
        "Traefik's API (v2 and v3: entrypoints, routers, services with server status, "
        "middlewares) and the certificates and TLS versions its public hosts serve",
        traefik::setting_keys(),
        {"url"},
        {"traefik.version", "traefik.overview", "traefik.entrypoints[]", "traefik.routers[]",
         "traefik.services[]", "traefik.middlewares[]",
         "traefik.tcp.{routers,services,"
         "middlewares}[]",
         "traefik.udp.{routers,services}[]", "traefik.api_exposure", "traefik.certificates[]",
         "traefik.unavailable"},
        "  # (uncomment to audit Traefik; its API must be enabled: api.insecure on the\n"
        "  # internal `traefik` entrypoint, or a router to api@internal)\n"
        "  # traefik:\n"
        "  #   timeout: 20s\n"
        "  #   url: http://traefik.traefik.svc:9000   # the API's base (/api/... below it)\n"
        "  #   # basic_auth:                         # when the API is behind basicAuth\n"
        "  #   #   username: golive\n"
        "  #   #   password: ${env:TRAEFIK_API_PASSWORD}\n"
        "  #   # token: ${env:TRAEFIK_API_TOKEN}     # or a bearer token (forwardAuth)\n"
        "  #   # ca_file: traefik-ca.pem             # a private CA for an https:// url\n"
        "  #   public_hosts: [erp.example.com, shop.example.com:443]   # certificates read\n"};
    return schema;
  }

  void validate(const YAML::Node& section, const std::string& file,
                DiagnosticSink& sink) const override {
    traefik::validate_settings(section, file, sink);
  }

  CollectorResult collect(const CollectorRequest& request) const override {
    return traefik::collect_live(traefik::settings_from(request.settings, request.config_dir),
                                 stop_before(request.deadline));
  }
};

}  // namespace

std::unique_ptr<Collector> make_traefik_collector() {
  return std::make_unique<TraefikCollector>();
}

}  // namespace golive::collectors
