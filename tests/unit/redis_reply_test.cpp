// Reply handling: the hiredis-based client over golive's transport (a
// socketpair stands in for the server), error classification, and the
// `config` facts built from CONFIG GET replies.

#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "collectors/redis/redis_client.hpp"
#include "collectors/redis/redis_config.hpp"
#include "collectors/redis/redis_replies.hpp"

using namespace golive::collectors::redis;
using golive::net::Clock;
using golive::net::TransportError;
using namespace std::chrono_literals;

namespace {

// A client whose "server" is the other end of a socketpair.
struct Pair {
  Pair() {
    int fds[2];
    REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
    client = std::make_unique<Client>(golive::net::Connection::adopt(fds[0], "test:6379"));
    server = fds[1];
  }
  ~Pair() {
    if (server >= 0) close(server);
  }
  void send(const std::string& bytes) const {
    REQUIRE(write(server, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
  }
  std::string received() const {
    char buffer[4096];
    const auto n = read(server, buffer, sizeof buffer);
    return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : "";
  }
  std::unique_ptr<Client> client;
  int server = -1;
};

Reply array(std::vector<std::string> items) {
  Reply reply;
  reply.type = Reply::Type::array;
  for (auto& item : items) {
    Reply element;
    element.type = Reply::Type::string;
    element.text = std::move(item);
    reply.elements.push_back(std::move(element));
  }
  return reply;
}

Reply error(std::string text) {
  Reply reply;
  reply.type = Reply::Type::error;
  reply.text = std::move(text);
  return reply;
}

}  // namespace

TEST_CASE("Commands go out as RESP arrays of bulk strings, binary-safe") {
  CHECK(encode_command({"PING"}) == "*1\r\n$4\r\nPING\r\n");
  CHECK(encode_command({"CONFIG", "GET", "maxmemory"}) ==
        "*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$9\r\nmaxmemory\r\n");
  const std::string binary("a b\r\n\0c", 7);
  CHECK(encode_command({"AUTH", binary}) == "*2\r\n$4\r\nAUTH\r\n$7\r\n" + binary + "\r\n");
}

TEST_CASE("Replies of every RESP2 type are decoded, also when they arrive in pieces") {
  Pair pair;
  const auto deadline = Clock::now() + 5s;
  std::thread server([&] {
    CHECK(pair.received() == encode_command({"INFO", "everything"}));
    pair.send("$25\r\n# Server\r\nredis_");  // a bulk string split in two
    std::this_thread::sleep_for(20ms);
    pair.send("version:7\r\n");
  });
  const Reply info = pair.client->command({"INFO", "everything"}, deadline);
  server.join();
  CHECK(info.type == Reply::Type::string);
  CHECK(info.text == "# Server\r\nredis_version:7");

  pair.send(
      "+PONG\r\n:42\r\n$-1\r\n-ERR unknown command "
      "'CONFIG'\r\n*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n");
  const auto replies =
      pair.client->pipeline({{"PING"}, {"DBSIZE"}, {"GET", "x"}, {"CONFIG"}, {"C"}}, deadline);
  REQUIRE(replies.size() == 5);
  CHECK(replies[0].type == Reply::Type::status);
  CHECK(replies[0].text == "PONG");
  CHECK(replies[1].type == Reply::Type::integer);
  CHECK(replies[1].integer == 42);
  CHECK(replies[2].type == Reply::Type::nil);
  CHECK(replies[3].is_error());
  CHECK(replies[3].text == "ERR unknown command 'CONFIG'");
  CHECK(replies[4].type == Reply::Type::array);
  REQUIRE(replies[4].elements.size() == 2);
  CHECK(replies[4].elements[1].text == "0");
}

TEST_CASE("A server that does not answer is given up at the deadline") {
  Pair pair;
  const auto started = Clock::now();
  try {
    pair.client->command({"PING"}, started + 300ms);
    FAIL("no timeout");
  } catch (const TransportError& e) {
    CHECK(e.kind() == TransportError::Kind::timed_out);
    CHECK_THAT(e.what(), Catch::Contains("timed out waiting for a reply from test:6379"));
  }
  const auto waited = Clock::now() - started;
  CHECK(waited >= 290ms);
  CHECK(waited < 2s);
}

TEST_CASE("A closed connection and a non-Redis answer are transport errors") {
  {
    Pair pair;
    close(pair.server);
    pair.server = -1;
    try {
      pair.client->command({"PING"}, Clock::now() + 2s);
      FAIL("no error");
    } catch (const TransportError& e) {
      CHECK(e.kind() == TransportError::Kind::closed);
      CHECK_THAT(e.what(), Catch::Contains("connection closed by test:6379"));
    }
  }
  {
    Pair pair;
    pair.send("HTTP/1.1 400 Bad Request\r\n\r\n");
    CHECK_THROWS_WITH(pair.client->command({"PING"}, Clock::now() + 2s),
                      Catch::Contains("test:6379 does not answer in the Redis protocol"));
  }
}

TEST_CASE(
    "Error replies are told apart: log in, wrong credentials, not permitted, no such command") {
  CHECK(classify_error("NOAUTH Authentication required.") == ErrorKind::authentication_required);
  CHECK(classify_error("WRONGPASS invalid username-password pair or user is disabled.") ==
        ErrorKind::wrong_credentials);
  CHECK(classify_error("ERR invalid password") == ErrorKind::wrong_credentials);
  CHECK(classify_error("NOPERM this user has no permissions to run the 'config|get' command") ==
        ErrorKind::not_permitted);
  CHECK(classify_error("ERR unknown command 'CONFIG', with args beginning with: 'GET' 'save' ") ==
        ErrorKind::unknown_command);
  CHECK(classify_error("ERR unknown command `CONFIG`, with args beginning with: `GET`, `save`, ") ==
        ErrorKind::unknown_command);
  CHECK(classify_error("ERR unknown subcommand 'GET'. Try CONFIG HELP.") ==
        ErrorKind::unknown_command);
  CHECK(classify_error("LOADING Redis is loading the dataset in memory") == ErrorKind::other);

  CHECK(short_error("ERR unknown command 'CONFIG', with args beginning with: 'GET' 'save' ") ==
        "ERR unknown command 'CONFIG'");
  CHECK(short_error("WRONGPASS invalid username-password pair or user is disabled.") ==
        "WRONGPASS invalid username-password pair or user is disabled");
}

TEST_CASE("CONFIG GET replies become config facts; requirepass only as requirepass_set") {
  std::vector<Reply> replies;
  for (const auto& parameter : config_parameters()) {
    if (parameter == "min-replicas-to-write")
      replies.push_back(array({}));  // a parameter this version lacks
    else if (parameter == "requirepass")
      replies.push_back(array({"requirepass", "the-server-password"}));
    else
      replies.push_back(array({parameter, parameter == "save" ? "" : "v-" + parameter}));
  }
  REQUIRE(config_commands().size() == replies.size());
  CHECK(config_commands().front() == std::vector<std::string>{"CONFIG", "GET", "maxmemory"});
  auto facts = config_facts(replies);
  CHECK(facts.unavailable.empty());
  CHECK(facts.config["maxmemory-policy"] == "v-maxmemory-policy");
  CHECK(facts.config["save"] == "");
  CHECK(facts.config["requirepass_set"] == true);
  CHECK_FALSE(facts.config.contains("requirepass"));
  CHECK_FALSE(facts.config.contains("min-replicas-to-write"));
  CHECK(facts.config.dump().find("the-server-password") == std::string::npos);

  replies.back() = array({"requirepass", ""});
  CHECK(config_facts(replies).config["requirepass_set"] == false);
}

TEST_CASE("CONFIG refused: config absent, and why") {
  std::vector<Reply> disabled(config_parameters().size(),
                              error("ERR unknown command 'CONFIG', with args beginning with: "
                                    "'GET' 'maxmemory' "));
  auto facts = config_facts(disabled);
  CHECK(facts.config.is_null());
  CHECK(facts.unavailable == "CONFIG GET is disabled by the server (ERR unknown command 'CONFIG')");

  std::vector<Reply> denied = {array({"maxmemory", "0"}),
                               error("NOPERM this user has no permissions to run the "
                                     "'config|get' command")};
  facts = config_facts(denied);
  CHECK(facts.config.is_null());
  CHECK_THAT(facts.unavailable,
             Catch::StartsWith("CONFIG GET is not permitted to this user (NOPERM"));
}
