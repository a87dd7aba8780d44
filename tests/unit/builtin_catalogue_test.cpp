// The built-in catalogue's own quality bar: every rule documented, tested in
// both directions, and its tests green.

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "golive/evaluation.hpp"
#include "golive/rule_set.hpp"

using namespace golive;

namespace {
RuleSet builtin() {
  RuleLoader loader;
  loader.add_builtin_profiles();
  loader.add_builtin_rules();
  return loader.finish();
}
}  // namespace

TEST_CASE("the built-in catalogue loads and covers every domain", "[catalogue]") {
  RuleSet set = builtin();
  CHECK(set.rules.size() >= 30);
  std::map<Domain, int> per_domain;
  for (const auto& rule : set.rules) ++per_domain[rule.domain];
  for (Domain d : kAllDomains) {
    INFO("domain " << to_string(d));
    CHECK(per_domain[d] >= 3);
  }
  CHECK(set.find_profile("production"));
  CHECK(set.find_profile("staging"));
}

TEST_CASE("every built-in rule is documented and tested both ways", "[catalogue]") {
  for (const auto& rule : builtin().rules) {
    INFO("rule " << rule.id << " at " << rule.location.to_string());
    CHECK(rule.builtin);
    CHECK(!rule.severity_reason.empty());
    CHECK(!rule.rationale.empty());
    CHECK(!rule.remediation.empty());
    CHECK(!rule.references.empty());
    CHECK(rule.location.file ==
          "builtin:rules/" + std::string(to_string(rule.domain)) + "/" + rule.id + ".yaml");
    std::set<Status> expected;
    for (const auto& test : rule.tests) expected.insert(test.expect);
    CHECK(expected.count(Status::pass));
    CHECK(expected.count(Status::fail));
  }
}

TEST_CASE("no built-in rule's message shows a placeholder for what it could not compute",
          "[catalogue]") {
  // A message that fails to render part of itself ("(could not be computed)")
  // hides the evidence in the very case that matters: a pass or a fail.
  const RuleSet set = builtin();  // outcomes point into it
  for (const auto& outcome : run_rule_tests(set)) {
    if (outcome.actual != Status::pass && outcome.actual != Status::fail) continue;
    for (const auto& message : outcome.messages) {
      INFO(outcome.rule->id << " :: " << outcome.test->name << ": " << message);
      CHECK(message.find("(could not be computed)") == std::string::npos);
    }
  }
}

TEST_CASE("every built-in rule's test cases pass", "[catalogue]") {
  RuleSet set = builtin();
  std::size_t run = 0;
  for (const auto& outcome : run_rule_tests(set)) {
    INFO(outcome.rule->id << " :: " << outcome.test->name << ": " << outcome.detail);
    CHECK(outcome.passed);
    ++run;
  }
  CHECK(run >= 2 * set.rules.size());
}

// A rule tagged cross-layer joins several collectors' facts; for each system
// its passing cases use, one case shows the rule unknown without that system
// (never a pass on half the picture).
TEST_CASE("every cross-layer rule is tested unknown without each system it joins", "[catalogue]") {
  std::size_t cross_layer = 0;
  for (const auto& rule : builtin().rules) {
    if (std::find(rule.tags.begin(), rule.tags.end(), "cross-layer") == rule.tags.end()) continue;
    ++cross_layer;
    std::set<std::string> systems;
    for (const auto& test : rule.tests)
      if (test.expect == Status::pass)
        for (const auto& [system, facts] : test.facts.items()) systems.insert(system);
    CHECK(systems.size() >= 2);
    for (const auto& system : systems) {
      INFO("rule " << rule.id << ": no unknown case without '" << system << "'");
      CHECK(std::any_of(rule.tests.begin(), rule.tests.end(), [&](const RuleTest& test) {
        return test.expect == Status::unknown && !test.facts.contains(system);
      }));
    }
  }
  CHECK(cross_layer >= 10);
}
