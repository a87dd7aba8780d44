#include "collectors/redis/redis_client.hpp"

#include <hiredis/hiredis.h>

#include <fmt/format.h>

namespace golive::collectors::redis {

namespace {

redisReader* as_reader(void* reader) {
  return static_cast<redisReader*>(reader);
}

Reply convert(const redisReply& reply) {
  Reply out;
  switch (reply.type) {
    case REDIS_REPLY_STRING:
      out.type = Reply::Type::string;
      break;
    case REDIS_REPLY_STATUS:
      out.type = Reply::Type::status;
      break;
    case REDIS_REPLY_ERROR:
      out.type = Reply::Type::error;
      break;
    case REDIS_REPLY_INTEGER:
      out.type = Reply::Type::integer;
      out.integer = reply.integer;
      return out;
    case REDIS_REPLY_ARRAY:
      out.type = Reply::Type::array;
      out.elements.reserve(reply.elements);
      for (std::size_t i = 0; i < reply.elements; ++i)
        out.elements.push_back(convert(*reply.element[i]));
      return out;
    default:
      out.type = Reply::Type::nil;
      return out;
  }
  out.text.assign(reply.str, reply.len);
  return out;
}

}  // namespace

std::string encode_command(const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  char* formatted = nullptr;
  const int length = redisFormatCommandArgv(&formatted, static_cast<int>(args.size()), argv.data(),
                                            lengths.data());
  if (length < 0) throw std::bad_alloc();
  std::string out(formatted, static_cast<std::size_t>(length));
  redisFreeCommand(formatted);
  return out;
}

void Client::ReaderFree::operator()(void* reader) const {
  redisReaderFree(as_reader(reader));
}

Client::Client(net::Connection connection)
    : connection_(std::move(connection)), reader_(redisReaderCreate()) {
  if (!reader_) throw std::bad_alloc();
}

Client::~Client() = default;
Client::Client(Client&&) noexcept = default;

Reply Client::command(const std::vector<std::string>& args, net::Clock::time_point deadline) {
  connection_.write_all(encode_command(args), deadline);
  return next_reply(deadline);
}

std::vector<Reply> Client::pipeline(const std::vector<std::vector<std::string>>& commands,
                                    net::Clock::time_point deadline) {
  std::string wire;
  for (const auto& args : commands) wire += encode_command(args);
  connection_.write_all(wire, deadline);
  std::vector<Reply> replies;
  replies.reserve(commands.size());
  for (std::size_t i = 0; i < commands.size(); ++i) replies.push_back(next_reply(deadline));
  return replies;
}

Reply Client::next_reply(net::Clock::time_point deadline) {
  redisReader* reader = as_reader(reader_.get());
  for (;;) {
    void* raw = nullptr;
    if (redisReaderGetReply(reader, &raw) != REDIS_OK)
      throw net::TransportError(fmt::format("{} does not answer in the Redis protocol ({})",
                                            connection_.peer(), redisReaderGetError(reader)));
    if (raw) {
      std::unique_ptr<redisReply, void (*)(void*)> reply(static_cast<redisReply*>(raw),
                                                         freeReplyObject);
      return convert(*reply);
    }
    char buffer[16384];
    const std::size_t read = connection_.read_some(buffer, sizeof buffer, deadline);
    if (redisReaderFeed(reader, buffer, read) != REDIS_OK)
      throw net::TransportError(fmt::format("{} does not answer in the Redis protocol ({})",
                                            connection_.peer(), redisReaderGetError(reader)));
  }
}

}  // namespace golive::collectors::redis
