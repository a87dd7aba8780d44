#include "collectors/redis/redis_probe.hpp"

#include <fmt/format.h>

#include "collectors/redis/redis_client.hpp"
#include "collectors/redis/redis_config.hpp"
#include "collectors/redis/redis_info.hpp"
#include "collectors/redis/redis_replies.hpp"
#include "golive/secrets.hpp"
#include "golive/text.hpp"

namespace golive::collectors::redis {

namespace {

using net::Clock;

// A probe step that ends the probe with a status.
struct Stop {
  std::string status;
  std::string error;
};

nlohmann::json declared_facts(const Target& target) {
  nlohmann::json facts = {
      {"target", {{"host", target.url.host}, {"port", target.url.port}, {"tls", target.url.tls}}}};
  if (!target.role.empty()) facts["role"] = target.role;
  if (!target.azure_resource.empty()) facts["target"]["azure_resource"] = target.azure_resource;
  return facts;
}

Client connect(const Target& target, Clock::time_point deadline) {
  return Client(net::Connection::open(target.url.host, target.url.port, target.tls, deadline));
}

void authenticate(Client& client, const Target& target, Clock::time_point deadline) {
  if (!target.has_credentials()) return;
  std::vector<std::string> command = {"AUTH"};
  if (!target.username.empty()) command.push_back(target.username);
  command.push_back(target.password);
  const Reply reply = client.command(command, deadline);
  if (reply.is_error())
    throw Stop{"unauthorized", fmt::format("AUTH failed: {}", short_error(reply.text))};
}

// PING proves the server speaks Redis and lets us in. Without credentials,
// its answer is also whether anyone may connect (auth_required).
void ping(Client& client, const Target& target, nlohmann::json& facts, Clock::time_point deadline) {
  const Reply reply = client.command({"PING"}, deadline);
  if (reply.is_error() && classify_error(reply.text) == ErrorKind::authentication_required) {
    if (!target.has_credentials()) facts["auth_required"] = true;
    throw Stop{"unauthorized",
               fmt::format("the server requires authentication ({}): give the target "
                           "'password: ${{env:NAME}}' (and 'username' for an ACL user)",
                           short_error(reply.text))};
  }
  if (!target.has_credentials() && !reply.is_error()) facts["auth_required"] = false;
}

void read_info(Client& client, nlohmann::json& facts, Clock::time_point deadline) {
  Reply reply = client.command({"INFO", "everything"}, deadline);
  if (reply.is_error()) reply = client.command({"INFO"}, deadline);  // servers without sections
  if (reply.is_error()) {
    facts["unavailable"]["info"] = fmt::format("INFO failed ({})", short_error(reply.text));
    return;
  }
  facts["info"] = parse_info(reply.text);
}

void read_config(Client& client, nlohmann::json& facts, Clock::time_point deadline) {
  ConfigFacts config = config_facts(client.pipeline(config_commands(), deadline));
  if (config.config.is_null())
    facts["unavailable"]["config"] = config.unavailable;
  else
    facts["config"] = std::move(config.config);
}

// Does a client without credentials get in? A second connection sends PING
// and nothing else. When it cannot run, auth_required stays absent.
void probe_anonymous(const Target& target, nlohmann::json& facts, Clock::time_point deadline) {
  try {
    Client anonymous = connect(target, deadline);
    const Reply reply = anonymous.command({"PING"}, deadline);
    if (!reply.is_error()) {
      facts["auth_required"] = false;
      return;
    }
    const ErrorKind kind = classify_error(reply.text);
    if (kind == ErrorKind::authentication_required || kind == ErrorKind::wrong_credentials ||
        kind == ErrorKind::not_permitted)
      facts["auth_required"] = true;
  } catch (const net::TransportError&) {
  }
}

std::string describe(const net::TransportError& error, const Target& target,
                     Clock::time_point started) {
  std::string text = error.what();
  if (error.kind() == net::TransportError::Kind::timed_out)
    text += fmt::format(" after {:.1f}s (timeout)",
                        std::chrono::duration<double>(Clock::now() - started).count());
  if (error.kind() == net::TransportError::Kind::closed && !target.url.tls)
    text += " (if the port serves TLS, use a rediss:// URL)";
  return text;
}

// Facts that could not be read make the target partial, and say which.
void note_unavailable(TargetOutcome& outcome) {
  if (!outcome.facts.contains("unavailable")) return;
  std::vector<std::string> reasons;
  for (const auto& [fact, reason] : outcome.facts["unavailable"].items())
    reasons.push_back(fmt::format("{} not collected: {}", fact, reason.get<std::string>()));
  outcome.error = join(reasons, "; ");
  if (outcome.status == "ok") outcome.status = "partial";
}

}  // namespace

TargetOutcome probe(const Target& target, Clock::time_point deadline) {
  const auto started = Clock::now();
  TargetOutcome outcome;
  outcome.facts = declared_facts(target);
  try {
    Client client = connect(target, deadline);
    authenticate(client, target, deadline);
    ping(client, target, outcome.facts, deadline);
    read_info(client, outcome.facts, deadline);
    read_config(client, outcome.facts, deadline);
    if (target.has_credentials()) probe_anonymous(target, outcome.facts, deadline);
    note_unavailable(outcome);
  } catch (const Stop& stop) {
    outcome.status = stop.status;
    outcome.error = stop.error;
  } catch (const net::TransportError& error) {
    outcome.status = "unreachable";
    outcome.error = describe(error, target, started);
  }
  outcome.error = redactor().redact(outcome.error);
  return outcome;
}

}  // namespace golive::collectors::redis
