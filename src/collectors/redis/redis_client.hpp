#pragma once
// The Redis protocol over a net::Connection: hiredis formats commands
// (redisFormatCommandArgv) and decodes replies (redisReader); the bytes go
// through golive's own transport, since hiredis 0.14 has no TLS. Each
// command waits for its reply only until the caller's deadline.

#include <memory>
#include <string>
#include <vector>

#include "net/connection.hpp"

namespace golive::collectors::redis {

// A decoded RESP2 reply, owned (hiredis' reply objects are freed at once).
struct Reply {
  enum class Type { string, status, error, integer, nil, array };
  Type type = Type::nil;
  std::string text;  // string, status and error replies
  long long integer = 0;
  std::vector<Reply> elements;  // array replies

  bool is_error() const { return type == Type::error; }
};

// The wire form of a command (a RESP array of bulk strings).
std::string encode_command(const std::vector<std::string>& args);

class Client {
 public:
  explicit Client(net::Connection connection);
  ~Client();
  Client(Client&&) noexcept;
  Client& operator=(Client&&) = delete;

  // Sends one command and returns its reply (an error reply is a reply,
  // not an exception). Throws net::TransportError when the connection
  // fails, the deadline passes, or the server does not speak RESP.
  Reply command(const std::vector<std::string>& args, net::Clock::time_point deadline);
  // Sends several commands at once (one round trip) and returns their
  // replies in order.
  std::vector<Reply> pipeline(const std::vector<std::vector<std::string>>& commands,
                              net::Clock::time_point deadline);

  const std::string& peer() const { return connection_.peer(); }

 private:
  Reply next_reply(net::Clock::time_point deadline);

  net::Connection connection_;
  struct ReaderFree {
    void operator()(void* reader) const;
  };
  std::unique_ptr<void, ReaderFree> reader_;  // a redisReader
};

}  // namespace golive::collectors::redis
