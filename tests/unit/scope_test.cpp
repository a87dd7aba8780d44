// An audit's scope: the systems each rule reads (derived from its compiled
// expressions), rules left out for a system not audited, --only/--skip, and
// profiles that require systems.

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "golive/collector.hpp"
#include "golive/diagnostics.hpp"
#include "golive/engine.hpp"
#include "golive/evaluation.hpp"
#include "golive/expr.hpp"
#include "golive/rule_set.hpp"
#include "golive/scope.hpp"
#include "golive/scoring.hpp"

using namespace golive;

namespace {

std::vector<std::string> roots(const std::string& source) {
  return expr::fact_roots(*expr::compile(source));
}

RuleSet rules_from(const std::string& yaml) {
  RuleLoader loader;
  loader.add_builtin_profiles();
  loader.add_text(yaml, "t.yaml");
  return loader.finish();
}

RuleSet builtin() {
  RuleLoader loader;
  loader.add_builtin_profiles();
  loader.add_builtin_rules();
  return loader.finish();
}

const std::string kRules = R"yaml(id: a.k8s-only
title: k8s only
domain: security
severity: high
applies_to: k8s.workloads
assert: self.spec.replicas > 1
tags: [kubernetes]
---
id: b.azure-only
title: azure only
domain: architecture
severity: high
applies_to: azure.aks
assert: has(self.zones)
---
id: c.cross
title: odoo joined with postgres
domain: scalability
severity: medium
applies_to: odoo.config
assert: facts.postgres.exists(k, true) && self.workers > 0
tags: [odoo]
)yaml";

}  // namespace

TEST_CASE("an expression's systems are the keys of facts it selects", "[scope]") {
  CHECK(roots("self.spec.replicas > 1").empty());
  CHECK(roots("facts.k8s.nodes.size() > 0 && facts.azure.aks.exists(a, true)") ==
        std::vector<std::string>{"azure", "k8s"});
  CHECK(roots("facts['postgres'].exists(k, true)") == std::vector<std::string>{"postgres"});
  CHECK(roots("has(facts.redis) ? 1 : 2") == std::vector<std::string>{"redis"});
  // A computed key, or facts as a whole: any system may be read.
  CHECK(roots("facts[self.kind].size() > 0") == std::vector<std::string>{"*"});
  // A loop variable's fields are not facts' keys.
  CHECK(roots("[1].all(facts, facts > 0)").empty());
}

TEST_CASE("a rule's systems come from applies_to and every expression", "[scope]") {
  const RuleSet set = rules_from(kRules);
  CHECK(set.find("a.k8s-only")->systems == std::vector<std::string>{"k8s"});
  CHECK(set.find("b.azure-only")->systems == std::vector<std::string>{"azure"});
  CHECK(set.find("c.cross")->systems == std::vector<std::string>{"odoo", "postgres"});
}

TEST_CASE("every built-in rule reads systems that collectors produce, as docs/facts.md says",
          "[scope][catalogue]") {
  const auto known = known_systems();
  CHECK(known == std::vector<std::string>{"azure", "declared", "k8s", "odoo", "postgres", "redis",
                                          "traefik"});
  std::ifstream in(std::string(GOLIVE_SOURCE_DIR) + "/docs/facts.md");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  // docs/facts.md's "Which rules read what" table: one row per fact, its rules.
  std::vector<std::string> rows;
  for (std::string line; std::getline(text, line);)
    if (line.rfind("| `", 0) == 0) rows.push_back(line);
  for (const auto& rule : builtin().rules) {
    INFO("rule " << rule.id);
    CHECK_FALSE(rule.systems.empty());
    for (const auto& system : rule.systems) {
      INFO("system " << system);
      CHECK(std::find(known.begin(), known.end(), system) != known.end());
      const bool documented = std::any_of(rows.begin(), rows.end(), [&](const std::string& row) {
        const bool about_system =
            row.rfind("| `" + system + ".", 0) == 0 || row.rfind("| `" + system + "`", 0) == 0;
        return about_system && row.find("`" + rule.id + "`") != std::string::npos;
      });
      CHECK(documented);
    }
  }
}

TEST_CASE("rules reading a system outside the scope are not audited, listed per system",
          "[scope]") {
  const RuleSet set = rules_from(kRules);
  const ScopedRules scoped = apply_scope(set.rules, {{"k8s", "postgres"}, {}});
  REQUIRE(scoped.rules.size() == 1);
  CHECK(scoped.rules[0]->id == "a.k8s-only");
  CHECK(scoped.report.systems == std::vector<std::string>{"k8s", "postgres"});
  REQUIRE(scoped.report.not_audited.count("azure"));
  CHECK(scoped.report.not_audited.at("azure") == std::vector<std::string>{"b.azure-only"});
  // Half in scope is out of scope too, and says what is missing.
  REQUIRE(scoped.report.cross_system.size() == 1);
  CHECK(scoped.report.cross_system[0].rule_id == "c.cross");
  CHECK(scoped.report.cross_system[0].missing == std::vector<std::string>{"odoo"});
  CHECK(not_audited_summary(to_json(scoped.report)) ==
        "azure (1 rule); 1 cross-system rule also needs odoo");
}

TEST_CASE("the systems a snapshot collected leave out skipped collectors", "[scope]") {
  const nlohmann::json collectors = {{"k8s", {{"status", "ok"}}},
                                     {"postgres", {{"status", "unreachable"}}},
                                     {"azure", {{"status", "skipped"}}}};
  CHECK(collected_systems(collectors) == std::set<std::string>{"k8s", "postgres"});
}

TEST_CASE("only and skip patterns select by id, glob, tag, domain or system", "[scope]") {
  const RuleSet set = rules_from(kRules);
  const Rule& k8s = *set.find("a.k8s-only");
  const Rule& cross = *set.find("c.cross");
  CHECK(pattern_matches("a.k8s-only", k8s));
  CHECK(pattern_matches("a.*", k8s));
  CHECK_FALSE(pattern_matches("b.*", k8s));
  CHECK(pattern_matches("kubernetes", k8s));  // tag
  CHECK(pattern_matches("security", k8s));    // domain
  CHECK(pattern_matches("k8s", k8s));         // system
  CHECK(pattern_matches("system:postgres", cross));
  CHECK_FALSE(pattern_matches("tag:postgres", cross));
  CHECK(pattern_matches("tag:odoo", cross));
  CHECK(pattern_matches("domain:scalability", cross));
  CHECK(pattern_matches("id:c.*", cross));

  const RuleSelection only_k8s{{"system:k8s"}, {}};
  CHECK(only_k8s.selects(k8s));
  CHECK_FALSE(only_k8s.selects(cross));
  const RuleSelection skip_security{{}, {"security"}};
  CHECK_FALSE(skip_security.selects(k8s));
  CHECK(skip_security.selects(cross));

  const ScopedRules scoped = apply_scope(set.rules, {{"k8s", "odoo", "postgres"}, skip_security});
  CHECK(scoped.report.not_selected == std::vector<std::string>{"a.k8s-only"});
}

TEST_CASE("a selection pattern that matches no rule is an error with a suggestion", "[scope]") {
  const RuleSet set = rules_from(kRules);
  CHECK_NOTHROW(check_selection({{"a.*", "odoo"}, {"azure"}}, set.rules, "--only"));
  try {
    check_selection({{"kubernetis"}, {}}, set.rules, "--only");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK_THAT(e.what(), Catch::Contains("'kubernetis' (only) matches no rule"));
    CHECK_THAT(e.what(), Catch::Contains("did you mean 'kubernetes'"));
  }
}

TEST_CASE("a required system not audited makes the decision NO-GO, not inconclusive", "[scope]") {
  Profile profile;
  profile.name = "gate";
  profile.required_systems = {"azure", "k8s"};
  Finding pass;
  pass.rule_id = "x";
  pass.severity = Severity::high;
  pass.status = Status::pass;
  Verdict v = decide({pass}, profile, {"azure"});
  CHECK(v.decision == Decision::no_go);
  CHECK_FALSE(v.inconclusive);  // retrying the same audit cannot change it
  CHECK(v.headline == "required system not audited: azure");
  REQUIRE_FALSE(v.reasons.empty());
  CHECK_THAT(v.reasons[0], Catch::Contains("profile 'gate' requires azure, k8s"));

  // With a blocking failure beside it, the NO-GO is not only for lack of facts.
  Finding blocker = pass;
  blocker.rule_id = "y";
  blocker.severity = Severity::blocking;
  blocker.status = Status::fail;
  v = decide({pass, blocker}, profile, {"azure"});
  CHECK(v.decision == Decision::no_go);
  CHECK_FALSE(v.inconclusive);
  CHECK(v.headline == "required system not audited: azure; 1 blocking failure");

  // All there: the verdict is the findings'.
  CHECK(decide({pass}, profile, {}).decision == Decision::go);
  CHECK(decide({pass}, profile, {}).headline == "no blocking finding and no condition");
}

TEST_CASE("an evaluation judges only the rules in scope and reports the rest", "[scope]") {
  const RuleSet set = rules_from(kRules);
  Snapshot snapshot;
  snapshot.collectors = {{"k8s", {{"status", "ok"}}}};
  snapshot.facts = {
      {"k8s", {{"workloads", nlohmann::json::array({{{"spec", {{"replicas", 2}}}}})}}}};
  snapshot.collected_at = "2026-01-01T00:00:00Z";
  Profile profile = *set.find_profile("staging");
  profile.required_systems = {"k8s", "azure"};
  const AuditResult result =
      run_evaluation({&set, &snapshot, &profile, {}, {}, {}, nullptr, {}, {}});
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].rule_id == "a.k8s-only");
  CHECK(result.findings[0].status == Status::pass);
  CHECK(result.scope.required_missing == std::vector<std::string>{"azure"});
  CHECK(result.verdict.decision == Decision::no_go);
  CHECK_FALSE(result.verdict.inconclusive);

  // A required system that no loaded rule reads is not required.
  profile.required_systems = {"k8s", "traefik"};
  const AuditResult no_traefik_rules =
      run_evaluation({&set, &snapshot, &profile, {}, {}, {}, nullptr, {}, {}});
  CHECK(no_traefik_rules.scope.required_missing.empty());
  CHECK(no_traefik_rules.verdict.decision == Decision::go);

  // --scope narrows what was collected.
  const AuditResult narrowed = run_evaluation(
      {&set, &snapshot, &profile, {}, {}, {}, nullptr, {}, std::set<std::string>{"azure"}});
  CHECK(narrowed.findings.empty());
  CHECK(narrowed.scope.not_audited.count("k8s"));
}

TEST_CASE("a rule reading facts by a computed key is not held back by the scope", "[scope]") {
  const RuleSet set = rules_from(R"yaml(id: d.dynamic
title: reads facts by a computed key
domain: operations
severity: low
applies_to: k8s.workloads
assert: size(facts[self.kind]) > 0
)yaml");
  CHECK(set.rules[0].systems == std::vector<std::string>{"*", "k8s"});
  const ScopedRules scoped = apply_scope(set.rules, {{"k8s"}, {}});
  CHECK(scoped.rules.size() == 1);
  CHECK(scoped.report.cross_system.empty());
}

TEST_CASE("the not-audited summary of a saved result tolerates odd shapes and counts rules once",
          "[scope]") {
  CHECK(not_audited_summary(nlohmann::json::parse(
            R"({"not_audited": [1, {"system": 5}, {"system": "azure", "rules": "3"}],
                "cross_system": [7, {"missing": "x"}]})")) == "2 cross-system rules also need ");
  const nlohmann::json scope = {
      {"not_audited",
       {{{"system", "azure"}, {"rules", 2}, {"rule_ids", {"a", "b"}}},
        {{"system", "postgres"}, {"rules", 2}, {"rule_ids", {"b", "c"}}}}}};
  CHECK(not_audited_summary(scope) == "3 rules: azure (2 rules), postgres (2 rules)");
}

TEST_CASE("a declared on-call owner of an odd shape is ignored", "[scope]") {
  const RuleSet set = rules_from(kRules);
  Snapshot snapshot;
  snapshot.collectors = {{"k8s", {{"status", "ok"}}}};
  snapshot.facts = {
      {"k8s", {{"workloads", nlohmann::json::array({{{"spec", {{"replicas", 2}}}}})}}},
      {"declared", {{"oncall", {1}}}}};
  const Profile& profile = *set.find_profile("staging");
  AuditResult result;
  REQUIRE_NOTHROW(result =
                      run_evaluation({&set, &snapshot, &profile, {}, {}, {}, nullptr, {}, {}}));
  CHECK(result.findings.at(0).owner.empty());
  snapshot.facts["declared"]["oncall"] = {{"owner", "Platform"}};
  result = run_evaluation({&set, &snapshot, &profile, {}, {}, {}, nullptr, {}, {}});
  CHECK(result.findings.at(0).owner == "Platform (on call, declared)");
}
