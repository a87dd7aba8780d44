#pragma once
// Small text utilities shared by loaders and reports.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace golive {

// Levenshtein distance between two strings.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is close enough to be a plausible
// typo (distance at most a third of the word's length, and at least 1).
// True for a name of letters, digits and '_' not starting with a digit (a
// variable, definition or parameter name). A loop, not std::regex: its
// matcher recurses per character and overflows the stack on long input.
bool is_identifier(std::string_view name);

// True when every character of `text` satisfies `allowed` (and it is not empty).
template <typename Predicate>
bool all_of_chars(std::string_view text, Predicate allowed) {
  if (text.empty()) return false;
  for (char c : text)
    if (!allowed(static_cast<unsigned char>(c))) return false;
  return true;
}

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// Shell-style glob: '*' matches any run of characters, '?' one character.
bool glob_match(std::string_view pattern, std::string_view text);

// ASCII lower case.
std::string to_lower(std::string_view text);
// ASCII upper case.
std::string to_upper(std::string_view text);

// Without leading and trailing whitespace (spaces, tabs, CR, LF).
std::string trim(std::string_view text);

// Standard base64 with padding (RFC 4648 section 4).
std::string base64_encode(std::string_view bytes);
// Standard or URL-safe base64; padding and whitespace are ignored. Nullopt
// when the text holds any other character.
std::optional<std::string> base64_decode(std::string_view text);

// Percent-encodes a URL query value or form field (RFC 3986 unreserved
// characters stay).
std::string url_encode(std::string_view value);

// Joins with a separator.
std::string join(const std::vector<std::string>& parts, std::string_view separator);

// Line and column (1-based) of a byte offset in a text.
struct LineColumn {
  int line = 1;
  int column = 1;
};
LineColumn line_column_at(std::string_view text, std::size_t offset);

// Reads a whole file; throws InputError naming the file when it cannot.
std::string read_file(const std::string& path);

}  // namespace golive
