#pragma once
// Tokenizer for the CEL expression grammar. The lexer works on the raw source
// text and produces tokens that remember their byte offset, so that every
// error can point at a line and column.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "golive/expr.hpp"

namespace golive::expr {

enum class TokenKind {
  end,
  identifier,
  int_literal,     // text holds the digits; value in `uint_value` (magnitude)
  uint_literal,    // value in `uint_value`
  double_literal,  // value in `double_value`
  string_literal,  // decoded contents in `text`
  bytes_literal,   // decoded contents in `text`
  quoted_field,    // `name` (backtick-quoted selector), name in `text`
  // punctuation and operators
  lparen,
  rparen,
  lbracket,
  rbracket,
  lbrace,
  rbrace,
  dot,
  comma,
  colon,
  question,
  plus,
  minus,
  star,
  slash,
  percent,
  bang,
  less,
  less_equal,
  greater,
  greater_equal,
  equal_equal,
  not_equal,
  and_and,
  or_or,
  kw_in,
  kw_true,
  kw_false,
  kw_null,
};

struct Token {
  TokenKind kind = TokenKind::end;
  std::size_t offset = 0;  // byte offset of the first character
  std::string text;        // identifier name or decoded literal contents
  std::uint64_t uint_value = 0;
  double double_value = 0;
  bool int_overflow = false;  // an int literal whose magnitude exceeds 2^63
};

// Converts a byte offset into a 1-based line/column (columns count code
// points, so a column matches what an editor shows).
SourcePosition position_at(std::string_view source, std::size_t offset);

// A short human name for a token kind, for error messages ("')'", "end of
// expression").
std::string describe(TokenKind kind);

class Lexer {
 public:
  explicit Lexer(std::string_view source) : source_(source) {}

  // Returns the next token; throws CompileError on malformed input.
  Token next();

 private:
  [[noreturn]] void fail(std::size_t offset, const std::string& message) const;
  void skip_space_and_comments();
  Token lex_number();
  // Types an integer literal by its 'u' suffix, consuming the suffix.
  void finish_integer(Token& t, std::uint64_t value);
  Token lex_string(std::size_t start, bool raw, bool bytes);
  Token lex_identifier();
  Token lex_quoted_field();

  std::string_view source_;
  std::size_t pos_ = 0;
};

}  // namespace golive::expr
