#include "expr/parser.hpp"

#include <algorithm>
#include <array>
#include <limits>

namespace golive::expr {

namespace {

constexpr std::array<std::string_view, 17> kReserved = {
    "as",  "break", "const",   "continue",  "else",   "for", "function", "if",   "import",
    "let", "loop",  "package", "namespace", "return", "var", "void",     "while"};

bool is_reserved(std::string_view name) {
  return std::find(kReserved.begin(), kReserved.end(), name) != kReserved.end();
}

class Parser {
 public:
  explicit Parser(std::string_view source) : source_(source), lexer_(source) { advance(); }

  NodePtr parse_all() {
    NodePtr root = parse_expr();
    if (tok_.kind != TokenKind::end) {
      fail(tok_.offset, "unexpected " + describe(tok_.kind) + " after the end of the expression");
    }
    return root;
  }

 private:
  // ------------------------------------------------------------ helpers
  [[noreturn]] void fail(std::size_t offset, const std::string& message) const {
    throw CompileError(message, position_at(source_, offset));
  }

  void advance() { tok_ = lexer_.next(); }

  bool accept(TokenKind k) {
    if (tok_.kind != k) return false;
    advance();
    return true;
  }

  std::string column_of(std::size_t offset) const {
    SourcePosition p = position_at(source_, offset);
    if (p.line > 1) return "line " + std::to_string(p.line) + " column " + std::to_string(p.column);
    return "column " + std::to_string(p.column);
  }

  // Expects the closing token of a bracketed construct and says which one.
  void expect_close(TokenKind close, const std::string& what, std::size_t open_offset) {
    if (tok_.kind == close) {
      advance();
      return;
    }
    std::string found =
        tok_.kind == TokenKind::end ? "the end of the expression" : describe(tok_.kind);
    fail(tok_.offset, "expected " + describe(close) + " to close " + what + " opened at " +
                          column_of(open_offset) + ", found " + found);
  }

  NodePtr make(NodeKind kind, std::size_t offset) {
    auto n = std::make_unique<Node>();
    n->kind = kind;
    n->offset = offset;
    return n;
  }

  // Adds a child and keeps the subtree height bounded.
  void add(Node& parent, NodePtr child) {
    parent.depth = std::max(parent.depth, child->depth + 1);
    if (parent.depth > kMaxNesting) {
      fail(parent.offset, "expression is nested too deeply (more than " +
                              std::to_string(kMaxNesting) + " levels)");
    }
    parent.children.push_back(std::move(child));
  }

  NodePtr make_binary(NodeKind kind, BinaryOp op, std::size_t offset, NodePtr l, NodePtr r) {
    NodePtr n = make(kind, offset);
    n->op = op;
    add(*n, std::move(l));
    add(*n, std::move(r));
    return n;
  }

  struct DepthGuard {
    Parser& p;
    DepthGuard(Parser& parser, std::size_t offset) : p(parser) {
      if (++p.nesting_ > kMaxNesting) {
        p.fail(offset, "expression is nested too deeply (more than " + std::to_string(kMaxNesting) +
                           " levels)");
      }
    }
    ~DepthGuard() { --p.nesting_; }
  };

  // ------------------------------------------------------------ grammar
  NodePtr parse_expr() {
    DepthGuard guard(*this, tok_.offset);
    NodePtr cond = parse_or();
    if (tok_.kind != TokenKind::question) return cond;
    std::size_t q = tok_.offset;
    advance();
    NodePtr then = parse_or();
    if (tok_.kind != TokenKind::colon) {
      fail(tok_.offset, "expected ':' for the conditional started by '?' at " + column_of(q));
    }
    advance();
    NodePtr otherwise = parse_expr();
    NodePtr n = make(NodeKind::ternary, q);
    add(*n, std::move(cond));
    add(*n, std::move(then));
    add(*n, std::move(otherwise));
    return n;
  }

  NodePtr parse_or() {
    NodePtr left = parse_and();
    while (tok_.kind == TokenKind::or_or) {
      std::size_t at = tok_.offset;
      advance();
      left = make_binary(NodeKind::logical_or, BinaryOp::eq, at, std::move(left), parse_and());
    }
    return left;
  }

  NodePtr parse_and() {
    NodePtr left = parse_relation();
    while (tok_.kind == TokenKind::and_and) {
      std::size_t at = tok_.offset;
      advance();
      left =
          make_binary(NodeKind::logical_and, BinaryOp::eq, at, std::move(left), parse_relation());
    }
    return left;
  }

  NodePtr parse_relation() {
    NodePtr left = parse_addition();
    while (true) {
      BinaryOp op;
      switch (tok_.kind) {
        case TokenKind::less:
          op = BinaryOp::lt;
          break;
        case TokenKind::less_equal:
          op = BinaryOp::le;
          break;
        case TokenKind::greater:
          op = BinaryOp::gt;
          break;
        case TokenKind::greater_equal:
          op = BinaryOp::ge;
          break;
        case TokenKind::equal_equal:
          op = BinaryOp::eq;
          break;
        case TokenKind::not_equal:
          op = BinaryOp::ne;
          break;
        case TokenKind::kw_in:
          op = BinaryOp::in;
          break;
        default:
          return left;
      }
      std::size_t at = tok_.offset;
      advance();
      left = make_binary(NodeKind::binary, op, at, std::move(left), parse_addition());
    }
  }

  NodePtr parse_addition() {
    NodePtr left = parse_multiplication();
    while (tok_.kind == TokenKind::plus || tok_.kind == TokenKind::minus) {
      BinaryOp op = tok_.kind == TokenKind::plus ? BinaryOp::add : BinaryOp::sub;
      std::size_t at = tok_.offset;
      advance();
      left = make_binary(NodeKind::binary, op, at, std::move(left), parse_multiplication());
    }
    return left;
  }

  NodePtr parse_multiplication() {
    NodePtr left = parse_unary();
    while (tok_.kind == TokenKind::star || tok_.kind == TokenKind::slash ||
           tok_.kind == TokenKind::percent) {
      BinaryOp op = tok_.kind == TokenKind::star
                        ? BinaryOp::mul
                        : (tok_.kind == TokenKind::slash ? BinaryOp::div : BinaryOp::mod);
      std::size_t at = tok_.offset;
      advance();
      left = make_binary(NodeKind::binary, op, at, std::move(left), parse_unary());
    }
    return left;
  }

  NodePtr parse_unary() {
    DepthGuard guard(*this, tok_.offset);
    std::size_t at = tok_.offset;
    if (accept(TokenKind::bang)) {
      NodePtr n = make(NodeKind::logical_not, at);
      add(*n, parse_unary());
      return n;
    }
    if (tok_.kind == TokenKind::minus) {
      advance();
      // A negative number literal is folded, which is also the only way to
      // write -9223372036854775808.
      if (tok_.kind == TokenKind::int_literal || tok_.kind == TokenKind::double_literal) {
        Token lit = tok_;
        advance();
        NodePtr n = make(NodeKind::constant, at);
        if (lit.kind == TokenKind::int_literal) {
          if (lit.uint_value > (std::uint64_t{1} << 63) || lit.int_overflow) {
            fail(lit.offset, "integer literal is out of range");
          }
          n->value = Value::integer(static_cast<std::int64_t>(0 - lit.uint_value));
        } else {
          n->value = Value::floating(-lit.double_value);
        }
        return parse_member_suffix(std::move(n));
      }
      NodePtr n = make(NodeKind::negate, at);
      add(*n, parse_unary());
      return n;
    }
    return parse_member_suffix(parse_primary());
  }

  // Field selection, indexing and receiver calls after a primary.
  NodePtr parse_member_suffix(NodePtr node) {
    while (true) {
      if (tok_.kind == TokenKind::dot) {
        std::size_t dot = tok_.offset;
        advance();
        std::string field;
        std::size_t field_at = tok_.offset;
        bool quoted = false;
        if (tok_.kind == TokenKind::identifier || tok_.kind == TokenKind::kw_in ||
            tok_.kind == TokenKind::kw_true || tok_.kind == TokenKind::kw_false ||
            tok_.kind == TokenKind::kw_null) {
          field = tok_.text;
        } else if (tok_.kind == TokenKind::quoted_field) {
          field = tok_.text;
          quoted = true;
        } else {
          fail(tok_.offset, "expected a field name after '.', found " + describe(tok_.kind));
        }
        advance();
        if (!quoted && tok_.kind == TokenKind::lparen) {
          std::size_t open = tok_.offset;
          advance();
          std::vector<NodePtr> args = parse_args(TokenKind::rparen);
          expect_close(TokenKind::rparen, "the call to '" + field + "'", open);
          node = make_call(field, field_at, std::move(node), std::move(args));
        } else {
          NodePtr sel = make(NodeKind::select, dot);
          sel->name = std::move(field);
          sel->name_offset = field_at;
          add(*sel, std::move(node));
          node = std::move(sel);
        }
      } else if (tok_.kind == TokenKind::lbracket) {
        std::size_t open = tok_.offset;
        advance();
        NodePtr idx = parse_expr();
        expect_close(TokenKind::rbracket, "the index", open);
        NodePtr n = make(NodeKind::index, open);
        add(*n, std::move(node));
        add(*n, std::move(idx));
        node = std::move(n);
      } else if (tok_.kind == TokenKind::lbrace && is_qualified_name(*node)) {
        node = parse_struct(qualified_name(*node), node->offset);
      } else {
        return node;
      }
    }
  }

  static bool is_qualified_name(const Node& n) {
    if (n.kind == NodeKind::ident) return true;
    return n.kind == NodeKind::select && is_qualified_name(*n.children[0]);
  }
  static std::string qualified_name(const Node& n) {
    if (n.kind == NodeKind::ident) return n.name;
    return qualified_name(*n.children[0]) + "." + n.name;
  }

  std::vector<NodePtr> parse_args(TokenKind close) {
    std::vector<NodePtr> args;
    if (tok_.kind == close) return args;
    while (true) {
      args.push_back(parse_expr());
      if (!accept(TokenKind::comma)) break;
      if (tok_.kind == close) break;  // trailing comma
    }
    return args;
  }

  NodePtr parse_primary() {
    std::size_t at = tok_.offset;
    switch (tok_.kind) {
      case TokenKind::int_literal: {
        if (tok_.int_overflow || tok_.uint_value > static_cast<std::uint64_t>(
                                                       std::numeric_limits<std::int64_t>::max())) {
          fail(at, "integer literal is out of range for int (use a 'u' suffix for uint)");
        }
        NodePtr n = make(NodeKind::constant, at);
        n->value = Value::integer(static_cast<std::int64_t>(tok_.uint_value));
        advance();
        return n;
      }
      case TokenKind::uint_literal: {
        NodePtr n = make(NodeKind::constant, at);
        n->value = Value::uinteger(tok_.uint_value);
        advance();
        return n;
      }
      case TokenKind::double_literal: {
        NodePtr n = make(NodeKind::constant, at);
        n->value = Value::floating(tok_.double_value);
        advance();
        return n;
      }
      case TokenKind::string_literal:
      case TokenKind::bytes_literal: {
        NodePtr n = make(NodeKind::constant, at);
        n->value = Value::owned_string(std::move(tok_.text), tok_.kind == TokenKind::string_literal
                                                                 ? Kind::string
                                                                 : Kind::bytes);
        advance();
        return n;
      }
      case TokenKind::kw_true:
      case TokenKind::kw_false: {
        NodePtr n = make(NodeKind::constant, at);
        n->value = Value::boolean(tok_.kind == TokenKind::kw_true);
        advance();
        return n;
      }
      case TokenKind::kw_null: {
        advance();
        return make(NodeKind::constant, at);
      }
      case TokenKind::lparen: {
        advance();
        NodePtr inner = parse_expr();
        expect_close(TokenKind::rparen, "the parenthesis", at);
        return inner;
      }
      case TokenKind::lbracket: {
        advance();
        NodePtr n = make(NodeKind::list, at);
        for (NodePtr& e : parse_args(TokenKind::rbracket)) add(*n, std::move(e));
        expect_close(TokenKind::rbracket, "the list", at);
        return n;
      }
      case TokenKind::lbrace:
        return parse_map();
      case TokenKind::dot: {
        // Leading dot: a name resolved from the root scope (".name").
        advance();
        if (tok_.kind != TokenKind::identifier) {
          fail(tok_.offset, "expected an identifier after the leading '.'");
        }
        return parse_identifier();
      }
      case TokenKind::identifier:
        return parse_identifier();
      case TokenKind::end:
        fail(at, "unexpected end of expression; an operand is missing");
      default:
        fail(at, "unexpected " + describe(tok_.kind) + "; expected an operand");
    }
  }

  NodePtr parse_identifier() {
    std::size_t at = tok_.offset;
    std::string name = tok_.text;
    if (is_reserved(name)) {
      fail(at, "'" + name + "' is a reserved word and cannot be used as an identifier");
    }
    advance();
    if (tok_.kind == TokenKind::lparen) {
      std::size_t open = tok_.offset;
      advance();
      std::vector<NodePtr> args = parse_args(TokenKind::rparen);
      expect_close(TokenKind::rparen, "the call to '" + name + "'", open);
      return make_call(name, at, nullptr, std::move(args));
    }
    NodePtr n = make(NodeKind::ident, at);
    n->name = std::move(name);
    return n;
  }

  NodePtr parse_map() {
    std::size_t at = tok_.offset;
    advance();
    NodePtr n = make(NodeKind::map, at);
    while (tok_.kind != TokenKind::rbrace) {
      NodePtr key = parse_expr();
      if (tok_.kind != TokenKind::colon) {
        fail(tok_.offset, "expected ':' after the map key, found " + describe(tok_.kind));
      }
      advance();
      NodePtr value = parse_expr();
      add(*n, std::move(key));
      add(*n, std::move(value));
      if (!accept(TokenKind::comma)) break;
    }
    expect_close(TokenKind::rbrace, "the map", at);
    return n;
  }

  NodePtr parse_struct(std::string type_name, std::size_t at) {
    std::size_t open = tok_.offset;
    advance();
    NodePtr n = make(NodeKind::structure, at);
    n->name = std::move(type_name);
    while (tok_.kind != TokenKind::rbrace) {
      if (tok_.kind != TokenKind::identifier && tok_.kind != TokenKind::kw_in &&
          tok_.kind != TokenKind::kw_true && tok_.kind != TokenKind::kw_false &&
          tok_.kind != TokenKind::kw_null) {
        fail(tok_.offset, "expected a field name in the message literal");
      }
      n->field_names.push_back(tok_.text);
      advance();
      if (!accept(TokenKind::colon)) fail(tok_.offset, "expected ':' after the field name");
      add(*n, parse_expr());
      if (!accept(TokenKind::comma)) break;
    }
    expect_close(TokenKind::rbrace, "the message literal", open);
    return n;
  }

  // ------------------------------------------------------------ calls and macros
  NodePtr make_call(const std::string& name, std::size_t at, NodePtr target,
                    std::vector<NodePtr> args) {
    if (!target && name == "has") return make_has(at, std::move(args));
    if (target) {
      if (NodePtr m = try_macro(name, at, target, args)) return m;
    }
    NodePtr n = make(NodeKind::call, at);
    n->name = name;
    if (target) {
      n->receiver_style = true;
      add(*n, std::move(target));
    }
    for (NodePtr& a : args) add(*n, std::move(a));
    return n;
  }

  NodePtr make_has(std::size_t at, std::vector<NodePtr> args) {
    if (args.size() != 1 || args[0]->kind != NodeKind::select) {
      fail(at, "has() takes a single field selection, like has(self.spec.replicas)");
    }
    NodePtr n = make(NodeKind::has, at);
    n->name = args[0]->name;
    add(*n, std::move(args[0]->children[0]));
    return n;
  }

  NodePtr try_macro(const std::string& name, std::size_t at, NodePtr& target,
                    std::vector<NodePtr>& args) {
    MacroKind kind;
    if (name == "all") {
      kind = MacroKind::all;
    } else if (name == "exists") {
      kind = MacroKind::exists;
    } else if (name == "exists_one" || name == "existsOne") {
      kind = MacroKind::exists_one;
    } else if (name == "map") {
      kind = MacroKind::map;
    } else if (name == "filter") {
      kind = MacroKind::filter;
    } else {
      return nullptr;
    }
    bool three = kind == MacroKind::map && args.size() == 3;
    if (args.size() != 2 && !three) {
      fail(at, name + "() takes a variable name and an expression, like " + name + "(x, x > 0)" +
                   (kind == MacroKind::map ? " or map(x, filter, transform)" : ""));
    }
    if (args[0]->kind != NodeKind::ident) {
      fail(args[0]->offset, "the first argument of " + name + "() must be a variable name");
    }
    NodePtr n = make(NodeKind::macro, at);
    n->macro = kind;
    n->name = name;
    n->loop_var = args[0]->name;
    add(*n, std::move(target));
    for (std::size_t i = 1; i < args.size(); ++i) add(*n, std::move(args[i]));
    return n;
  }

  std::string_view source_;
  Lexer lexer_;
  Token tok_;
  int nesting_ = 0;
};

}  // namespace

NodePtr parse(std::string_view source) {
  Parser p(source);
  return p.parse_all();
}

}  // namespace golive::expr
