// Runs the cel-spec "simple" conformance tests of golive's CEL subset.
//
//   cel_conformance path/to/simple-tests.json
//
// Each test runs in a forked child with a time limit, so that a crash or a
// hang is reported as such instead of taking the runner down. Tests that need
// features outside the subset (protobuf messages, optionals) are skipped and
// counted per category; everything else must pass.

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "expr/parser.hpp"
#include "expr/program.hpp"
#include "golive/text.hpp"

using golive::expr::Kind;
using golive::expr::Value;
using Json = nlohmann::json;

namespace {

const std::set<std::string> kFiles = {"basic",   "logic",       "macros", "string",
                                      "lists",   "comparisons", "fields", "integer_math",
                                      "fp_math", "conversions", "parse"};
constexpr int kTimeoutMs = 5000;
constexpr int kMinimumPassing = 690;

// ------------------------------------------------------------ skipping

// The category a test is skipped for, or "" when it runs.
std::string skip_category(const Json& test) {
  const std::string expr = test.value("expr", "");
  if (test.contains("container") || expr.find("google.protobuf.") != std::string::npos ||
      expr.find("TestAllTypes") != std::string::npos ||
      expr.find("cel.expr.conformance") != std::string::npos) {
    return "protobuf messages";
  }
  if (test.contains("value") && test["value"].contains("objectValue")) return "protobuf messages";
  if (expr.find("optional.") != std::string::npos || expr.find(".?") != std::string::npos ||
      expr.find("?.") != std::string::npos) {
    return "optionals";
  }
  return "";
}

// ------------------------------------------------------------ expected values

double to_double(const Json& j) {
  if (j.is_number()) return j.get<double>();
  std::string s = j.get<std::string>();
  if (s == "Infinity") return INFINITY;
  if (s == "-Infinity") return -INFINITY;
  if (s == "NaN") return NAN;
  return std::stod(s);
}

// Converts a proto3-JSON cel.expr.Value into a runtime value.
Value from_proto(const Json& v) {
  if (v.contains("int64Value")) {
    const Json& x = v["int64Value"];
    return Value::integer(x.is_string() ? std::stoll(x.get<std::string>()) : x.get<std::int64_t>());
  }
  if (v.contains("uint64Value")) {
    const Json& x = v["uint64Value"];
    return Value::uinteger(x.is_string() ? std::stoull(x.get<std::string>())
                                         : x.get<std::uint64_t>());
  }
  if (v.contains("doubleValue")) return Value::floating(to_double(v["doubleValue"]));
  if (v.contains("stringValue")) return Value::owned_string(v["stringValue"].get<std::string>());
  if (v.contains("bytesValue")) {
    return Value::owned_string(golive::base64_decode(v["bytesValue"].get<std::string>()).value(),
                               Kind::bytes);
  }
  if (v.contains("boolValue")) return Value::boolean(v["boolValue"].get<bool>());
  if (v.contains("nullValue")) return Value::null();
  if (v.contains("typeValue")) {
    // Type values borrow their name; keep the text alive for the process.
    static std::set<std::string> names;
    return Value::type(*names.insert(v["typeValue"].get<std::string>()).first);
  }
  if (v.contains("listValue")) {
    std::vector<Value> items;
    for (const Json& e : v["listValue"].value("values", Json::array()))
      items.push_back(from_proto(e));
    return Value::list(std::move(items));
  }
  if (v.contains("mapValue")) {
    std::vector<std::pair<Value, Value>> entries;
    for (const Json& e : v["mapValue"].value("entries", Json::array())) {
      entries.emplace_back(from_proto(e["key"]), from_proto(e["value"]));
    }
    return Value::map(std::move(entries));
  }
  throw std::runtime_error("unsupported expected value " + v.dump());
}

// ------------------------------------------------------------ exact comparison

bool exactly_equal(const Value& a, const Value& b, golive::expr::PathArena& arena) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Kind::floating:
      if (std::isnan(a.num.d) || std::isnan(b.num.d))
        return std::isnan(a.num.d) && std::isnan(b.num.d);
      return a.num.d == b.num.d;
    case Kind::list: {
      std::size_t n = golive::expr::list_size(a);
      if (n != golive::expr::list_size(b)) return false;
      for (std::size_t i = 0; i < n; ++i) {
        if (!exactly_equal(golive::expr::list_at(a, i, arena), golive::expr::list_at(b, i, arena),
                           arena)) {
          return false;
        }
      }
      return true;
    }
    case Kind::map: {
      if (golive::expr::map_size(a) != golive::expr::map_size(b)) return false;
      for (const Value& k : golive::expr::map_keys(a)) {
        // Keys must match exactly too: find b's key of the same kind.
        bool found = false;
        for (const Value& kb : golive::expr::map_keys(b)) {
          if (exactly_equal(k, kb, arena)) {
            found = exactly_equal(*golive::expr::map_find(a, k, arena),
                                  *golive::expr::map_find(b, kb, arena), arena);
            break;
          }
        }
        if (!found) return false;
      }
      return true;
    }
    default:
      return golive::expr::values_equal(a, b, arena);
  }
}

std::string describe(const Value& v) {
  switch (v.kind) {
    case Kind::integer:
      return "int " + std::to_string(v.num.i);
    case Kind::uinteger:
      return "uint " + std::to_string(v.num.u);
    case Kind::floating:
      return "double " + golive::expr::format_double(v.num.d);
    case Kind::string:
      return "string " + Json(std::string(v.text)).dump();
    case Kind::bytes:
      return "bytes b64:" + golive::base64_encode(v.text);
    case Kind::error:
      return "error: " + std::string(v.text);
    case Kind::unknown: {
      std::string s = "unknown:";
      for (const auto& m : v.missing()) s += " " + m;
      return s;
    }
    case Kind::list: {
      golive::expr::PathArena arena;
      std::string s = "[";
      for (std::size_t i = 0; i < golive::expr::list_size(v); ++i) {
        s += (i ? ", " : "") + describe(golive::expr::list_at(v, i, arena));
      }
      return s + "]";
    }
    case Kind::map: {
      golive::expr::PathArena arena;
      std::string s = "{";
      bool first = true;
      for (const Value& k : golive::expr::map_keys(v)) {
        s += (first ? "" : ", ") + describe(k) + ": " +
             describe(*golive::expr::map_find(v, k, arena));
        first = false;
      }
      return s + "}";
    }
    default:
      return std::string(golive::expr::type_name(v.kind)) + " " + golive::expr::to_json(v).dump();
  }
}

// ------------------------------------------------------------ running one test

// Runs in the child: returns "" on success, otherwise what happened.
std::string run_test(const Json& test) {
  std::vector<std::string> names;
  std::vector<Value> values;
  if (test.contains("bindings")) {
    for (const auto& [name, binding] : test["bindings"].items()) {
      names.push_back(name);
      values.push_back(from_proto(binding["value"]));
    }
  }
  if (test.contains("typeEnv")) {
    for (const Json& decl : test["typeEnv"]) {
      std::string name = decl.value("name", "");
      if (decl.contains("ident") && std::find(names.begin(), names.end(), name) == names.end()) {
        names.push_back(name);
        values.push_back(Value::error("no value bound for '" + name + "'"));
      }
    }
  }
  golive::expr::CompileOptions options;
  options.check = false;
  options.variables = names;
  std::shared_ptr<const golive::expr::Program> program;
  try {
    program = golive::expr::compile(test["expr"].get<std::string>(), options);
  } catch (const golive::expr::CompileError& e) {
    return "compile error at " + std::to_string(e.position().line) + ":" +
           std::to_string(e.position().column) + ": " + e.what();
  }
  golive::expr::EvalContext ctx;
  Value got = golive::expr::evaluate_values(*program, values, ctx);
  if (test.contains("evalError")) {
    if (got.is_error()) return "";
    return describe(got);
  }
  Value expected = test.contains("value") ? from_proto(test["value"]) : Value::boolean(true);
  if (exactly_equal(got, expected, ctx.arena)) return "";
  return describe(got);
}

struct Outcome {
  bool passed = false;
  std::string detail;
};

// Forks, runs the test in the child and waits at most kTimeoutMs.
Outcome run_guarded(const Json& test) {
  int fds[2];
  if (pipe(fds) != 0) return {false, "pipe failed"};
  pid_t pid = fork();
  if (pid < 0) return {false, "fork failed"};
  if (pid == 0) {
    close(fds[0]);
    std::string r;
    try {
      r = run_test(test);
      r = (r.empty() ? "P" : "F") + r;
    } catch (const std::exception& e) {
      r = std::string("Fexception: ") + e.what();
    }
    std::size_t off = 0;
    while (off < r.size()) {
      ssize_t w = write(fds[1], r.data() + off, r.size() - off);
      if (w <= 0) break;
      off += static_cast<std::size_t>(w);
    }
    close(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kTimeoutMs);
  bool timed_out = false;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    int r = poll(&p, 1, static_cast<int>(left));
    if (r <= 0) continue;
    char buf[4096];
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  if (timed_out) kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  if (timed_out) return {false, "HANG: no result within " + std::to_string(kTimeoutMs) + " ms"};
  if (WIFSIGNALED(status)) return {false, "CRASH: signal " + std::to_string(WTERMSIG(status))};
  if (out.empty()) return {false, "CRASH: no result"};
  return {out[0] == 'P', out.substr(1)};
}

std::string expected_text(const Json& test) {
  if (test.contains("evalError")) return "error";
  if (test.contains("value")) return test["value"].dump();
  return "{\"boolValue\": true}";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: cel_conformance simple-tests.json\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "cannot read " << argv[1] << "\n";
    return 2;
  }
  Json suite = Json::parse(in);
  int passed = 0, failed = 0, skipped = 0;
  bool broken = false;  // a crash or a hang
  // Every allowed skip category is listed, even when nothing needed it:
  // uint, bytes and timestamps are implemented, so none of their tests skip.
  std::map<std::string, int> skips = {
      {"protobuf messages", 0}, {"uint", 0}, {"bytes", 0}, {"timestamps", 0}, {"optionals", 0}};
  for (const Json& file : suite["files"]) {
    std::string file_name = file["name"];
    if (!kFiles.count(file_name)) continue;
    for (const Json& section : file["sections"]) {
      for (const Json& test : section["tests"]) {
        std::string category = skip_category(test);
        if (!category.empty()) {
          ++skipped;
          ++skips[category];
          continue;
        }
        Outcome o = run_guarded(test);
        if (o.passed) {
          ++passed;
          continue;
        }
        ++failed;
        if (o.detail.rfind("HANG", 0) == 0 || o.detail.rfind("CRASH", 0) == 0) broken = true;
        // One line per failure.
        std::cout << "FAIL " << file_name << "/" << section["name"].get<std::string>() << "/"
                  << test["name"].get<std::string>() << " | expr: " << Json(test["expr"]).dump()
                  << " | expected: " << expected_text(test) << " | got: " << o.detail << "\n";
      }
    }
  }
  std::cout << "skipped by category:\n";
  for (const auto& [category, count] : skips)
    std::cout << "  " << category << ": " << count << "\n";
  std::cout << passed << " passed, " << failed << " failed, " << skipped << " skipped" << std::endl;
  return (passed < kMinimumPassing || broken) ? 1 : 0;
}
