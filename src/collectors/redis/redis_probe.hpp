#pragma once
// One Redis target, probed read-only by a deadline: connect (TLS for
// rediss://), AUTH when credentials are given, PING, INFO everything,
// CONFIG GET for the parameters of docs/facts.md, and PING on a second
// connection without credentials (does the server let anyone in?). Nothing
// else is sent: no command that writes, saves, flushes or reconfigures.

#include "collectors/redis/redis_settings.hpp"
#include "golive/collector.hpp"
#include "net/socket.hpp"

namespace golive::collectors::redis {

// The facts of the target and its status:
//   unreachable   cannot connect, TLS handshake or certificate failure,
//                 timeout, not a Redis server;
//   unauthorized  AUTH refused, or the server wants AUTH and none was given;
//   partial       INFO or CONFIG not available (unavailable.<fact> says why);
//   ok            otherwise.
// Even an unreachable target keeps its declared `role` and `target`, so the
// rules about it are unknown rather than skipped. Errors are redacted.
TargetOutcome probe(const Target& target, net::Clock::time_point deadline);

}  // namespace golive::collectors::redis
