#include <catch2/catch.hpp>

#include "collectors/postgres/values.hpp"

using namespace golive::collectors::postgres;

namespace {
nlohmann::json convert(unsigned type, const char* text) {
  return convert_value(type, text ? std::optional<std::string_view>(text) : std::nullopt);
}
}  // namespace

TEST_CASE("numbers become JSON numbers, bigint and xid8 included", "[postgres]") {
  CHECK(convert(oid::kInt4, "1000") == 1000);
  CHECK(convert(oid::kInt8, "9223372036854775807") == INT64_MAX);
  CHECK(convert(oid::kXid8, "18446744073709551615") == UINT64_MAX);
  CHECK(convert(oid::kInt2, "-1") == -1);
  CHECK(convert(oid::kNumeric, "123456789012") == 123456789012LL);
  CHECK(convert(oid::kNumeric, "3.25") == 3.25);
  CHECK(convert(oid::kFloat8, "1e-05") == 1e-05);
  CHECK(convert(oid::kNumeric, "NaN") == "NaN");
  CHECK(convert(oid::kFloat8, "Infinity") == "Infinity");
  CHECK(convert(oid::kInt4, "12").is_number_integer());
}

TEST_CASE("booleans, NULL, json and text", "[postgres]") {
  CHECK(convert(oid::kBool, "t") == true);
  CHECK(convert(oid::kBool, "f") == false);
  CHECK(convert(oid::kInt4, nullptr).is_null());
  CHECK(convert(oid::kTimestamptz, nullptr).is_null());
  CHECK(convert(oid::kJson, R"({"active": 2, "idle in transaction": 1})") ==
        nlohmann::json{{"active", 2}, {"idle in transaction", 1}});
  CHECK(convert(oid::kJsonb, "{}") == nlohmann::json::object());
  CHECK(convert(3220 /* pg_lsn */, "0/3000148") == "0/3000148");
  CHECK(convert(869 /* inet */, "127.0.0.1") == "127.0.0.1");
  CHECK(convert(25 /* text */, "on") == "on");
}

TEST_CASE("intervals become seconds", "[postgres]") {
  CHECK(interval_seconds("00:00:03.8") == Approx(3.8));
  CHECK(interval_seconds("00:00:00.000412") == Approx(0.000412));
  CHECK(interval_seconds("-00:00:01.5") == Approx(-1.5));
  CHECK(interval_seconds("1 day 02:00:00") == Approx(93600));
  CHECK(interval_seconds("3 days") == Approx(259200));
  CHECK(interval_seconds("-1 days +02:03:04") == Approx(-86400 + 7384));
  CHECK(interval_seconds("1 year 2 mons") == Approx(365.25 * 86400 + 60 * 86400));
  CHECK(interval_seconds("100:00:00") == Approx(360000));
  CHECK_FALSE(interval_seconds("P1D"));
  CHECK_FALSE(interval_seconds("1 fortnight"));
  CHECK_FALSE(interval_seconds(""));
  CHECK(convert(oid::kInterval, "00:00:00.25") == 0.25);
  CHECK(convert(oid::kInterval, "whatever") == "whatever");
}

TEST_CASE("timestamps become RFC 3339 in UTC", "[postgres]") {
  CHECK(rfc3339_timestamp("2026-11-20 09:28:41.402+00") == "2026-11-20T09:28:41.402Z");
  CHECK(rfc3339_timestamp("2026-11-20 09:28:41+00:00") == "2026-11-20T09:28:41Z");
  CHECK(rfc3339_timestamp("2026-11-20 09:28:41.123456") == "2026-11-20T09:28:41.123456Z");
  CHECK(rfc3339_timestamp("2026-11-20 10:28:41+01") == "2026-11-20T10:28:41+01:00");
  CHECK(rfc3339_timestamp("2026-11-20 10:28:41+05:30") == "2026-11-20T10:28:41+05:30");
  CHECK_FALSE(rfc3339_timestamp("infinity"));
  CHECK_FALSE(rfc3339_timestamp("0044-03-15 12:00:00+00 BC"));
  // rolvaliduntil 'infinity' stays the string rules compare with
  CHECK(convert(oid::kTimestamptz, "infinity") == "infinity");
  CHECK(convert(oid::kTimestamptz, "2026-06-02 09:51:07.113+00") == "2026-06-02T09:51:07.113Z");
}

TEST_CASE("one-dimensional arrays become lists", "[postgres]") {
  CHECK(convert(oid::kTextArray, "{all}") == nlohmann::json{"all"});
  CHECK(convert(oid::kTextArray, R"({odoo,"a b","q\"uote",NULL,"NULL"})") ==
        nlohmann::json{"odoo", "a b", "q\"uote", nullptr, "NULL"});
  CHECK(convert(oid::kNameArray, "{}") == nlohmann::json::array());
  CHECK(convert(oid::kInt4Array, "{1,2,NULL}") == nlohmann::json{1, 2, nullptr});
  CHECK(convert(oid::kTextArray, "{{a,b},{c,d}}") == "{{a,b},{c,d}}");  // not one-dimensional
  CHECK_FALSE(array_elements("{\"unterminated}"));
}
