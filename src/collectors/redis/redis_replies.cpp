#include "collectors/redis/redis_replies.hpp"

#include <algorithm>
#include <cctype>

namespace golive::collectors::redis {

namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool contains_nocase(std::string_view text, std::string_view part) {
  return std::search(text.begin(), text.end(), part.begin(), part.end(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         }) != text.end();
}

}  // namespace

ErrorKind classify_error(std::string_view error) {
  if (starts_with(error, "NOAUTH")) return ErrorKind::authentication_required;
  if (starts_with(error, "WRONGPASS") || contains_nocase(error, "invalid password") ||
      contains_nocase(error, "invalid username-password"))
    return ErrorKind::wrong_credentials;
  if (starts_with(error, "NOPERM")) return ErrorKind::not_permitted;
  if (starts_with(error, "ERR unknown command") || starts_with(error, "ERR unknown subcommand"))
    return ErrorKind::unknown_command;
  return ErrorKind::other;
}

std::string short_error(std::string_view error) {
  const auto args = error.find(", with args beginning with");
  if (args != std::string_view::npos) error = error.substr(0, args);
  while (!error.empty() &&
         (std::isspace(static_cast<unsigned char>(error.back())) || error.back() == '.'))
    error.remove_suffix(1);
  return std::string(error);
}

}  // namespace golive::collectors::redis
