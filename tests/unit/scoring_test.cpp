#include <catch2/catch.hpp>

#include "golive/scoring.hpp"

using namespace golive;

namespace {

Finding finding(const std::string& id, Domain domain, Severity severity, Status status) {
  Finding f;
  f.rule_id = id;
  f.domain = domain;
  f.severity = severity;
  f.status = status;
  f.resource = "r";
  return f;
}

Profile production() {
  Profile p;
  p.name = "production";
  p.min_score = 80;
  p.min_domain_score = 60;
  return p;
}

}  // namespace

TEST_CASE("scores are weighted shares of counted checks", "[scoring]") {
  std::vector<Finding> findings = {
      finding("a", Domain::security, Severity::high, Status::pass),      // 5 of 5
      finding("b", Domain::security, Severity::low, Status::fail),       // 0 of 1
      finding("c", Domain::security, Severity::medium, Status::waived),  // not counted
      finding("d", Domain::security, Severity::info, Status::fail),      // weight 0
  };
  Verdict v = decide(findings, production());
  CHECK(v.domains.size() == 6);
  CHECK(v.domains[Domain::security].score == 83);  // 5 / 6
  CHECK_FALSE(v.domains[Domain::devops].score.has_value());
  CHECK(v.domains[Domain::security].counts[Status::waived] == 1);
  CHECK(v.score == 83);
}

TEST_CASE("GO, CONDITIONAL GO and NO-GO", "[scoring]") {
  const Profile p = production();
  SECTION("all passing is GO") {
    Verdict v = decide({finding("a", Domain::security, Severity::blocking, Status::pass)}, p);
    CHECK(v.decision == Decision::go);
    CHECK(exit_code(v, {}, std::nullopt) == 0);
  }
  SECTION("a high failure is a condition") {
    std::vector<Finding> fs = {finding("a", Domain::security, Severity::blocking, Status::pass),
                               finding("a", Domain::security, Severity::blocking, Status::pass),
                               finding("b", Domain::security, Severity::high, Status::fail)};
    fs[1].rule_id = "a2";
    Verdict v = decide(fs, p);
    CHECK(v.decision == Decision::conditional_go);
    REQUIRE(v.conditions.size() == 1);
    CHECK(v.conditions[0].rule_id == "b");
    CHECK(exit_code(v, fs, std::nullopt) == 0);
    CHECK(exit_code(v, fs, Severity::high) == 1);
    CHECK(exit_code(v, fs, Severity::blocking) == 0);
  }
  SECTION("a blocking failure is NO-GO, exit 1") {
    std::vector<Finding> fs = {finding("a", Domain::security, Severity::blocking, Status::fail)};
    Verdict v = decide(fs, p);
    CHECK(v.decision == Decision::no_go);
    CHECK_FALSE(v.inconclusive);
    CHECK(exit_code(v, fs, std::nullopt) == 1);
    REQUIRE(v.blockers.size() == 1);
    CHECK(v.reasons.front().find("blocking: a failed") == 0);
  }
  SECTION("a waived blocking failure does not block") {
    Verdict v = decide({finding("a", Domain::security, Severity::blocking, Status::waived)}, p);
    CHECK(v.decision == Decision::go);
  }
  SECTION("a score under the minimum is NO-GO") {
    std::vector<Finding> fs;
    for (int i = 0; i < 3; ++i)
      fs.push_back(finding("m", Domain::devops, Severity::medium, Status::fail));
    fs.push_back(finding("n", Domain::devops, Severity::medium, Status::pass));
    Verdict v = decide(fs, p);
    CHECK(v.decision == Decision::no_go);
    CHECK(v.score == 25);
    CHECK(exit_code(v, fs, std::nullopt) == 1);
  }
}

TEST_CASE("NO-GO only from unverified blocking checks is inconclusive (exit 3)", "[scoring]") {
  Profile p = production();
  p.min_score = 0;
  p.min_domain_score = 0;
  std::vector<Finding> fs = {finding("a", Domain::resilience, Severity::blocking, Status::unknown),
                             finding("b", Domain::resilience, Severity::blocking, Status::pass)};
  Verdict v = decide(fs, p);
  CHECK(v.decision == Decision::no_go);
  CHECK(v.inconclusive);
  CHECK(exit_code(v, fs, std::nullopt) == 3);

  SECTION("with a real blocking failure too, it is conclusive") {
    fs.push_back(finding("c", Domain::security, Severity::blocking, Status::fail));
    Verdict v2 = decide(fs, p);
    CHECK_FALSE(v2.inconclusive);
    CHECK(exit_code(v2, fs, std::nullopt) == 1);
  }
  SECTION("a staging-like profile turns the unknown into a condition") {
    p.unknown_decision = Profile::UnknownDecision::condition;
    Verdict v3 = decide(fs, p);
    CHECK(v3.decision == Decision::conditional_go);
  }
}

TEST_CASE("an unknown never counts as a pass in the score", "[scoring]") {
  std::vector<Finding> fs = {finding("a", Domain::operations, Severity::high, Status::unknown),
                             finding("b", Domain::operations, Severity::high, Status::pass)};
  Profile p = production();
  CHECK(decide(fs, p).domains[Domain::operations].score == 50);
  p.unknown_score = Profile::UnknownScore::ignore;
  CHECK(decide(fs, p).domains[Domain::operations].score == 100);
}

TEST_CASE("findings already failing in the baseline do not decide", "[scoring]") {
  std::vector<Finding> fs = {finding("a", Domain::security, Severity::blocking, Status::fail),
                             finding("b", Domain::security, Severity::high, Status::pass)};
  fs[0].baseline = true;
  Verdict v = decide(fs, production());
  CHECK(v.decision == Decision::go);
  CHECK(v.domains[Domain::security].score == 100);
  CHECK(v.domains[Domain::security].counts[Status::fail] == 1);  // still reported
  CHECK(exit_code(v, fs, Severity::low) == 0);
  fs[0].baseline = false;
  CHECK(decide(fs, production()).decision == Decision::no_go);
}

TEST_CASE("NO-GO only because unknowns sank the score is inconclusive (exit 3)", "[scoring]") {
  // An unreachable collector: its checks are unknown and production counts
  // them as failures, so the score falls below the minimum.
  Profile p = production();
  std::vector<Finding> fs;
  for (int i = 0; i < 6; ++i)
    fs.push_back(
        finding("u" + std::to_string(i), Domain::scalability, Severity::high, Status::unknown));
  fs.push_back(finding("ok", Domain::scalability, Severity::high, Status::pass));
  Verdict v = decide(fs, p);
  CHECK(v.decision == Decision::no_go);
  CHECK(v.inconclusive);
  CHECK(exit_code(v, fs, std::nullopt) == 3);

  SECTION("real failures sinking the score too make it conclusive") {
    for (int i = 0; i < 6; ++i)
      fs.push_back(
          finding("f" + std::to_string(i), Domain::security, Severity::high, Status::fail));
    Verdict v2 = decide(fs, p);
    CHECK_FALSE(v2.inconclusive);
    CHECK(exit_code(v2, fs, std::nullopt) == 1);
  }
}
