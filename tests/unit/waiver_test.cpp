#include <catch2/catch.hpp>

#include "golive/time.hpp"
#include "golive/waiver.hpp"

using namespace golive;

namespace {
Finding failing(const std::string& rule, const std::string& resource,
                Status status = Status::fail) {
  Finding f;
  f.rule_id = rule;
  f.resource = resource;
  f.status = status;
  return f;
}
}  // namespace

TEST_CASE("waivers apply by glob until they expire", "[waiver]") {
  auto waivers = parse_waivers(R"(waivers:
  - rule: security.k8s.*
    resource: odoo/*
    reason: accepted until the network policy rollout
    approver: jane.doe@example.com
    ticket: CHG-1234
    expires: 2026-12-31
  - rule: resilience.old
    resource: "*"
    reason: old exception
    approver: john@example.com
    expires: 2025-01-31
  - rule: nothing.matches
    resource: "*"
    reason: stale
    approver: ops@example.com
    expires: 2027-01-01
)",
                               "w.yaml");
  REQUIRE(waivers.size() == 3);
  std::vector<Finding> findings = {
      failing("security.k8s.netpol", "odoo/web"), failing("security.k8s.netpol", "traefik/traefik"),
      failing("resilience.old", "x"), failing("security.k8s.pass", "odoo/web", Status::pass)};
  auto outcomes = apply_waivers(findings, waivers, *parse_date("2026-11-22"));
  CHECK(findings[0].status == Status::waived);
  CHECK(findings[0].waived_status == Status::fail);
  CHECK(findings[0].waiver_index == 0u);
  CHECK(findings[1].status == Status::fail);  // resource does not match
  CHECK(findings[2].status == Status::fail);  // expired waiver no longer applies
  // ...and its approver answers for the finding it no longer covers.
  CHECK(findings[2].owner == "john@example.com (approved the expired waiver)");
  CHECK(findings[1].owner.empty());
  CHECK(findings[3].status == Status::pass);  // passes are never "waived"
  CHECK(outcomes[0].state == WaiverState::active);
  CHECK(outcomes[0].matched == 1);
  CHECK(outcomes[1].state == WaiverState::expired);
  CHECK(outcomes[1].matched == 1);
  CHECK(outcomes[2].state == WaiverState::stale);
}

TEST_CASE("a waiver is valid through its expiry day", "[waiver]") {
  auto waivers = parse_waivers(
      "waivers: [{rule: a, resource: '*', reason: r, approver: p, expires: 2026-11-22}]", "w.yaml");
  std::vector<Finding> findings = {failing("a", "x")};
  apply_waivers(findings, waivers, *parse_date("2026-11-22"));
  CHECK(findings[0].status == Status::waived);
  std::vector<Finding> later = {failing("a", "x")};
  apply_waivers(later, waivers, *parse_date("2026-11-23"));
  CHECK(later[0].status == Status::fail);
}

TEST_CASE("waiver files are validated with positions", "[waiver]") {
  try {
    parse_waivers(
        "waivers:\n  - rule: a\n    resource: '*'\n    reason: r\n    aprover: p\n"
        "    expires: 2026-13-01\n",
        "w.yaml");
    FAIL("expected errors");
  } catch (const InputError& e) {
    const auto& d = e.diagnostics();
    REQUIRE(d.size() == 3);
    CHECK(d[0].location.to_string() == "w.yaml:5:5");
    CHECK(d[0].message.find("did you mean 'approver'") != std::string::npos);
    CHECK(d[1].message.find("missing the required key 'approver'") != std::string::npos);
    CHECK(d[2].location.to_string() == "w.yaml:6:14");
    CHECK(d[2].message.find("YYYY-MM-DD") != std::string::npos);
  }
}

TEST_CASE("an expired waiver names the owner only of findings no active waiver covers",
          "[waiver]") {
  auto waivers = parse_waivers(R"(waivers:
  - rule: a.rule
    resource: "*"
    reason: old
    approver: old-approver@example.com
    expires: 2025-01-31
  - rule: a.rule
    resource: x
    reason: renewed
    approver: new-approver@example.com
    expires: 2027-01-31
)",
                               "w.yaml");
  std::vector<Finding> findings = {failing("a.rule", "x"), failing("a.rule", "y")};
  apply_waivers(findings, waivers, *parse_date("2026-11-22"));
  CHECK(findings[0].status == Status::waived);
  CHECK(findings[0].owner.empty());
  CHECK(findings[1].status == Status::fail);
  CHECK(findings[1].owner == "old-approver@example.com (approved the expired waiver)");
}
