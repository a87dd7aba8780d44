#include <catch2/catch.hpp>

#include "golive/diagnostics.hpp"
#include "golive/snapshot.hpp"

using namespace golive;

namespace {

const char* kValid = R"({
  "golive_snapshot": 1,
  "environment": "retail-prod",
  "profile": "production",
  "collected_at": "2026-11-20T08:00:00Z",
  "collectors": {"k8s": {"status": "ok"}, "azure": {"status": "partial", "error": "403 on vaults"}},
  "facts": {"k8s": {"deployments": []}}
})";

Diagnostic first_error(const std::string& text) {
  try {
    parse_snapshot(text, "s.json");
  } catch (const InputError& e) {
    return e.diagnostics().front();
  }
  FAIL("expected an error");
  return {};
}

}  // namespace

TEST_CASE("a valid snapshot loads", "[snapshot]") {
  Snapshot s = parse_snapshot(kValid, "s.json");
  CHECK(s.environment == "retail-prod");
  CHECK(s.profile == "production");
  CHECK(s.collectors["azure"]["status"] == "partial");
  CHECK(s.facts["k8s"]["deployments"].is_array());
}

TEST_CASE("malformed JSON points at the position", "[snapshot]") {
  auto d = first_error("{\n  \"golive_snapshot\": 1,\n  \"facts\": {,}\n}");
  CHECK(d.location.file == "s.json");
  CHECK(d.location.line == 3);
  CHECK(d.location.column == 13);
  CHECK(d.message.find("invalid JSON") != std::string::npos);
}

TEST_CASE("a wrong version is named at its value", "[snapshot]") {
  std::string text = kValid;
  text.replace(text.find("\"golive_snapshot\": 1"), 20, "\"golive_snapshot\": 7");
  auto d = first_error(text);
  CHECK(d.location.line == 2);
  CHECK(d.location.column == 22);
  CHECK(d.message.find("unsupported snapshot version 7") != std::string::npos);
}

TEST_CASE("an unknown collector status is named with a suggestion", "[snapshot]") {
  std::string text = kValid;
  text.replace(text.find("\"partial\""), 9, "\"parital\"");
  auto d = first_error(text);
  CHECK(d.location.line == 6);
  CHECK(d.message.find("did you mean 'partial'") != std::string::npos);
}

TEST_CASE("missing envelope keys and a non-RFC 3339 time are reported", "[snapshot]") {
  try {
    parse_snapshot(R"({"golive_snapshot": 1, "environment": "x", "collected_at": "yesterday"})",
                   "s.json");
    FAIL("expected errors");
  } catch (const InputError& e) {
    std::string all = e.what();
    CHECK(all.find("'profile'") != std::string::npos);
    CHECK(all.find("RFC 3339") != std::string::npos);
    CHECK(all.find("'collectors'") != std::string::npos);
    CHECK(all.find("'facts'") != std::string::npos);
  }
}

TEST_CASE("a document that is not a snapshot is refused", "[snapshot]") {
  auto d = first_error("[1, 2]");
  CHECK(d.message.find("must be a JSON object") != std::string::npos);
  auto d2 = first_error(R"({"facts": {}})");
  CHECK(d2.message.find("not a golive snapshot") != std::string::npos);
}
