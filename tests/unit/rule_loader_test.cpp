#include <catch2/catch.hpp>

#include "golive/rule_set.hpp"

using namespace golive;

namespace {

RuleSet load(const std::string& text, const std::string& file = "r.yaml") {
  RuleLoader loader;
  loader.add_builtin_profiles();
  loader.add_text(text, file);
  return loader.finish();
}

std::vector<Diagnostic> errors(const std::string& text, const std::string& file = "r.yaml") {
  try {
    load(text, file);
  } catch (const InputError& e) {
    return e.diagnostics();
  }
  FAIL("expected the rule file to be rejected");
  return {};
}

const char* kValidRule = R"yaml(id: resilience.k8s.min-replicas
title: Deployments run at least two replicas
domain: resilience
severity: high
applies_to: k8s.deployments
when: self.metadata.namespace == 'odoo'
assert: self.spec.replicas >= 2
message: "{{ self.metadata.name }} runs {{ self.spec.replicas }} replica(s)"
rationale: One replica is one failure away from an outage.
remediation: kubectl scale deployment/NAME --replicas=2
references: ["https://kubernetes.io/docs/concepts/workloads/controllers/deployment/"]
tags: [odoo]
profiles: [production]
tests:
  - name: two replicas pass
    facts: {k8s: {deployments: [{metadata: {name: web, namespace: odoo}, spec: {replicas: 2}}]}}
    expect: pass
)yaml";

// Every diagnostic on a line of its own, as golive prints them.
std::string text_of(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& d : diagnostics) text += d.to_string() + "\n";
  return text;
}

}  // namespace

TEST_CASE("a valid rule loads with every field", "[rules]") {
  RuleSet set = load(kValidRule);
  REQUIRE(set.rules.size() == 1);
  const Rule& r = set.rules[0];
  CHECK(r.id == "resilience.k8s.min-replicas");
  CHECK(r.domain == Domain::resilience);
  CHECK(r.severity == Severity::high);
  CHECK(r.applies_path == std::vector<std::string>{"k8s", "deployments"});
  CHECK(r.when);
  CHECK(r.assertion);
  CHECK(r.message.segments.size() == 4);
  CHECK(r.profiles == std::vector<std::string>{"production"});
  REQUIRE(r.tests.size() == 1);
  CHECK(r.tests[0].facts["k8s"]["deployments"][0]["spec"]["replicas"] == 2);
  CHECK(r.tests[0].expect == Status::pass);
  CHECK(set.profiles.count("production"));
  CHECK(set.profiles.count("staging"));
}

TEST_CASE("several documents per file", "[rules]") {
  std::string two = std::string(kValidRule) + "---\n" + kValidRule + "---\n";
  two.replace(two.rfind("resilience.k8s.min-replicas"), 27, "resilience.k8s.min-replicas-2");
  RuleSet set = load(two);
  CHECK(set.rules.size() == 2);
}

TEST_CASE("rule file errors name file, line, column and the fix", "[rules]") {
  SECTION("unknown key with did-you-mean") {
    std::string text = kValidRule;
    text.replace(text.find("severity:"), 9, "severty:");
    auto d = errors(text);
    REQUIRE(d.size() == 2);
    CHECK(d[0].location.to_string() == "r.yaml:4:1");
    CHECK(d[0].message.find("unknown key 'severty' in rule (did you mean 'severity'?)") == 0);
    CHECK(d[1].message.find("missing the required key 'severity'") != std::string::npos);
  }
  SECTION("unknown domain and severity") {
    std::string text = kValidRule;
    text.replace(text.find("domain: resilience"), 18, "domain: resilence");
    text.replace(text.find("severity: high"), 14, "severity: critical");
    auto d = errors(text);
    REQUIRE(d.size() == 2);
    CHECK(d[0].location.to_string() == "r.yaml:3:9");
    CHECK(d[0].message.find("did you mean 'resilience'") != std::string::npos);
    CHECK(d[1].location.to_string() == "r.yaml:4:11");
    CHECK(d[1].message.find("use one of: blocking, high, medium, low, info") != std::string::npos);
  }
  SECTION("an expression that does not parse points inside the expression") {
    std::string text = kValidRule;
    text.replace(text.find("self.spec.replicas >= 2"), 23, "self.spec.replicas >= (2");
    auto d = errors(text);
    REQUIRE(d.size() == 1);
    CHECK(d[0].location.line == 7);
    CHECK(d[0].location.column > 24);  // past "assert: self.spec.replicas >= "
    CHECK(d[0].message.find("in 'assert'") == 0);
  }
  SECTION("an invalid test expectation") {
    std::string text = kValidRule;
    text.replace(text.find("expect: pass"), 12, "expect: passed");
    auto d = errors(text);
    REQUIRE(d.size() == 1);
    CHECK(d[0].location.to_string() == "r.yaml:17:13");
    CHECK(d[0].message.find("did you mean 'pass'") != std::string::npos);
  }
  SECTION("a bad id and a bad applies_to path") {
    std::string text = kValidRule;
    text.replace(text.find("id: resilience"), 14, "id: /resilience");
    text.replace(text.find("k8s.deployments"), 15, "k8s..deployments");
    auto d = errors(text);
    REQUIRE(d.size() == 2);
    CHECK(d[0].message.find("may only contain") != std::string::npos);
    CHECK(d[1].message.find("applies_to") != std::string::npos);
  }
  SECTION("an unknown profile") {
    std::string text = kValidRule;
    text.replace(text.find("profiles: [production]"), 22, "profiles: [prod]");
    auto d = errors(text);
    REQUIRE(d.size() == 1);
    CHECK(d[0].message.find("unknown profile 'prod'") != std::string::npos);
  }
  SECTION("YAML syntax errors") {
    auto d = errors("id: x\ntitle: [unclosed\n");
    REQUIRE(d.size() == 1);
    CHECK(d[0].location.file == "r.yaml");
    CHECK(d[0].location.line >= 2);
  }
}

TEST_CASE("an expression in a block scalar maps to its file line", "[rules]") {
  std::string text = kValidRule;
  text.replace(text.find("assert: self.spec.replicas >= 2"), 31,
               "assert: |\n  self.spec.replicas >= 2 &&\n    self.spec.x == )\n");
  auto d = errors(text);
  REQUIRE(d.size() == 1);
  CHECK(d[0].location.line == 9);
}

TEST_CASE("duplicate ids name both files", "[rules]") {
  RuleLoader loader;
  loader.add_builtin_profiles();
  loader.add_text(kValidRule, "a.yaml");
  loader.add_text(kValidRule, "b.yaml");
  try {
    loader.finish();
    FAIL("expected a duplicate id error");
  } catch (const InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].location.file == "b.yaml");
    CHECK(e.diagnostics()[0].message.find("already defined at a.yaml:1:1") != std::string::npos);
  }
}

TEST_CASE("every problem in a file is reported at once", "[rules]") {
  auto d = errors(
      "id: x\ntitle: t\ndomain: nope\nseverity: nope\napplies_to: k8s\nassert: true\n"
      "tests: [{name: n, facts: {}, expect: maybe}]\nextra: 1\n");
  CHECK(d.size() == 4);
}

TEST_CASE("the rule pack hash follows content, not paths or order", "[rules]") {
  auto hash_of = [](std::vector<std::pair<std::string, std::string>> files) {
    RuleLoader loader;
    loader.add_builtin_profiles();
    for (const auto& [path, text] : files) loader.add_text(text, path);
    return loader.finish().pack_sha256;
  };
  std::string other = kValidRule;
  other.replace(other.find("resilience.k8s.min-replicas"), 27, "resilience.k8s.other");
  const auto a = hash_of({{"a.yaml", kValidRule}, {"b.yaml", other}});
  CHECK(a.size() == 64);
  CHECK(hash_of({{"/elsewhere/x.yaml", other}, {"y.yaml", kValidRule}}) == a);
  std::string changed = other;
  changed.replace(changed.find("severity: high"), 14, "severity: low");
  CHECK(hash_of({{"a.yaml", kValidRule}, {"b.yaml", changed}}) != a);
}

TEST_CASE("variables: names, duplicates and references are checked with positions", "[rules]") {
  const std::string head =
      "id: t.v\ntitle: t\ndomain: security\nseverity: low\napplies_to: odoo.config\n";
  // A later variable, when and assert read earlier ones: loads.
  CHECK(load(head + "variables:\n  - name: a\n    expression: self.x\n"
                    "  - name: b\n    expression: variables.a + 1\n"
                    "when: variables.a > 0\nassert: variables.b > 1\n"
                    "message: \"{{ variables.b }}\"\n")
            .rules.at(0)
            .variables.size() == 2);

  const std::string unknown =
      text_of(errors(head + "variables:\n  - name: peak\n    expression: self.x\n"
                            "assert: variables.paek > 1\n"));
  CHECK_THAT(unknown, Catch::Contains("r.yaml:9:19: error: in 'assert': no variable 'paek'"));
  CHECK_THAT(unknown, Catch::Contains("did you mean 'peak'?"));

  const std::string forward =
      text_of(errors(head + "variables:\n  - name: a\n    expression: variables.b\n"
                            "  - name: b\n    expression: self.x\nassert: variables.a\n"));
  CHECK_THAT(forward, Catch::Contains("r.yaml:8:27: error: in 'expression': variable 'b' is "
                                      "defined after this expression"));

  const std::string shapes =
      text_of(errors(head + "variables:\n  - name: 2x\n    expression: self.x\n"
                            "  - name: a\n    expression: self.(\n"
                            "  - name: a\n    expression: self.y\n  - name: c\n"
                            "    expresion: self.z\nassert: 'true'\n"));
  CHECK_THAT(shapes,
             Catch::Contains("r.yaml:7:11: error: variable name '2x' must be an identifier"));
  CHECK_THAT(shapes, Catch::Contains("r.yaml:10:22: error: in 'expression'"));
  CHECK_THAT(shapes, Catch::Contains("r.yaml:11:11: error: variable 'a' is defined twice"));
  CHECK_THAT(shapes, Catch::Contains("did you mean 'expression'?"));
  CHECK_THAT(text_of(errors(head + "variables: {a: self.x}\nassert: 'true'\n")),
             Catch::Contains("r.yaml:6:12: error: 'variables' must be a list"));
}

TEST_CASE("definitions: any rule of any file calls them, whatever the file order", "[rules]") {
  RuleLoader loader;
  loader.add_builtin_profiles();
  // The rule comes first; the library after it.
  loader.add_text(R"yaml(id: t.defs
title: t
domain: security
severity: low
applies_to: k8s.deployments
assert: pod_containers(self.spec.template.spec).all(c, c.image != '')
message: "{{ size(odoo_deployments()) }} Odoo deployment(s)"
)yaml",
                  "a-rule.yaml");
  loader.add_text(R"yaml(definitions:
  - name: pod_containers
    params: [spec]
    description: every container of a pod template
    expression: >-
      spec.containers + (has(spec.initContainers) ? spec.initContainers : [])
  - name: odoo_deployments
    expression: facts.k8s.deployments.filter(d, d.metadata.name.startsWith('odoo'))
)yaml",
                  "z-lib.yaml");
  RuleSet set = loader.finish();
  REQUIRE(set.rules.size() == 1);
  CHECK(set.rules[0].systems == std::vector<std::string>{"k8s"});
  REQUIRE(set.definitions);
  CHECK(set.definitions->names() == std::vector<std::string>{"pod_containers", "odoo_deployments"});
}

TEST_CASE("definitions: errors point into the library file", "[rules]") {
  RuleLoader loader;
  loader.add_builtin_profiles();
  loader.add_text(R"yaml(definitions:
  - name: reads_self
    expression: self.spec
  - name: size
    expression: "1"
  - name: twice
    expression: "1"
  - name: twice
    expression: "2"
  - name: typo
    expresion: "1"
)yaml",
                  "lib.yaml");
  loader.add_text(
      "id: t.x\ntitle: t\ndomain: security\nseverity: low\napplies_to: odoo.config\n"
      "assert: twice(1) == 1\n",
      "rule.yaml");
  std::string text;
  try {
    loader.finish();
  } catch (const InputError& e) {
    text = text_of(e.diagnostics());
  }
  CHECK_THAT(text, Catch::Contains("lib.yaml:3:17: error: in definition 'reads_self': unknown "
                                   "variable 'self'"));
  CHECK_THAT(text, Catch::Contains("lib.yaml:4:11: error: 'size' is a built-in function"));
  CHECK_THAT(text, Catch::Contains("lib.yaml:8:11: error: definition 'twice' is already defined "
                                   "at lib.yaml:6:11"));
  CHECK_THAT(text, Catch::Contains("did you mean 'expression'?"));
  CHECK_THAT(text, Catch::Contains("rule.yaml:6:9: error: in 'assert': 'twice' takes 0 arguments"));
}

TEST_CASE("very long names are errors, never a crash", "[rules]") {
  // std::regex recurses per character; names are checked without it.
  const std::string long_name(100000, 'a');
  RuleLoader loader;
  loader.add_builtin_profiles();
  loader.add_text("definitions:\n  - name: " + long_name + "x\n    params: [" + long_name +
                      "]\n    expression: '1'\n",
                  "lib.yaml");
  loader.add_text("id: " + long_name +
                      "\ntitle: t\ndomain: security\nseverity: low\n"
                      "applies_to: odoo." +
                      long_name + "\nvariables:\n  - name: " + long_name +
                      "\n    expression: '1'\nassert: 'true'\n",
                  "rule.yaml");
  CHECK_NOTHROW(loader.finish());
  RuleLoader bad;
  bad.add_builtin_profiles();
  bad.add_text("id: -" + long_name +
                   "\ntitle: t\ndomain: security\nseverity: low\n"
                   "applies_to: odoo.config\nassert: 'true'\n",
               "rule.yaml");
  CHECK_THROWS_WITH(bad.finish(), Catch::Contains("may only contain letters"));
}
