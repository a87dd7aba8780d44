// Arithmetic, comparison and membership operators, with CEL's rules:
// no implicit numeric conversion in arithmetic, errors on int overflow and
// division by zero, heterogeneous numeric comparison.

#include <cmath>
#include <limits>

#include "expr/evaluator.hpp"

namespace golive::expr {

namespace {

constexpr std::int64_t kMaxDurationNanos = std::numeric_limits<std::int64_t>::max();

std::string_view op_name(BinaryOp op) {
  switch (op) {
    case BinaryOp::eq:
      return "_==_";
    case BinaryOp::ne:
      return "_!=_";
    case BinaryOp::lt:
      return "_<_";
    case BinaryOp::le:
      return "_<=_";
    case BinaryOp::gt:
      return "_>_";
    case BinaryOp::ge:
      return "_>=_";
    case BinaryOp::in:
      return "@in";
    case BinaryOp::add:
      return "_+_";
    case BinaryOp::sub:
      return "_-_";
    case BinaryOp::mul:
      return "_*_";
    case BinaryOp::div:
      return "_/_";
    case BinaryOp::mod:
      return "_%_";
  }
  return "?";
}

Value overflow() {
  return Value::error("integer overflow");
}

Value add_timestamp(const Value& ts, std::int64_t nanos, bool subtract) {
  // Split the duration so that nothing overflows.
  std::int64_t secs = nanos / kNanosPerSecond;
  std::int64_t frac = nanos % kNanosPerSecond;
  if (subtract) {
    secs = -secs;
    frac = -frac;
  }
  Timestamp t = ts.as_timestamp();
  std::int64_t s = t.seconds + secs;
  std::int64_t n = t.nanos + frac;
  if (n < 0) {
    n += kNanosPerSecond;
    --s;
  } else if (n >= kNanosPerSecond) {
    n -= kNanosPerSecond;
    ++s;
  }
  Timestamp out{s, static_cast<std::int32_t>(n)};
  if (!timestamp_in_range(out)) return Value::error("timestamp out of range");
  return Value::timestamp(out);
}

Value arithmetic(BinaryOp op, const Value& a, const Value& b, PathArena& arena) {
  if (a.kind == Kind::integer && b.kind == Kind::integer) {
    std::int64_t x = a.num.i, y = b.num.i, r;
    switch (op) {
      case BinaryOp::add:
        if (__builtin_add_overflow(x, y, &r)) return overflow();
        return Value::integer(r);
      case BinaryOp::sub:
        if (__builtin_sub_overflow(x, y, &r)) return overflow();
        return Value::integer(r);
      case BinaryOp::mul:
        if (__builtin_mul_overflow(x, y, &r)) return overflow();
        return Value::integer(r);
      case BinaryOp::div:
        if (y == 0) return Value::error("division by zero");
        if (x == std::numeric_limits<std::int64_t>::min() && y == -1) return overflow();
        return Value::integer(x / y);
      case BinaryOp::mod:
        if (y == 0) return Value::error("modulus by zero");
        if (x == std::numeric_limits<std::int64_t>::min() && y == -1) return overflow();
        return Value::integer(x % y);
      default:
        break;
    }
  }
  if (a.kind == Kind::uinteger && b.kind == Kind::uinteger) {
    std::uint64_t x = a.num.u, y = b.num.u, r;
    switch (op) {
      case BinaryOp::add:
        if (__builtin_add_overflow(x, y, &r)) return overflow();
        return Value::uinteger(r);
      case BinaryOp::sub:
        if (__builtin_sub_overflow(x, y, &r)) return overflow();
        return Value::uinteger(r);
      case BinaryOp::mul:
        if (__builtin_mul_overflow(x, y, &r)) return overflow();
        return Value::uinteger(r);
      case BinaryOp::div:
        if (y == 0) return Value::error("division by zero");
        return Value::uinteger(x / y);
      case BinaryOp::mod:
        if (y == 0) return Value::error("modulus by zero");
        return Value::uinteger(x % y);
      default:
        break;
    }
  }
  if (a.kind == Kind::floating && b.kind == Kind::floating) {
    switch (op) {
      case BinaryOp::add:
        return Value::floating(a.num.d + b.num.d);
      case BinaryOp::sub:
        return Value::floating(a.num.d - b.num.d);
      case BinaryOp::mul:
        return Value::floating(a.num.d * b.num.d);
      case BinaryOp::div:
        return Value::floating(a.num.d / b.num.d);
      default:
        break;
    }
  }
  if (op == BinaryOp::add) {
    if ((a.kind == Kind::string || a.kind == Kind::bytes) && a.kind == b.kind) {
      std::string s;
      s.reserve(a.text.size() + b.text.size());
      s.append(a.text).append(b.text);
      return Value::owned_string(std::move(s), a.kind);
    }
    if (a.kind == Kind::list && b.kind == Kind::list) {
      std::vector<Value> items;
      std::size_t na = list_size(a), nb = list_size(b);
      items.reserve(na + nb);
      for (std::size_t i = 0; i < na; ++i) items.push_back(list_at(a, i, arena));
      for (std::size_t i = 0; i < nb; ++i) items.push_back(list_at(b, i, arena));
      return Value::list(std::move(items));
    }
    if (a.kind == Kind::duration && b.kind == Kind::duration) {
      std::int64_t r;
      if (__builtin_add_overflow(a.num.i, b.num.i, &r)) return overflow();
      return Value::duration(r);
    }
    if (a.kind == Kind::timestamp && b.kind == Kind::duration)
      return add_timestamp(a, b.num.i, false);
    if (a.kind == Kind::duration && b.kind == Kind::timestamp)
      return add_timestamp(b, a.num.i, false);
    if (a.kind == Kind::quantity && b.kind == Kind::quantity) {
      Quantity q = a.as_quantity();
      q.nanos += b.as_quantity().nanos;
      return Value::quantity(q);
    }
  }
  if (op == BinaryOp::sub) {
    if (a.kind == Kind::duration && b.kind == Kind::duration) {
      std::int64_t r;
      if (__builtin_sub_overflow(a.num.i, b.num.i, &r)) return overflow();
      return Value::duration(r);
    }
    if (a.kind == Kind::timestamp && b.kind == Kind::duration)
      return add_timestamp(a, b.num.i, true);
    if (a.kind == Kind::timestamp && b.kind == Kind::timestamp) {
      Timestamp x = a.as_timestamp(), y = b.as_timestamp();
      __int128 n =
          (static_cast<__int128>(x.seconds) - y.seconds) * kNanosPerSecond + (x.nanos - y.nanos);
      if (n > kMaxDurationNanos || n < -kMaxDurationNanos) {
        return Value::error("duration out of range");
      }
      return Value::duration(static_cast<std::int64_t>(n));
    }
    if (a.kind == Kind::quantity && b.kind == Kind::quantity) {
      Quantity q = a.as_quantity();
      q.nanos -= b.as_quantity().nanos;
      return Value::quantity(q);
    }
  }
  Value args[2] = {a, b};
  return no_overload(op_name(op), args, 2);
}

Value membership(const Value& element, const Value& container, PathArena& arena) {
  if (container.kind == Kind::list) {
    std::size_t n = list_size(container);
    for (std::size_t i = 0; i < n; ++i) {
      if (values_equal(element, list_at(container, i, arena), arena)) return Value::boolean(true);
    }
    return Value::boolean(false);
  }
  if (container.kind == Kind::map) {
    return Value::boolean(map_find(container, element, arena).has_value());
  }
  Value args[2] = {element, container};
  return no_overload("@in", args, 2);
}

}  // namespace

Value no_overload(std::string_view function, const Value* args, std::size_t n) {
  std::string msg = "no matching overload for '" + std::string(function) + "' applied to (";
  for (std::size_t i = 0; i < n; ++i) {
    if (i) msg += ", ";
    msg += type_name(args[i].kind);
  }
  return Value::error(msg + ")");
}

Value apply_binary(BinaryOp op, const Value& a, const Value& b, PathArena& arena) {
  switch (op) {
    case BinaryOp::eq:
      return Value::boolean(values_equal(a, b, arena));
    case BinaryOp::ne:
      return Value::boolean(!values_equal(a, b, arena));
    case BinaryOp::lt:
    case BinaryOp::le:
    case BinaryOp::gt:
    case BinaryOp::ge: {
      Order o = compare_values(a, b);
      if (o == Order::no_overload) {
        Value args[2] = {a, b};
        return no_overload(op_name(op), args, 2);
      }
      if (o == Order::unordered) return Value::boolean(false);  // NaN compares false
      bool r = op == BinaryOp::lt   ? o == Order::less
               : op == BinaryOp::le ? o != Order::greater
               : op == BinaryOp::gt ? o == Order::greater
                                    : o != Order::less;
      return Value::boolean(r);
    }
    case BinaryOp::in:
      return membership(a, b, arena);
    default:
      return arithmetic(op, a, b, arena);
  }
}

Value apply_negate(const Value& v) {
  switch (v.kind) {
    case Kind::integer:
      if (v.num.i == std::numeric_limits<std::int64_t>::min()) return overflow();
      return Value::integer(-v.num.i);
    case Kind::floating:
      return Value::floating(-v.num.d);
    case Kind::duration:
      if (v.num.i == std::numeric_limits<std::int64_t>::min()) return overflow();
      return Value::duration(-v.num.i);
    case Kind::quantity: {
      Quantity q = v.as_quantity();
      q.nanos = -q.nanos;
      return Value::quantity(q);
    }
    default:
      return no_overload("-_", &v, 1);
  }
}

}  // namespace golive::expr
