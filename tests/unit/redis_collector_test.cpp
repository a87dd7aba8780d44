// The Redis collector against its contract: the facts it declares are the
// keys of docs/facts.md's redis table, the CONFIG parameters it reads are
// the ones listed there, and a target it cannot reach still shows up (with
// what golive.yaml declares) so rules about it are unknown, not skipped.

#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <regex>
#include <set>

#include <fmt/format.h>

#include "collectors/redis/redis_config.hpp"
#include "collectors/redis/redis_probe.hpp"
#include "golive/collector.hpp"
#include "golive/text.hpp"

using namespace golive;

namespace {

// The rows of the table in docs/facts.md's "redis.<name>" section.
std::vector<std::string> redis_table_rows() {
  const std::string doc = read_file(std::string(GOLIVE_SOURCE_DIR) + "/docs/facts.md");
  const auto start = doc.find("## `redis.<name>`");
  REQUIRE(start != std::string::npos);
  const auto end = doc.find("\n## ", start + 1);
  std::vector<std::string> rows;
  std::size_t at = start;
  while ((at = doc.find("\n| `", at)) != std::string::npos && at < end) {
    const auto eol = doc.find('\n', at + 1);
    rows.push_back(doc.substr(at + 1, eol - at - 1));
    at = eol;
  }
  return rows;
}

// "| `info.<section>.<field>` | ..." -> "info".
std::string row_key(const std::string& row) {
  const auto open = row.find('`');
  const std::string path = row.substr(open + 1, row.find('`', open + 1) - open - 1);
  return path.substr(0, path.find('.'));
}

// A loopback port nothing listens on.
int closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

}  // namespace

TEST_CASE("The redis collector declares exactly the facts of docs/facts.md") {
  std::set<std::string> documented;
  for (const auto& row : redis_table_rows()) documented.insert(row_key(row));
  std::set<std::string> declared;
  for (const auto& fact : make_collector("redis")->schema().facts) {
    REQUIRE(fact.rfind("redis.<name>.", 0) == 0);
    declared.insert(fact.substr(std::string("redis.<name>.").size()));
  }
  CHECK(declared == documented);
}

TEST_CASE("The CONFIG parameters read are the ones docs/facts.md lists") {
  std::string config_row;
  for (const auto& row : redis_table_rows())
    if (row_key(row) == "config") config_row = row;
  const auto listed_from = config_row.find("that matter:");
  const auto listed_to = config_row.find("**Never**");
  REQUIRE(listed_from != std::string::npos);
  const std::string listed = config_row.substr(listed_from, listed_to - listed_from);
  std::set<std::string> documented;
  const std::regex backticked("`([a-z-]+)`");
  for (auto it = std::sregex_iterator(listed.begin(), listed.end(), backticked);
       it != std::sregex_iterator(); ++it)
    documented.insert((*it)[1]);
  std::set<std::string> read(collectors::redis::config_parameters().begin(),
                             collectors::redis::config_parameters().end());
  read.erase("requirepass");  // read only to become requirepass_set
  CHECK(read == documented);
}

TEST_CASE("An unreachable target keeps its declared role and target, nothing else") {
  const int port = closed_port();
  const auto target = collectors::redis::target_from(
      {{"url", fmt::format("redis://127.0.0.1:{}/0", port)}, {"role", "queue"}}, ".");
  const auto outcome =
      collectors::redis::probe(target, std::chrono::steady_clock::now() + std::chrono::seconds(5));
  CHECK(outcome.status == "unreachable");
  CHECK(outcome.error == fmt::format("connection refused by 127.0.0.1:{}", port));
  CHECK(outcome.facts ==
        nlohmann::json{{"role", "queue"},
                       {"target", {{"host", "127.0.0.1"}, {"port", port}, {"tls", false}}}});
}
