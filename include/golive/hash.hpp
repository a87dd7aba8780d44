#pragma once
// Content hashes for provenance (which snapshot, which rules).

#include <string>
#include <string_view>

namespace golive {

// Lower-case hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);

}  // namespace golive
