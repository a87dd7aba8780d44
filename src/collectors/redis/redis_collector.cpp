#include "collectors/redis/redis_collector.hpp"

#include <fmt/format.h>

#include "collectors/redis/redis_probe.hpp"
#include "collectors/redis/redis_settings.hpp"
#include "golive/secrets.hpp"

namespace golive::collectors {

namespace {

class RedisCollector final : public Collector {
 public:
  const CollectorSchema& schema() const override {
    static const CollectorSchema schema{
        "redis",
        "Redis instances, read-only (AUTH, PING, INFO, CONFIG GET), over TCP or TLS",
        {"targets"},
        {"targets"},
        {"redis.<name>.role", "redis.<name>.target", "redis.<name>.auth_required",
         "redis.<name>.info", "redis.<name>.config", "redis.<name>.unavailable"},
        "  redis:\n"
        "    timeout: 10s\n"
        "    targets:                          # one entry per instance; the name is the fact key\n"
        "      odoo-cache:\n"
        "        url: redis://localhost:6379/0   # redis:// plain TCP, rediss:// TLS (Azure: "
        "rediss://NAME.redis.cache.windows.net:6380)\n"
        "        role: cache                     # queue | cache | session: what it holds (rules "
        "use it)\n"
        "        # username: golive              # ACL user (Redis 6+)\n"
        "        # password: ${env:REDIS_PASSWORD}\n"
        "        # ca_file: ca.pem               # TLS: trusted CAs (default: the system's)\n"
        "        # cert_file: client.pem         # TLS client certificate, with key_file\n"
        "        # key_file: client.key\n"
        "        # server_name: redis.internal   # TLS: name sent (SNI) and verified\n"
        "        # azure_resource: redis-prod     # the Azure cache it is, when the host name\n"
        "        #                                # does not say (rules then also read ARM)\n"};
    return schema;
  }

  void validate(const YAML::Node& section, const std::string& file,
                DiagnosticSink& sink) const override {
    validate_targets(section, file, "redis", redis::target_keys(), {"url"}, sink,
                     [&](const YAML::Node& target) { redis::validate_target(target, file, sink); });
  }

  CollectorResult collect(const CollectorRequest& request) const override {
    const auto deadline = stop_before(request.deadline);
    return collect_targets(
        "redis", request, [&](const std::string&, const nlohmann::json& settings) {
          try {
            return redis::probe(redis::target_from(settings, request.config_dir), deadline);
          } catch (const redis::UrlError& e) {
            // Only a reference can make a URL invalid here (golive.yaml's own
            // text was checked when it was loaded).
            return TargetOutcome{
                "unreachable",
                redactor().redact(fmt::format("the url, once its references are resolved, is "
                                              "not valid: {}",
                                              e.what())),
                nullptr};
          }
        });
  }
};

}  // namespace

std::unique_ptr<Collector> make_redis_collector() {
  return std::make_unique<RedisCollector>();
}

}  // namespace golive::collectors
