#include "golive/json_source.hpp"

#include <cctype>

#include <fmt/format.h>

#include "golive/text.hpp"

namespace golive {

namespace {

// A forward-only scanner over JSON text that is known to be valid.
class JsonScanner {
 public:
  explicit JsonScanner(std::string_view text) : text_(text) {}

  // Offset of the value at `path`, or of the deepest ancestor reached.
  std::size_t find(const std::vector<std::string>& path) {
    skip_space();
    std::size_t best = pos_;
    for (const auto& segment : path) {
      if (!enter(segment)) return best;
      best = pos_;
    }
    return best;
  }

  // Offsets where each element of the array at pos_ starts (after find()).
  std::vector<std::size_t> element_offsets() {
    std::vector<std::size_t> offsets;
    if (peek() != '[') return offsets;
    ++pos_;
    for (;;) {
      skip_space();
      if (peek() == ']' || pos_ >= text_.size()) return offsets;
      offsets.push_back(pos_);
      skip_value();
      skip_space();
      if (peek() == ',') ++pos_;
    }
  }

  // Whether find() reached the whole path.
  bool reaches(const std::vector<std::string>& path) {
    skip_space();
    for (const auto& segment : path)
      if (!enter(segment)) return false;
    return true;
  }

 private:
  // Moves to the start of the member `segment` of the value at pos_.
  bool enter(const std::string& segment) {
    if (peek() == '{') {
      ++pos_;
      while (skip_space(), peek() == '"') {
        std::string key = read_string();
        skip_space();
        ++pos_;  // ':'
        skip_space();
        if (key == segment) return true;
        skip_value();
        skip_space();
        if (peek() == ',') ++pos_;
      }
      return false;
    }
    if (peek() == '[') {
      ++pos_;
      for (std::size_t index = 0;; ++index) {
        skip_space();
        if (peek() == ']' || pos_ >= text_.size()) return false;
        if (std::to_string(index) == segment) return true;
        skip_value();
        skip_space();
        if (peek() == ',') ++pos_;
      }
    }
    return false;
  }

  void skip_value() {
    skip_space();
    char c = peek();
    if (c == '"') {
      read_string();
    } else if (c == '{' || c == '[') {
      int depth = 0;
      do {
        c = peek();
        if (c == '"') {
          read_string();
          continue;
        }
        if (c == '{' || c == '[') ++depth;
        if (c == '}' || c == ']') --depth;
        ++pos_;
      } while (depth > 0 && pos_ < text_.size());
    } else {
      while (pos_ < text_.size() && !std::strchr(",}] \t\r\n", text_[pos_])) ++pos_;
    }
  }

  std::string read_string() {
    std::string out;
    ++pos_;  // opening quote
    while (pos_ < text_.size() && text_[pos_] != '"') {
      if (text_[pos_] == '\\') ++pos_;  // keys with escapes compare loosely
      if (pos_ < text_.size()) out += text_[pos_++];
    }
    ++pos_;
    return out;
  }

  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

SourceLocation json_location(std::string_view text, const std::string& file,
                             const std::vector<std::string>& path) {
  JsonScanner scanner(text);
  LineColumn at = line_column_at(text, scanner.find(path));
  return {file, at.line, at.column};
}

std::vector<SourceLocation> json_element_locations(std::string_view text, const std::string& file,
                                                   const std::vector<std::string>& path) {
  // A UTF-8 byte order mark before the document is not a value.
  const std::size_t bom = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  JsonScanner scanner(text.substr(bom));
  if (!scanner.reaches(path)) return {};
  std::vector<std::size_t> offsets = scanner.element_offsets();
  for (auto& offset : offsets) offset += bom;
  // One pass over the text for every line: a List of 10,000 items stays linear.
  std::vector<SourceLocation> locations;
  locations.reserve(offsets.size());
  int line = 1;
  std::size_t line_start = 0, pos = 0;
  for (const std::size_t offset : offsets) {
    for (; pos < offset && pos < text.size(); ++pos)
      if (text[pos] == '\n') {
        ++line;
        line_start = pos + 1;
      }
    locations.push_back({file, line, static_cast<int>(offset - line_start) + 1});
  }
  return locations;
}

nlohmann::json parse_json_text(const std::string& text, const std::string& file) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is the 1-based index of the character where parsing failed.
    LineColumn at = line_column_at(text, e.byte > 0 ? e.byte - 1 : 0);
    std::string what = e.what();
    // Drop nlohmann's "[json.exception.parse_error.101] parse error at line N, column M: ".
    if (auto colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
    throw InputError({file, at.line, at.column}, fmt::format("invalid JSON: {}", what));
  }
}

}  // namespace golive
