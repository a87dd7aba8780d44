#pragma once
// INFO's text, as facts: every `field:value` line under its section name in
// lower case, typed (canonical integers become JSON integers, decimals JSON
// numbers, anything else stays a string), with `keyspace.dbN` and
// replication's `slaveN` lines split into objects. The shapes are the
// contract of docs/facts.md (`redis.<name>.info`).

#include <string_view>

#include <nlohmann/json.hpp>

namespace golive::collectors::redis {

// The typed value of one INFO value: 42 -> 42, 1.12 -> 1.12, "-1" -> -1,
// "00000000" (a SHA, not a number) -> "00000000", "7.0.15" -> "7.0.15".
nlohmann::json typed_value(std::string_view text);

// "keys=1,expires=0,avg_ttl=0" -> {"keys": 1, "expires": 0, "avg_ttl": 0}.
nlohmann::json typed_fields(std::string_view text);

// The whole INFO reply, as {"server": {...}, "clients": {...}, ...}.
nlohmann::json parse_info(std::string_view text);

}  // namespace golive::collectors::redis
