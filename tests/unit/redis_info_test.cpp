// INFO typing (docs/facts.md, redis.<name>.info) over real replies:
// redis-server 7.0 captured by the test harness, and a Redis 6.0 reply in
// the shape Azure Cache for Redis gives (tests/fixtures/redis/README.md).

#include <catch2/catch.hpp>

#include "collectors/redis/redis_info.hpp"
#include "golive/text.hpp"

using golive::collectors::redis::parse_info;
using golive::collectors::redis::typed_fields;
using golive::collectors::redis::typed_value;

namespace {

nlohmann::json fixture(const std::string& name) {
  return parse_info(
      golive::read_file(std::string(GOLIVE_SOURCE_DIR) + "/tests/fixtures/redis/" + name));
}

}  // namespace

TEST_CASE("INFO values: canonical integers and decimals become numbers, the rest strings") {
  CHECK(typed_value("42") == 42);
  CHECK(typed_value("42").is_number_integer());
  CHECK(typed_value("-1") == -1);
  CHECK(typed_value("0") == 0);
  CHECK(typed_value("1.12").is_number_float());
  CHECK(typed_value("1.12") == Approx(1.12));
  CHECK(typed_value("0.000000") == 0.0);
  CHECK(typed_value("18446744073709551615") == 18446744073709551615ULL);
  CHECK(typed_value("123456789012345678901234567890") == "123456789012345678901234567890");
  // Identifiers and human forms stay text.
  CHECK(typed_value("00000000") == "00000000");
  CHECK(typed_value("7.0.15") == "7.0.15");
  CHECK(typed_value("1.85G") == "1.85G");
  CHECK(typed_value("94.50%") == "94.50%");
  CHECK(typed_value("") == "");
  CHECK(typed_value("1e3") == "1e3");
  CHECK(typed_value(".5") == ".5");
  CHECK(typed_value("noeviction") == "noeviction");
}

TEST_CASE("INFO key=value lists become typed objects") {
  CHECK(typed_fields("keys=25,expires=5,avg_ttl=3599900") ==
        nlohmann::json{{"keys", 25}, {"expires", 5}, {"avg_ttl", 3599900}});
  CHECK(typed_fields("ip=127.0.0.1,port=6380,state=online,offset=0,lag=0") ==
        nlohmann::json{
            {"ip", "127.0.0.1"}, {"port", 6380}, {"state", "online"}, {"offset", 0}, {"lag", 0}});
}

TEST_CASE("INFO everything of redis-server 7.0 is typed as docs/facts.md says") {
  const auto info = fixture("info-7.0-master.txt");
  for (const char* section :
       {"server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules",
        "commandstats", "errorstats", "latencystats", "cluster", "keyspace"})
    CHECK(info.contains(section));
  CHECK(info["server"]["redis_version"] == "7.0.15");
  CHECK(info["server"]["redis_git_sha1"] == "00000000");
  CHECK(info["server"]["redis_mode"] == "standalone");
  CHECK(info["server"]["tcp_port"].is_number_integer());
  CHECK(info["server"]["executable"].get<std::string>().find("redis-server") != std::string::npos);
  CHECK(info["clients"]["connected_clients"].is_number_integer());
  CHECK(info["memory"]["maxmemory"] == 67108864);
  CHECK(info["memory"]["maxmemory_policy"] == "allkeys-lru");
  CHECK(info["memory"]["mem_fragmentation_ratio"].is_number_float());
  CHECK(info["memory"]["used_memory_human"].is_string());
  CHECK(info["persistence"]["aof_enabled"] == 1);
  CHECK(info["persistence"]["rdb_last_bgsave_status"] == "ok");
  CHECK(info["persistence"]["rdb_current_bgsave_time_sec"] == -1);
  CHECK(info["stats"]["evicted_keys"] == 0);
  CHECK(info["cpu"]["used_cpu_sys"].is_number_float());
  CHECK(info["replication"]["role"] == "master");
  CHECK(info["replication"]["connected_slaves"] == 1);
  const auto& replica = info["replication"]["slave0"];
  CHECK(replica["ip"] == "127.0.0.1");
  CHECK(replica["port"].is_number_integer());
  CHECK(replica["state"] == "online");
  CHECK(replica.contains("offset"));
  CHECK(replica.contains("lag"));
  CHECK(info["keyspace"]["db0"] ==
        nlohmann::json{{"keys", 25}, {"expires", 5}, {"avg_ttl", 3599900}});
  // Lines of other sections keep their text (only dbN and slaveN are split).
  CHECK(info["commandstats"].begin()->is_string());
  CHECK(info["modules"].empty());
}

TEST_CASE("A Redis 6.0 reply as Azure Cache for Redis gives it") {
  const auto info = fixture("info-6.0-azure.txt");
  CHECK(info["server"]["redis_version"] == "6.0.14");
  CHECK(info["server"]["config_file"] == "");
  CHECK(info["server"]["uptime_in_seconds"] == 1764012);
  CHECK(info["clients"]["maxclients"] == 7500);
  CHECK(info["memory"]["used_memory"] == 1987654320);
  CHECK(info["memory"]["maxmemory"] == 5637144576LL);
  CHECK(info["memory"]["maxmemory_policy"] == "volatile-lru");
  CHECK(info["memory"]["mem_fragmentation_ratio"] == Approx(1.12));
  CHECK(info["memory"]["used_memory_peak_perc"] == "94.50%");
  CHECK(info["stats"]["keyspace_misses"] == 41022871);
  CHECK(info["stats"]["instantaneous_input_kbps"] == Approx(182.35));
  CHECK(info["replication"]["connected_slaves"] == 2);
  CHECK(info["replication"]["slave1"] == nlohmann::json{{"ip", "10.0.4.13"},
                                                        {"port", 15001},
                                                        {"state", "online"},
                                                        {"offset", 88415120012LL},
                                                        {"lag", 1}});
  CHECK(info["replication"]["master_replid2"] == "0000000000000000000000000000000000000000");
  CHECK(info["replication"]["second_repl_offset"] == -1);
  CHECK(info["keyspace"]["db0"] ==
        nlohmann::json{{"keys", 18234}, {"expires", 18190}, {"avg_ttl", 518400000}});
  CHECK(info["keyspace"]["db1"]["keys"] == 12);
  CHECK_FALSE(info.contains("errorstats"));
  CHECK(info["modules"].empty());
}

TEST_CASE("INFO parsing tolerates LF endings, blank lines and lines outside sections") {
  const auto info = parse_info("stray:1\n# Server\nredis_version:5.0.7\n\n# Keyspace\n");
  CHECK(info == nlohmann::json{{"server", {{"redis_version", "5.0.7"}}},
                               {"keyspace", nlohmann::json::object()}});
  // A value holding ':' keeps it: only the first one separates.
  CHECK(parse_info("# Server\nexecutable:C:/redis/redis-server\n")["server"]["executable"] ==
        "C:/redis/redis-server");
  // Replicas in other sections are not split.
  CHECK(parse_info("# Server\nslave0:ip=x\n")["server"]["slave0"] == "ip=x");
}
