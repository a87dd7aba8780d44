#pragma once
// The `config` facts: CONFIG GET for the parameters docs/facts.md lists, as
// strings, and requirepass reduced to `requirepass_set` (its value is never
// kept). All or nothing: when the server or the ACL user refuses CONFIG,
// `config` is absent and the reason goes to `unavailable.config`.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "collectors/redis/redis_client.hpp"

namespace golive::collectors::redis {

// The parameters asked for, in order; requirepass is the last.
const std::vector<std::string>& config_parameters();

// The CONFIG GET commands for config_parameters(), one each (Redis before 7
// takes a single parameter per CONFIG GET).
std::vector<std::vector<std::string>> config_commands();

struct ConfigFacts {
  nlohmann::json config;    // null when CONFIG is not available
  std::string unavailable;  // why, when it is not
};

// Turns the replies to config_commands() into facts. A parameter this
// server does not know (an empty reply) is left out.
ConfigFacts config_facts(const std::vector<Reply>& replies);

}  // namespace golive::collectors::redis
