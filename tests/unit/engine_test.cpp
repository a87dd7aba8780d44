#include <catch2/catch.hpp>

#include "golive/engine.hpp"
#include "golive/rule_set.hpp"

using namespace golive;

namespace {

Rule rule_from(const std::string& yaml) {
  RuleLoader loader;
  loader.add_builtin_profiles();
  loader.add_text(yaml, "t.yaml");
  return loader.finish().rules.at(0);
}

const std::string kReplicas = R"yaml(id: t.replicas
title: at least two replicas
domain: resilience
severity: blocking
applies_to: k8s.deployments
when: self.metadata.namespace == 'odoo'
assert: self.spec.replicas >= 2
message: "{{ self.metadata.name }} runs {{ self.spec.replicas }} replica(s)"
)yaml";

EvaluationContext context(const std::string& profile = "production") {
  EvaluationContext c;
  c.environment = "test";
  c.profile = profile;
  c.collectors = {{"k8s", {{"status", "ok"}}},
                  {"azure", {{"status", "unreachable"}, {"error", "timeout"}}}};
  return c;
}

nlohmann::json deployment(const std::string& ns, const std::string& name, nlohmann::json replicas) {
  nlohmann::json d = {{"metadata", {{"name", name}, {"namespace", ns}}},
                      {"spec", nlohmann::json::object()}};
  if (!replicas.is_null()) d["spec"]["replicas"] = replicas;
  return d;
}

}  // namespace

TEST_CASE("a rule is evaluated per item of a list", "[engine]") {
  Rule r = rule_from(kReplicas);
  nlohmann::json facts = {
      {"k8s",
       {{"deployments",
         {deployment("odoo", "web", 3), deployment("odoo", "cron", 1),
          deployment("odoo", "worker", nullptr), deployment("kube-system", "dns", 1)}}}}};
  auto findings = evaluate_rule(r, facts, context());
  REQUIRE(findings.size() == 3);  // kube-system is skipped by `when`
  CHECK(findings[0].resource == "odoo/web");
  CHECK(findings[0].status == Status::pass);
  CHECK(findings[0].message == "web runs 3 replica(s)");
  CHECK(findings[0].evidence["self.spec.replicas"] == 3);
  CHECK(findings[1].status == Status::fail);
  CHECK(findings[1].message == "cron runs 1 replica(s)");
  CHECK(findings[2].status == Status::unknown);  // missing field: never a pass
  CHECK(findings[2].missing == std::vector<std::string>{"self.spec.replicas"});
  CHECK(findings[2].message == "worker runs (not collected: self.spec.replicas) replica(s)");
  CHECK(aggregate_status(findings) == Status::fail);
}

TEST_CASE("absent, empty and profile-excluded selections", "[engine]") {
  Rule r = rule_from(kReplicas);
  SECTION("an absent applies_to path is unknown, explained by the collector status") {
    auto findings = evaluate_rule(r, {{"azure", nlohmann::json::object()}}, context());
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].status == Status::unknown);
    CHECK(findings[0].resource == "k8s.deployments");
    CHECK(findings[0].reason.find("not collected") != std::string::npos);
  }
  SECTION("an empty list is skipped") {
    auto findings =
        evaluate_rule(r, {{"k8s", {{"deployments", nlohmann::json::array()}}}}, context());
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].status == Status::skipped);
  }
  SECTION("nothing matching `when` is skipped") {
    nlohmann::json facts = {{"k8s", {{"deployments", {deployment("other", "x", 1)}}}}};
    auto findings = evaluate_rule(r, facts, context());
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].status == Status::skipped);
  }
  SECTION("a rule outside the profile is skipped") {
    Rule prod_only = rule_from(kReplicas + "profiles: [production]\n");
    auto findings = evaluate_rule(prod_only, {}, context("staging"));
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].status == Status::skipped);
    CHECK(findings[0].reason == "not part of profile 'staging'");
  }
  SECTION("the collector's failure explains the unknown") {
    Rule azure = rule_from(
        "id: a\ntitle: t\ndomain: security\nseverity: high\napplies_to: azure.aks\nassert: true\n");
    auto findings = evaluate_rule(azure, {}, context());
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].reason.find("collector 'azure' is unreachable (timeout)") !=
          std::string::npos);
  }
}

TEST_CASE("maps are iterated with '*' and objects evaluated once", "[engine]") {
  Rule per_server = rule_from(R"(id: p
title: t
domain: security
severity: high
applies_to: postgres.*
assert: self.settings.ssl.setting == 'on'
)");
  nlohmann::json facts = {{"postgres",
                           {{"main", {{"settings", {{"ssl", {{"setting", "on"}}}}}}},
                            {"replica", {{"settings", {{"ssl", {{"setting", "off"}}}}}}}}}};
  auto findings = evaluate_rule(per_server, facts, context());
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].resource == "main");
  CHECK(findings[0].status == Status::pass);
  CHECK(findings[1].resource == "replica");
  CHECK(findings[1].status == Status::fail);

  Rule once = rule_from(
      "id: o\ntitle: t\ndomain: operations\nseverity: low\napplies_to: odoo.config\n"
      "assert: self.list_db == 'False'\n");
  auto one = evaluate_rule(once, {{"odoo", {{"config", {{"list_db", "True"}}}}}}, context());
  REQUIRE(one.size() == 1);
  CHECK(one[0].resource == "odoo.config");
  CHECK(one[0].status == Status::fail);
}

TEST_CASE("errors and non-boolean assertions are errors, not passes", "[engine]") {
  Rule r = rule_from(
      "id: e\ntitle: t\ndomain: devops\nseverity: high\napplies_to: x\nassert: self.n / 0 == 1\n");
  auto f = evaluate_rule(r, {{"x", {{"n", 1}}}}, context());
  REQUIRE(f.size() == 1);
  CHECK(f[0].status == Status::error);
  CHECK_FALSE(f[0].error.empty());

  Rule s = rule_from(
      "id: s\ntitle: t\ndomain: devops\nseverity: high\napplies_to: x\nassert: self.n + 1\n");
  auto g = evaluate_rule(s, {{"x", {{"n", 1}}}}, context());
  CHECK(g[0].status == Status::error);
  CHECK(g[0].error.find("must yield a bool") != std::string::npos);
}

TEST_CASE("rules read env, profile settings, facts and now", "[engine]") {
  Rule r = rule_from(R"(id: d
title: t
domain: resilience
severity: high
applies_to: declared.dr_drill
assert: now - date(self.date) <= duration(env.settings.max_dr_drill_age) && env.profile == 'production'
resource: "'DR drill'"
)");
  EvaluationContext c = context();
  c.profile_settings = {{"max_dr_drill_age", "90d"}};
  c.now = *parse_rfc3339("2026-03-01T00:00:00Z");
  auto recent = evaluate_rule(r, {{"declared", {{"dr_drill", {{"date", "2026-01-15"}}}}}}, c);
  CHECK(recent[0].status == Status::pass);
  CHECK(recent[0].resource == "DR drill");
  auto old = evaluate_rule(r, {{"declared", {{"dr_drill", {{"date", "2025-06-01"}}}}}}, c);
  CHECK(old[0].status == Status::fail);
}

TEST_CASE("findings are sorted by rule then resource", "[engine]") {
  std::vector<Rule> rules = {rule_from(kReplicas)};
  nlohmann::json facts = {
      {"k8s", {{"deployments", {deployment("odoo", "zeta", 2), deployment("odoo", "alpha", 2)}}}}};
  auto findings = evaluate_rules(rules, facts, context());
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].resource == "odoo/alpha");
}

namespace {

// Odoo's connection peak against PostgreSQL's budget, with named parts.
const std::string kBudget = R"yaml(id: t.budget
title: fits
domain: scalability
severity: high
applies_to: odoo.config
variables:
  - name: per_pod
    expression: (int(self.workers) + 1) * int(self.db_maxconn)
  - name: peak
    expression: variables.per_pod * facts.k8s.pods
  - name: budget
    expression: int(facts.postgres.db.max_connections) - 3
when: variables.per_pod > 0
assert: variables.peak <= variables.budget
message: "peak {{ variables.peak }} of {{ variables.budget }}"
)yaml";

nlohmann::json budget_facts(nlohmann::json pods, nlohmann::json max_connections) {
  nlohmann::json facts = {{"odoo", {{"config", {{"workers", "4"}, {"db_maxconn", "8"}}}}},
                          {"k8s", nlohmann::json::object()},
                          {"postgres", {{"db", nlohmann::json::object()}}}};
  if (!pods.is_null()) facts["k8s"]["pods"] = pods;
  if (!max_connections.is_null()) facts["postgres"]["db"]["max_connections"] = max_connections;
  return facts;
}

}  // namespace

TEST_CASE("variables name sub-expressions that later ones, when, assert and message read",
          "[engine]") {
  Rule r = rule_from(kBudget);
  REQUIRE(r.variables.size() == 3);

  auto pass = evaluate_rule(r, budget_facts(3, "200"), context()).at(0);
  CHECK(pass.status == Status::pass);
  CHECK(pass.message == "peak 120 of 197");
  // The evidence holds the facts the variables read and the values compared.
  CHECK(pass.evidence["self.workers"] == "4");
  CHECK(pass.evidence["facts.k8s.pods"] == 3);
  CHECK(pass.evidence["variables.peak"] == 120);

  auto fail = evaluate_rule(r, budget_facts(5, "100"), context()).at(0);
  CHECK(fail.status == Status::fail);
  CHECK(fail.message == "peak 200 of 97");
}

TEST_CASE("a variable that misses facts makes what reads it unknown for those facts", "[engine]") {
  Rule r = rule_from(kBudget);
  auto unknown = evaluate_rule(r, budget_facts(nullptr, "200"), context()).at(0);
  CHECK(unknown.status == Status::unknown);
  // Not "variables.peak": the fact behind it, through per_pod -> peak.
  CHECK(unknown.missing == std::vector<std::string>{"facts.k8s.pods"});
  CHECK(unknown.message == "peak (not collected: facts.k8s.pods) of 197");

  auto both = evaluate_rule(r, budget_facts(nullptr, nullptr), context()).at(0);
  CHECK(both.missing ==
        std::vector<std::string>{"facts.k8s.pods", "facts.postgres.db.max_connections"});
}

TEST_CASE("a variable that fails makes what reads it an error naming it", "[engine]") {
  Rule r = rule_from(kBudget);
  auto error = evaluate_rule(r, budget_facts(3, "lots"), context()).at(0);
  CHECK(error.status == Status::error);
  CHECK_THAT(error.error, Catch::Contains("variable 'budget' failed"));
}

TEST_CASE("a variable nobody reads does not decide anything", "[engine]") {
  Rule r = rule_from(R"yaml(id: t.unused
title: t
domain: security
severity: low
applies_to: odoo.config
variables:
  - name: never
    expression: facts.nothing.here
assert: self.workers == '4'
)yaml");
  auto finding = evaluate_rule(r, budget_facts(3, "200"), context()).at(0);
  CHECK(finding.status == Status::pass);
}

TEST_CASE("an unknown from a joined system names that system's collector and status", "[engine]") {
  Rule r = rule_from(R"yaml(id: t.join
title: t
domain: architecture
severity: high
applies_to: k8s.deployments
assert: size(facts.azure.aks) > 0 && size(facts.traefik.routers) > 0
)yaml");
  nlohmann::json facts = {{"k8s", {{"deployments", {deployment("odoo", "web", 2)}}}}};
  auto finding = evaluate_rule(r, facts, context()).at(0);
  CHECK(finding.status == Status::unknown);
  // azure is unreachable in context(); traefik did not run at all.
  CHECK(finding.reason ==
        "missing facts: facts.azure, facts.traefik; collector 'azure' is unreachable (timeout); "
        "collector 'traefik' did not run");
  // An ok collector that simply lacks a fact adds nothing.
  facts["azure"] = {{"aks", {1}}};
  facts["traefik"] = nlohmann::json::object();
  auto ctx = context();
  ctx.collectors["traefik"] = {{"status", "ok"}};
  CHECK(evaluate_rule(r, facts, ctx).at(0).reason == "missing facts: facts.traefik.routers");
}

TEST_CASE("a finding is located at its object's manifest line or its target's golive.yaml line",
          "[engine][location]") {
  Rule r = rule_from(kReplicas);
  nlohmann::json deployment = {{"apiVersion", "apps/v1"},
                               {"kind", "Deployment"},
                               {"metadata", {{"name", "web"}, {"namespace", "odoo"}}},
                               {"spec", {{"replicas", 1}}},
                               {"$source", {{"file", "deploy/web.yaml"}, {"line", 12}}}};
  auto findings = evaluate_rule(r, {{"k8s", {{"deployments", {deployment}}}}}, context());
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == "Deployment");
  REQUIRE(findings[0].location);
  CHECK(findings[0].location->file == "deploy/web.yaml");
  CHECK(findings[0].location->line == 12);

  // Live facts: the line declaring the target, else the collector's.
  Rule pg = rule_from(R"yaml(id: t.pg
title: pg
domain: resilience
severity: high
applies_to: postgres.*
assert: self.ok
message: "{{ self.missing_list }}"
)yaml");
  EvaluationContext c = context();
  c.collectors = {
      {"postgres",
       {{"status", "ok"},
        {"declared_at", {{"file", "golive.yaml"}, {"line", 9}, {"targets", {{"main", 11}}}}}}}};
  auto live =
      evaluate_rule(pg, {{"postgres", {{"main", {{"ok", true}}}, {"other", {{"ok", false}}}}}}, c);
  REQUIRE(live.size() == 2);
  CHECK(live[0].location->line == 11);
  CHECK(live[1].location->line == 9);
  CHECK(live[0].kind.empty());
  // What a message cannot show is said in words, never <unknown>.
  CHECK(live[0].message == "(not collected: self.missing_list)");
}

TEST_CASE("message placeholders show lists as text and empty ones as none", "[engine]") {
  Rule r = rule_from(R"yaml(id: t.list
title: list
domain: resilience
severity: high
applies_to: k8s
assert: "true"
message: "names {{ self.names }}; none {{ self.empty }}; map {{ self.labels }}"
)yaml");
  auto findings = evaluate_rule(r,
                                {{"k8s",
                                  {{"names", {"a", "b"}},
                                   {"empty", nlohmann::json::array()},
                                   {"labels", nlohmann::json::object()}}}},
                                context());
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "names a, b; none none; map none");
}

TEST_CASE("an object named when created shows its generateName", "[engine]") {
  Rule r = rule_from(kReplicas);
  nlohmann::json job = {{"metadata", {{"generateName", "migrate-"}, {"namespace", "odoo"}}},
                        {"spec", {{"replicas", 1}}}};
  auto findings = evaluate_rule(r, {{"k8s", {{"deployments", {job}}}}}, context());
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].resource == "odoo/migrate-*");
}
