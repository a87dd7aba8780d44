#include "collectors/redis/redis_config.hpp"

#include <fmt/format.h>

#include "collectors/redis/redis_replies.hpp"

namespace golive::collectors::redis {

namespace {

const char* const kRequirepass = "requirepass";

// Why CONFIG GET was refused, for unavailable.config and the status.
std::string refusal(const Reply& reply) {
  const std::string error = short_error(reply.text);
  switch (classify_error(reply.text)) {
    case ErrorKind::unknown_command:
      return fmt::format("CONFIG GET is disabled by the server ({})", error);
    case ErrorKind::not_permitted:
      return fmt::format("CONFIG GET is not permitted to this user ({})", error);
    default:
      return fmt::format("CONFIG GET failed ({})", error);
  }
}

}  // namespace

const std::vector<std::string>& config_parameters() {
  static const std::vector<std::string> parameters = {"maxmemory",
                                                      "maxmemory-policy",
                                                      "appendonly",
                                                      "appendfsync",
                                                      "save",
                                                      "protected-mode",
                                                      "bind",
                                                      "port",
                                                      "tls-port",
                                                      "timeout",
                                                      "tcp-keepalive",
                                                      "maxclients",
                                                      "min-replicas-to-write",
                                                      kRequirepass};
  return parameters;
}

std::vector<std::vector<std::string>> config_commands() {
  std::vector<std::vector<std::string>> commands;
  for (const auto& parameter : config_parameters())
    commands.push_back({"CONFIG", "GET", parameter});
  return commands;
}

ConfigFacts config_facts(const std::vector<Reply>& replies) {
  const auto& parameters = config_parameters();
  ConfigFacts facts;
  facts.config = nlohmann::json::object();
  for (std::size_t i = 0; i < parameters.size() && i < replies.size(); ++i) {
    const Reply& reply = replies[i];
    if (reply.is_error()) return {nullptr, refusal(reply)};
    // [name, value]; an empty array for a parameter this version lacks.
    if (reply.type != Reply::Type::array || reply.elements.size() < 2) continue;
    const std::string& value = reply.elements[1].text;
    if (parameters[i] == kRequirepass)
      facts.config["requirepass_set"] = !value.empty();
    else
      facts.config[parameters[i]] = value;
  }
  return facts;
}

}  // namespace golive::collectors::redis
