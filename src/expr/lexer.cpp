#include "expr/lexer.hpp"

#include <cerrno>
#include <cstdlib>
#include <limits>

#include "expr/utf8.hpp"

namespace golive::expr {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_ident_start(char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_ident_char(char c) {
  return is_ident_start(c) || is_digit(c);
}
int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

}  // namespace

SourcePosition position_at(std::string_view source, std::size_t offset) {
  SourcePosition p;
  p.offset = offset;
  if (offset > source.size()) offset = source.size();
  for (std::size_t i = 0; i < offset; ++i) {
    unsigned char c = static_cast<unsigned char>(source[i]);
    if (c == '\n') {
      ++p.line;
      p.column = 1;
    } else if ((c & 0xC0) != 0x80) {  // count code points, not continuation bytes
      ++p.column;
    }
  }
  return p;
}

std::string describe(TokenKind kind) {
  switch (kind) {
    case TokenKind::end:
      return "end of expression";
    case TokenKind::identifier:
      return "identifier";
    case TokenKind::int_literal:
    case TokenKind::uint_literal:
    case TokenKind::double_literal:
      return "number";
    case TokenKind::string_literal:
      return "string";
    case TokenKind::bytes_literal:
      return "bytes literal";
    case TokenKind::quoted_field:
      return "quoted field name";
    case TokenKind::lparen:
      return "'('";
    case TokenKind::rparen:
      return "')'";
    case TokenKind::lbracket:
      return "'['";
    case TokenKind::rbracket:
      return "']'";
    case TokenKind::lbrace:
      return "'{'";
    case TokenKind::rbrace:
      return "'}'";
    case TokenKind::dot:
      return "'.'";
    case TokenKind::comma:
      return "','";
    case TokenKind::colon:
      return "':'";
    case TokenKind::question:
      return "'?'";
    case TokenKind::plus:
      return "'+'";
    case TokenKind::minus:
      return "'-'";
    case TokenKind::star:
      return "'*'";
    case TokenKind::slash:
      return "'/'";
    case TokenKind::percent:
      return "'%'";
    case TokenKind::bang:
      return "'!'";
    case TokenKind::less:
      return "'<'";
    case TokenKind::less_equal:
      return "'<='";
    case TokenKind::greater:
      return "'>'";
    case TokenKind::greater_equal:
      return "'>='";
    case TokenKind::equal_equal:
      return "'=='";
    case TokenKind::not_equal:
      return "'!='";
    case TokenKind::and_and:
      return "'&&'";
    case TokenKind::or_or:
      return "'||'";
    case TokenKind::kw_in:
      return "'in'";
    case TokenKind::kw_true:
      return "'true'";
    case TokenKind::kw_false:
      return "'false'";
    case TokenKind::kw_null:
      return "'null'";
  }
  return "token";
}

void Lexer::fail(std::size_t offset, const std::string& message) const {
  throw CompileError(message, position_at(source_, offset));
}

void Lexer::skip_space_and_comments() {
  while (pos_ < source_.size()) {
    char c = source_[pos_];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++pos_;
    } else if (c == '/' && pos_ + 1 < source_.size() && source_[pos_ + 1] == '/') {
      while (pos_ < source_.size() && source_[pos_] != '\n') ++pos_;
    } else {
      break;
    }
  }
}

Token Lexer::next() {
  skip_space_and_comments();
  Token t;
  t.offset = pos_;
  if (pos_ >= source_.size()) return t;
  char c = source_[pos_];
  char n = pos_ + 1 < source_.size() ? source_[pos_ + 1] : '\0';

  if (is_digit(c) || (c == '.' && is_digit(n))) return lex_number();
  if (c == '"' || c == '\'') return lex_string(pos_, false, false);
  if (c == '`') return lex_quoted_field();
  if (is_ident_start(c)) {
    // String prefixes: r"..", b"..", br"..", rb".." in any case.
    std::size_t p = pos_;
    bool raw = false, bytes = false;
    for (int i = 0; i < 2 && p < source_.size(); ++i) {
      char k = source_[p];
      if ((k == 'r' || k == 'R') && !raw) {
        raw = true;
        ++p;
      } else if ((k == 'b' || k == 'B') && !bytes) {
        bytes = true;
        ++p;
      } else {
        break;
      }
      if (p < source_.size() && (source_[p] == '"' || source_[p] == '\'')) {
        std::size_t start = pos_;
        pos_ = p;
        return lex_string(start, raw, bytes);
      }
    }
    return lex_identifier();
  }

  auto single = [&](TokenKind k) {
    t.kind = k;
    pos_ += 1;
    return t;
  };
  auto dbl = [&](TokenKind k) {
    t.kind = k;
    pos_ += 2;
    return t;
  };
  switch (c) {
    case '(':
      return single(TokenKind::lparen);
    case ')':
      return single(TokenKind::rparen);
    case '[':
      return single(TokenKind::lbracket);
    case ']':
      return single(TokenKind::rbracket);
    case '{':
      return single(TokenKind::lbrace);
    case '}':
      return single(TokenKind::rbrace);
    case '.':
      return single(TokenKind::dot);
    case ',':
      return single(TokenKind::comma);
    case ':':
      return single(TokenKind::colon);
    case '?':
      return single(TokenKind::question);
    case '+':
      return single(TokenKind::plus);
    case '-':
      return single(TokenKind::minus);
    case '*':
      return single(TokenKind::star);
    case '/':
      return single(TokenKind::slash);
    case '%':
      return single(TokenKind::percent);
    case '!':
      return n == '=' ? dbl(TokenKind::not_equal) : single(TokenKind::bang);
    case '<':
      return n == '=' ? dbl(TokenKind::less_equal) : single(TokenKind::less);
    case '>':
      return n == '=' ? dbl(TokenKind::greater_equal) : single(TokenKind::greater);
    case '=':
      if (n == '=') return dbl(TokenKind::equal_equal);
      fail(pos_, "unexpected '='; use '==' to compare");
    case '&':
      if (n == '&') return dbl(TokenKind::and_and);
      fail(pos_, "unexpected '&'; use '&&' for logical and");
    case '|':
      if (n == '|') return dbl(TokenKind::or_or);
      fail(pos_, "unexpected '|'; use '||' for logical or");
    default:
      break;
  }
  std::string shown;
  if (static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f) {
    shown = std::string("'") + c + "'";
  } else {
    shown = "byte 0x" + std::string(1, "0123456789abcdef"[(c >> 4) & 0xF]) +
            std::string(1, "0123456789abcdef"[c & 0xF]);
  }
  fail(pos_, "unexpected character " + shown);
}

void Lexer::finish_integer(Token& t, std::uint64_t value) {
  t.uint_value = value;
  if (pos_ < source_.size() && (source_[pos_] == 'u' || source_[pos_] == 'U')) {
    ++pos_;
    t.kind = TokenKind::uint_literal;
  } else {
    t.kind = TokenKind::int_literal;
    t.int_overflow = value > (std::uint64_t{1} << 63);
  }
}

Token Lexer::lex_number() {
  Token t;
  t.offset = pos_;
  std::size_t start = pos_;
  auto at = [&](std::size_t i) { return i < source_.size() ? source_[i] : '\0'; };

  if (at(pos_) == '0' && (at(pos_ + 1) == 'x' || at(pos_ + 1) == 'X')) {
    pos_ += 2;
    std::size_t digits = pos_;
    while (is_hex(at(pos_))) ++pos_;
    if (pos_ == digits) fail(start, "hexadecimal literal needs digits after '0x'");
    std::uint64_t v = 0;
    bool overflow = false;
    for (std::size_t i = digits; i < pos_; ++i) {
      if (v > (std::numeric_limits<std::uint64_t>::max() >> 4)) overflow = true;
      v = (v << 4) | static_cast<std::uint64_t>(hex_value(source_[i]));
    }
    if (overflow) fail(start, "integer literal is out of range");
    finish_integer(t, v);
    if (is_ident_char(at(pos_))) fail(pos_, "unexpected character after number");
    return t;
  }

  bool is_double = false;
  while (is_digit(at(pos_))) ++pos_;
  if (at(pos_) == '.' && is_digit(at(pos_ + 1))) {
    is_double = true;
    ++pos_;
    while (is_digit(at(pos_))) ++pos_;
  }
  if (at(pos_) == 'e' || at(pos_) == 'E') {
    std::size_t e = pos_ + 1;
    if (at(e) == '+' || at(e) == '-') ++e;
    if (!is_digit(at(e))) fail(pos_, "exponent needs digits");
    is_double = true;
    pos_ = e;
    while (is_digit(at(pos_))) ++pos_;
  }
  std::string text(source_.substr(start, pos_ - start));
  if (is_double) {
    t.kind = TokenKind::double_literal;
    errno = 0;
    t.double_value = std::strtod(text.c_str(), nullptr);  // overflow gives inf, as in CEL
  } else {
    errno = 0;
    unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
    if (errno == ERANGE) fail(start, "integer literal '" + text + "' is out of range");
    finish_integer(t, v);
  }
  if (is_ident_char(at(pos_))) fail(pos_, "unexpected character after number");
  t.text = std::move(text);
  return t;
}

Token Lexer::lex_identifier() {
  Token t;
  t.offset = pos_;
  std::size_t start = pos_;
  while (pos_ < source_.size() && is_ident_char(source_[pos_])) ++pos_;
  t.text = std::string(source_.substr(start, pos_ - start));
  if (t.text == "true") {
    t.kind = TokenKind::kw_true;
  } else if (t.text == "false") {
    t.kind = TokenKind::kw_false;
  } else if (t.text == "null") {
    t.kind = TokenKind::kw_null;
  } else if (t.text == "in") {
    t.kind = TokenKind::kw_in;
  } else {
    t.kind = TokenKind::identifier;
  }
  return t;
}

Token Lexer::lex_quoted_field() {
  Token t;
  t.offset = pos_;
  t.kind = TokenKind::quoted_field;
  ++pos_;
  std::size_t start = pos_;
  while (pos_ < source_.size() && source_[pos_] != '`' && source_[pos_] != '\n') ++pos_;
  if (pos_ >= source_.size() || source_[pos_] != '`') {
    fail(t.offset, "unterminated quoted field name; close it with '`'");
  }
  t.text = std::string(source_.substr(start, pos_ - start));
  if (t.text.empty()) fail(t.offset, "empty quoted field name");
  ++pos_;
  return t;
}

// Decodes a string or bytes literal starting at the opening quote (pos_).
// `start` is where the literal's prefix begins, for error positions.
Token Lexer::lex_string(std::size_t start, bool raw, bool bytes) {
  Token t;
  t.offset = start;
  t.kind = bytes ? TokenKind::bytes_literal : TokenKind::string_literal;
  char quote = source_[pos_];
  bool triple =
      pos_ + 2 < source_.size() && source_[pos_ + 1] == quote && source_[pos_ + 2] == quote;
  pos_ += triple ? 3 : 1;
  std::string out;
  auto unterminated = [&]() {
    fail(start, std::string("unterminated string literal; close it with ") +
                    (triple ? std::string(3, quote) : std::string(1, quote)));
  };
  auto append_code_point = [&](std::uint32_t cp, std::size_t at) {
    if (bytes && cp <= 0xFF) {
      out.push_back(static_cast<char>(cp));
      return;
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      fail(at, "escape sequence is not a valid Unicode code point");
    }
    append_utf8(out, cp);
  };

  while (true) {
    if (pos_ >= source_.size()) unterminated();
    char c = source_[pos_];
    if (triple) {
      if (c == quote && pos_ + 2 < source_.size() + 0 && source_[pos_ + 1] == quote &&
          source_[pos_ + 2] == quote) {
        pos_ += 3;
        break;
      }
    } else {
      if (c == quote) {
        ++pos_;
        break;
      }
      if (c == '\n' || c == '\r') unterminated();
    }
    if (c != '\\' || raw) {
      out.push_back(c);
      ++pos_;
      continue;
    }
    // Escape sequence.
    std::size_t esc = pos_;
    if (pos_ + 1 >= source_.size()) unterminated();
    char e = source_[pos_ + 1];
    pos_ += 2;
    switch (e) {
      case '\\':
        out.push_back('\\');
        break;
      case '?':
        out.push_back('?');
        break;
      case '"':
        out.push_back('"');
        break;
      case '\'':
        out.push_back('\'');
        break;
      case '`':
        out.push_back('`');
        break;
      case 'a':
        out.push_back('\a');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'v':
        out.push_back('\v');
        break;
      case 'x':
      case 'X':
      case 'u':
      case 'U': {
        int len = (e == 'x' || e == 'X') ? 2 : (e == 'u' ? 4 : 8);
        std::uint32_t cp = 0;
        for (int i = 0; i < len; ++i) {
          if (pos_ >= source_.size() || !is_hex(source_[pos_])) {
            fail(esc, std::string("escape \\") + e + " needs " + std::to_string(len) +
                          " hexadecimal digits");
          }
          cp = (cp << 4) | static_cast<std::uint32_t>(hex_value(source_[pos_]));
          ++pos_;
        }
        if (bytes && (e == 'x' || e == 'X')) {
          out.push_back(static_cast<char>(cp));
        } else {
          append_code_point(cp, esc);
        }
        break;
      }
      default:
        if (e >= '0' && e <= '3') {
          std::uint32_t cp = static_cast<std::uint32_t>(e - '0');
          for (int i = 0; i < 2; ++i) {
            if (pos_ >= source_.size() || source_[pos_] < '0' || source_[pos_] > '7') {
              fail(esc, "octal escape needs three digits (\\000 to \\377)");
            }
            cp = cp * 8 + static_cast<std::uint32_t>(source_[pos_] - '0');
            ++pos_;
          }
          if (bytes) {
            out.push_back(static_cast<char>(cp));
          } else {
            append_code_point(cp, esc);
          }
          break;
        }
        fail(esc, std::string("invalid escape sequence '\\") + e + "'");
    }
  }
  if (!bytes && !valid_utf8(out)) fail(start, "string literal is not valid UTF-8");
  t.text = std::move(out);
  return t;
}

}  // namespace golive::expr
