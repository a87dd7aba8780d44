#pragma once
// What Redis' error replies mean for a probe: the difference between "log
// in first" (unauthorized), "not for you" (partial: that fact is
// unavailable) and "this server has no such command" (renamed or disabled,
// as on Azure Cache for Redis).

#include <string>
#include <string_view>

namespace golive::collectors::redis {

enum class ErrorKind {
  authentication_required,  // NOAUTH: the server wants AUTH first
  wrong_credentials,        // WRONGPASS, "invalid password", AUTH refused
  not_permitted,            // NOPERM: the ACL user may not run it
  unknown_command,          // renamed away or disabled by the service
  other,
};

ErrorKind classify_error(std::string_view error);

// The error without the arguments Redis echoes back ("ERR unknown command
// 'CONFIG', with args beginning with: 'GET' ..." -> "ERR unknown command
// 'CONFIG'"), trimmed; arguments could be anything a probe sent.
std::string short_error(std::string_view error);

}  // namespace golive::collectors::redis
