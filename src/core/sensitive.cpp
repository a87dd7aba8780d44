#include "golive/sensitive.hpp"

#include <re2/re2.h>

namespace golive {

bool holds_private_key(std::string_view text) {
  static const re2::RE2 armour("(?i)-BEGIN\\s+.*PRIVATE KEY-");
  return re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), armour);
}

}  // namespace golive
