#pragma once
// PostgreSQL values, as text in their type's output form, into JSON as
// docs/facts.md says: numbers as numbers (bigint included), booleans as
// booleans, intervals as seconds, timestamps as RFC 3339 in UTC, arrays as
// lists, json as JSON, NULL as null, anything else (pg_lsn, inet, name,
// text, ...) as its text. The session settings of queries.hpp (TimeZone
// UTC, DateStyle ISO, IntervalStyle postgres) fix the forms parsed here.

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace golive::collectors::postgres {

// Type OIDs golive converts (pg_type.oid; stable across versions).
namespace oid {
constexpr unsigned kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26, kXid = 28,
                   kJson = 114, kFloat4 = 700, kFloat8 = 701, kInt2Array = 1005, kInt4Array = 1007,
                   kTextArray = 1009, kNameArray = 1003, kVarcharArray = 1015, kInt8Array = 1016,
                   kTimestamp = 1114, kTimestamptz = 1184, kInterval = 1186, kNumeric = 1700,
                   kJsonb = 3802, kXid8 = 5069;
}  // namespace oid

// One value: `text` is nullopt for SQL NULL.
nlohmann::json convert_value(unsigned type_oid, std::optional<std::string_view> text);

// An interval in the postgres style ("1 year 2 mons 3 days 04:05:06.5",
// "-00:00:01") in seconds, with PostgreSQL's own year (365.25 days) and
// month (30 days), as EXTRACT(EPOCH FROM ...) counts them.
std::optional<double> interval_seconds(std::string_view text);

// An ISO timestamp ("2026-11-20 09:28:41.402+00") as RFC 3339
// ("2026-11-20T09:28:41.402Z"); nullopt for anything else (infinity, BC).
std::optional<std::string> rfc3339_timestamp(std::string_view text);

// A one-dimensional array literal ({a,"b c",NULL}) as its elements, NULL as
// nullopt; nullopt when it is not such a literal.
std::optional<std::vector<std::optional<std::string>>> array_elements(std::string_view text);

}  // namespace golive::collectors::postgres
