// The declared-evidence collector against its contract: the facts it
// declares are docs/facts.md's "declared" table, the demo's declared.yaml
// gives exactly the demo snapshot's facts.declared, and each kind of mistake
// in a declared.yaml is reported at its line:column with what to write.

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "collector_diagnostics.hpp"
#include "collectors/declared/declared_file.hpp"
#include "golive/collector.hpp"
#include "golive/engine.hpp"
#include "golive/json_source.hpp"
#include "golive/rule_set.hpp"
#include "golive/secrets.hpp"
#include "golive/text.hpp"
#include "golive/time.hpp"
#include "golive/yaml.hpp"
#include "temp_dir.hpp"

using namespace golive;
using golive::collectors::declared::load_declared;
using golive::collectors::declared::read_declared;

namespace {

const std::string kSource = GOLIVE_SOURCE_DIR;
const std::chrono::sys_days kToday = *parse_date("2026-12-03");

// The fact paths in the first column of docs/facts.md's "declared" table.
std::set<std::string> documented_paths() {
  const std::string doc = read_file(kSource + "/docs/facts.md");
  const auto start = doc.find("## `declared`");
  REQUIRE(start != std::string::npos);
  const auto end = doc.find("\n## ", start + 1);
  std::set<std::string> paths;
  std::size_t at = start;
  while ((at = doc.find("\n| `declared.", at)) != std::string::npos && at < end) {
    const auto first_column_end = doc.find(" | ", at + 3);
    std::size_t tick = at;
    while ((tick = doc.find('`', tick + 1)) < first_column_end) {
      const auto close = doc.find('`', tick + 1);
      std::string path = doc.substr(tick + 1, close - tick - 1);
      if (path.size() > 2 && path.substr(path.size() - 2) == "[]") path.resize(path.size() - 2);
      paths.insert(path);
      tick = close;
    }
    at = first_column_end;
  }
  return paths;
}

// The diagnostics of a declared.yaml text ("file:line:column: error: ...").
std::vector<std::string> problems(const std::string& yaml) {
  DiagnosticSink sink;
  read_declared(YAML::Load(yaml), "declared.yaml", kToday, sink);
  try {
    sink.throw_if_any();
  } catch (const InputError& e) {
    std::vector<std::string> out;
    for (const auto& d : e.diagnostics()) out.push_back(d.to_string());
    return out;
  }
  return {};
}

nlohmann::json facts_of(const std::string& yaml) {
  DiagnosticSink sink;
  auto facts = read_declared(YAML::Load(yaml), "declared.yaml", kToday, sink);
  REQUIRE(sink.empty());
  return facts;
}

// The text of the first ```<language> block after `after` in a document.
std::string code_block(const std::string& doc, const std::string& after,
                       const std::string& language) {
  const auto from = doc.find(after);
  REQUIRE(from != std::string::npos);
  const std::string fence = "```" + language + "\n";
  const auto start = doc.find(fence, from);
  REQUIRE(start != std::string::npos);
  const auto end = doc.find("```", start + fence.size());
  REQUIRE(end != std::string::npos);
  return doc.substr(start + fence.size(), end - start - fence.size());
}

std::string only_problem(const std::string& yaml) {
  const auto found = problems(yaml);
  INFO(join(found, "\n"));
  REQUIRE(found.size() == 1);
  return found.front();
}

}  // namespace

TEST_CASE("The declared collector declares exactly the facts of docs/facts.md", "[declared]") {
  const auto& facts = make_collector("declared")->schema().facts;
  CHECK(std::set<std::string>(facts.begin(), facts.end()) == documented_paths());
}

TEST_CASE("The demo's declared.yaml gives the demo snapshot's facts.declared", "[declared]") {
  const std::string demo = kSource + "/examples/retail-demo";
  nlohmann::json expected =
      parse_json_text(read_file(demo + "/snapshot.json"), "snapshot.json")["facts"]["declared"];
  expected.erase("source");
  CHECK(load_declared(demo + "/declared.yaml", kToday) == expected);
}

TEST_CASE("Declared values keep their text; booleans and lists keep their type", "[declared]") {
  const auto facts = facts_of(
      "rto: 4h\nrpo: '15m'\n"
      "services: {odoo: {rto: 2h, rpo: 5m}, pos-sync: {rpo: 1h}}\n"
      "dr_drill: {date: 2026-11-30, evidence: 'https://wiki.example.com/dr'}\n"
      "slo: [{name: availability, target: 99.95, window: 4w}]\n"
      "ci: {system: gitlab, protected_branch: false, required_checks: [], image_scanning: true,\n"
      "     evidence: https://gitlab.example.com/retail/-/settings}\n");
  CHECK(facts["rto"] == "4h");
  CHECK(facts["rpo"] == "15m");
  CHECK(
      facts["services"] ==
      nlohmann::json::parse(R"({"odoo": {"rto": "2h", "rpo": "5m"}, "pos-sync": {"rpo": "1h"}})"));
  CHECK(facts["dr_drill"]["date"] == "2026-11-30");
  CHECK(facts["slo"][0]["target"] == "99.95");
  CHECK(facts["ci"]["protected_branch"] == false);
  CHECK(facts["ci"]["required_checks"] == nlohmann::json::array());
  CHECK_FALSE(facts.contains("source"));  // the collector adds it
}

TEST_CASE("An empty declared.yaml declares nothing", "[declared]") {
  CHECK(facts_of("# nothing yet\n") == nlohmann::json::object());
}

TEST_CASE("Each kind of mistake is reported at its line:column with what to write", "[declared]") {
  struct Case {
    const char* yaml;
    const char* where;
    const char* says;
  };
  const Case cases[] = {
      {"rto: 4h\nrpo: 15 minutes\n", "declared.yaml:2:6:",
       "'rpo' must be a positive duration such as 15m, 4h or 7d (Go syntax plus d and w), or 0s "
       "for none; got '15 minutes'; expected: rpo: 15m"},
      {"rto: -1h\n", "declared.yaml:1:6:", "'rto' must be a positive duration"},
      {"rto: -0s\n", "declared.yaml:1:6:", "got '-0s'; expected: rto: 4h"},
      {"restore_test: {date: 2026-10-01, evidence: 'https://wiki.example.com/r', duration: 0s}\n",
       "declared.yaml:1:84:",
       "'restore_test.duration' must be a positive duration such as 15m, 4h or 7d (Go syntax plus "
       "d and w); got '0s'; expected: restore_test: {duration: 1h35m, ...}"},
      {"dr_drill:\n  date: 2026-02-30\n  evidence: https://wiki.example.com/dr\n",
       "declared.yaml:2:9:",
       "'dr_drill.date' must be a calendar date YYYY-MM-DD that exists; got '2026-02-30'; "
       "expected: dr_drill: {date: 2026-03-12, ...}"},
      {"dr_drill:\n  date: 2027-01-10\n  evidence: https://wiki.example.com/dr\n",
       "declared.yaml:2:9:",
       "'dr_drill.date' is 2027-01-10, after today (2026-12-03): write the day it took place"},
      {"restore_test: {date: 2026-10-01, evidence: wiki/restore}\n", "declared.yaml:1:44:",
       "'restore_test.evidence' must be an https:// link that an auditor can open"},
      {"restore_test: {date: 2026-10-01, evidence: 'http://wiki.example.com/restore'}\n",
       "declared.yaml:1:44:", "got 'http://wiki.example.com/restore'"},
      {"dr_drill: {date: 2026-10-01, evidence: https://wiki.example.com/dr, scpoe: PITR}\n",
       "declared.yaml:1:69:",
       "unknown key 'scpoe' in dr_drill (did you mean 'scope'?); allowed keys: date, "
       "evidence, scope, rto_achieved, rpo_achieved; expected: dr_drill: {scope: geo-restore of "
       "PostgreSQL, DNS switch, ...}"},
      {"runbook:\n  - {topic: restore}\n", "declared.yaml:1:1:",
       "unknown key 'runbook' in declared.yaml (did you mean 'runbooks'?); allowed keys: rto, "
       "rpo, services, dr_drill, restore_test, runbooks, oncall, gitops, ci, slo, change_freeze, "
       "approvals; expected: runbooks: [{topic: restore, title: Restore PostgreSQL, url: "
       "https://wiki.example.com/rb/restore}]"},
      {"drDril: {date: 2026-10-01, evidence: https://wiki.example.com/dr}\n",
       "declared.yaml:1:1:", "unknown key 'drDril' in declared.yaml (did you mean 'dr_drill'?)"},
      {"backups: daily\n", "declared.yaml:1:1:",
       "unknown key 'backups' in declared.yaml; allowed keys: rto, rpo, services, dr_drill, "
       "restore_test, runbooks, oncall, gitops, ci, slo, change_freeze, approvals; expected: {rto: "
       "4h, rpo: 15m, dr_drill: {date: 2026-03-12, evidence: https://wiki.example.com/dr/2026-03}"},
      {"runbooks:\n  - topic: restore\n    url: https://wiki.example.com/rb/restore\n",
       "declared.yaml:2:5:",
       "runbooks[0] is missing the required key 'title'; expected: runbooks: [{topic: restore, "
       "title: Restore PostgreSQL, url: https://wiki.example.com/rb/restore}]"},
      {"runbooks: {topic: restore}\n", "declared.yaml:1:11:",
       "'runbooks' must be a list; expected: runbooks: [{topic: restore, title: Restore "
       "PostgreSQL, url: https://wiki.example.com/rb/restore}]"},
      {"oncall: Retail Platform team\n", "declared.yaml:1:9:",
       "'oncall' must be a mapping; expected: oncall: {owner: Platform team, evidence: "
       "https://pagerduty.example.com/schedules/P1}"},
      {"oncall: {owner: '', evidence: 'https://pd.example.com/s/P1'}\n", "declared.yaml:1:17:",
       "'oncall.owner' must be a non-empty text; expected: oncall: {owner: Platform team, ...}"},
      {"gitops: {controller: fluxcd, repository: https://github.com/example/platform}\n",
       "declared.yaml:1:22:",
       "'gitops.controller' must be flux or argocd; got 'fluxcd' (did you mean 'flux'?)"},
      {"ci: {system: gha, protected_branch: yes, required_checks: [a], image_scanning: true,\n"
       "     evidence: https://github.com/example/settings}\n",
       "declared.yaml:1:37:",
       "'ci.protected_branch' must be true or false (not yes, not quoted); expected: ci: "
       "{protected_branch: true, ...}"},
      {"ci: {system: gha, protected_branch: true, required_checks: a, image_scanning: true,\n"
       "     evidence: https://github.com/example/settings}\n",
       "declared.yaml:1:60:",
       "'ci.required_checks' must be a list of names; expected: ci: {required_checks: "
       "[odoo-unit-tests, trivy-image-scan], ...}"},
      {"slo: [{name: availability, target: 99.9%, window: a month}]\n", "declared.yaml:1:51:",
       "'slo[0].window' must be a positive duration such as 15m, 4h or 7d (Go syntax plus d and "
       "w); got 'a month'; expected: slo: [{window: 30d, ...}]"},
      {"change_freeze:\n  - {from: 2026-12-20, to: 2026-12-02, reason: holidays}\n",
       "declared.yaml:2:28:",
       "'change_freeze[0].to' (2026-12-02) is before 'change_freeze[0].from' (2026-12-20): a "
       "freeze ends on or after the day it starts; expected: change_freeze: [{from: 2026-11-26, "
       "to: 2026-12-01, reason: Black Friday}]"},
      {"approvals:\n  - {role: CTO, name: Jane, date: 2026/11/17, evidence: "
       "https://x.example.com/a}\n",
       "declared.yaml:2:35:", "'approvals[0].date' must be a calendar date YYYY-MM-DD"},
      {"services: {odoo: {rto: 4h, rpp: 15m}}\n", "declared.yaml:1:28:",
       "unknown key 'rpp' in services.odoo (did you mean 'rpo'?); allowed keys: rto, rpo; "
       "expected: services: {odoo: {rpo: 15m}}"},
      {"services: {odoo: {}}\n", "declared.yaml:1:18:",
       "'services.odoo' must declare rto, rpo or both; expected: services: {odoo: {rto: 4h, rpo: "
       "15m}}"},
      {"services: {odoo: {rto: 4 hours}}\n", "declared.yaml:1:24:",
       "'services.odoo.rto' must be a positive duration such as 15m, 4h or 7d (Go syntax plus d "
       "and w), or 0s for none; got '4 hours'; expected: services: {odoo: {rto: 4h}}"},
      {"services: [odoo]\n", "declared.yaml:1:11:",
       "'services' must map service names to their objectives; expected: services: {odoo: {rto: "
       "4h, rpo: 15m}, postgres: {rto: 1h, rpo: 0s}}"},
      {"gitops: {controller: flux, repo: ''}\n", "declared.yaml:1:34:",
       "'gitops.repository' must be a non-empty text; expected: gitops: {repository: "
       "https://github.com/example/platform, ...}"},
      {"- rto: 4h\n", "declared.yaml:1:1:", "declared.yaml must be a mapping of attestations"},
  };
  for (const auto& c : cases) {
    INFO(c.yaml);
    const std::string problem = only_problem(c.yaml);
    CHECK(problem.rfind(c.where, 0) == 0);
    CHECK_THAT(problem, Catch::Contains(c.says));
    CHECK_THAT(problem, Catch::Contains("; expected: "));
  }
}

TEST_CASE("A date may be tomorrow in UTC (time zones ahead), not later", "[declared]") {
  CHECK(problems("approvals: [{role: CTO, name: Jane, date: 2026-12-04, "
                 "evidence: 'https://x.example.com/a'}]")
            .empty());
  CHECK(problems("approvals: [{role: CTO, name: Jane, date: 2026-12-05, "
                 "evidence: 'https://x.example.com/a'}]")
            .size() == 1);
  // Change freezes are planned: they may lie ahead.
  CHECK(problems("change_freeze: [{from: 2027-11-25, to: 2027-11-30, reason: Black Friday}]")
            .empty());
}

TEST_CASE("A link with credentials is refused without repeating them", "[declared]") {
  const std::string problem =
      only_problem("oncall: {owner: me, evidence: 'https://bob:Planted-Pa55@pd.example.com/s'}\n");
  CHECK_THAT(problem, Catch::Contains("carries a user name or password"));
  CHECK_THAT(problem, !Catch::Contains("Planted-Pa55"));
  // An http:// link is refused for its credentials first: the message that
  // quotes a wrong link never quotes this one.
  for (const char* link :
       {"http://alice:wikiPassw0rd@wiki.example/x", "ftp://alice:wikiPassw0rd@wiki.example/x",
        "https://alice:wikiPassw0rd@/x"}) {
    INFO(link);
    const std::string http =
        only_problem(fmt::format("dr_drill: {{date: 2026-03-12, evidence: '{}'}}\n", link));
    CHECK_THAT(http, Catch::Contains("carries a user name or password"));
    CHECK_THAT(http, !Catch::Contains("wikiPassw0rd"));
  }
}

TEST_CASE("Every problem of a declared.yaml is reported together", "[declared]") {
  const auto found = problems(
      "rto: soon\n"
      "dr_drill: {date: 2026-13-01}\n"
      "oncall: {owner: me, evidence: http://pd.example.com}\n"
      "ci: {system: gha}\n");
  INFO(join(found, "\n"));
  // rto; dr_drill's date and missing evidence; oncall's link; ci's four
  // missing keys.
  CHECK(found.size() == 8);
}

TEST_CASE("The collector checks declared.yaml with golive.yaml and reads it when collecting",
          "[declared]") {
  const test::TempDir temp;  // removed even when a check fails
  const std::filesystem::path dir = temp.path();
  const std::string config = (dir / "golive.yaml").string();
  const auto collector = make_collector("declared");
  auto validate = [&](const std::string& section) {
    return test::collector_diagnostics("declared", section, config);
  };

  std::ofstream(dir / "declared.yaml") << "rto: 4h\nrpo: 15 min\n";
  auto found = validate("file: declared.yaml");
  REQUIRE(found.size() == 1);
  CHECK(found.front() == (dir / "declared.yaml").string() +
                             ":2:6: error: 'rpo' must be a positive duration such as 15m, 4h or "
                             "7d (Go syntax plus d and w), or 0s for none; got '15 min'; "
                             "expected: rpo: 15m");

  found = validate("file: missing.yaml");
  REQUIRE(found.size() == 1);
  CHECK_THAT(found.front(), Catch::StartsWith(config + ":1:7: error: declared file '"));
  CHECK_THAT(found.front(), Catch::Contains("missing.yaml' not found"));

  std::ofstream(dir / "declared.yaml") << "rto: 4h\nrpo: 15m\n";
  CHECK(validate("file: declared.yaml").empty());
  CollectorRequest request;
  request.settings = {{"file", "declared.yaml"}};
  request.config_dir = dir.string();
  auto result = collector->collect(request);
  CHECK(result.status == "ok");
  CHECK(result.facts["declared"] ==
        nlohmann::json(
            {{"rto", "4h"}, {"rpo", "15m"}, {"source", (dir / "declared.yaml").string()}}));

  // Broken after golive.yaml was checked: nothing attested, and why.
  std::ofstream(dir / "declared.yaml") << "rto: [4h\n";
  result = collector->collect(request);
  CHECK(result.status == "unreachable");
  CHECK_THAT(result.error, Catch::Contains("invalid YAML"));
  CHECK_FALSE(result.facts.contains("declared"));
}

TEST_CASE("A URL with credentials is refused in every field, at the user-info, not repeated",
          "[declared]") {
  struct Case {
    std::string yaml, where;
  };
  const std::vector<Case> cases = {
      {"gitops: {controller: flux, repository: 'https://oauth2:glpat-PLANTED9@gitlab.com/p'}\n",
       "declared.yaml:1:49:"},
      {"gitops: {controller: flux, repository: 'https://glpat-PLANTED9@gitlab.com/p'}\n",
       "declared.yaml:1:49:"},
      {"dr_drill: {date: 2026-03-12, evidence: 'https://wiki.example.com/d', scope: 'see "
       "http://bob:glpat-PLANTED9@wiki/x'}\n",
       "declared.yaml:1:89:"},
      {"ci: {system: gha, protected_branch: true, image_scanning: true, evidence: "
       "'https://ci.example.com/r', required_checks: ['git+https://x:glpat-PLANTED9@h/r']}\n",
       ""},
      {"rto: 'https://u:glpat-PLANTED9@h'\n", "declared.yaml:1:15:"},
  };
  for (const auto& c : cases) {
    INFO(c.yaml);
    const std::string problem = only_problem(c.yaml);
    CHECK(problem.rfind(c.where, 0) == 0);
    CHECK_THAT(problem, Catch::Contains("user name or password"));
    CHECK_THAT(problem, !Catch::Contains("PLANTED9"));
  }
  // ssh://git@host names the account every Git host uses: no credential.
  CHECK(problems("gitops: {controller: flux, repository: 'ssh://git@github.com/example/p'}\n")
            .empty());
}

TEST_CASE("Declared texts pass through the redactor", "[declared]") {
  redactor().add("Redactor-known-SECRET-77");
  DiagnosticSink sink;
  const auto facts =
      read_declared(YAML::Load("oncall: {owner: 'Redactor-known-SECRET-77', evidence: "
                               "'https://pd.example.com/s', escalation: 'password=hunter22'}\n"),
                    "declared.yaml", kToday, sink);
  CHECK(sink.empty());
  CHECK(facts["oncall"]["owner"] == "***");
  CHECK(facts["oncall"]["escalation"] == "password=***");
}

TEST_CASE("services: {} declares no service objectives: declared.services is absent",
          "[declared]") {
  DiagnosticSink sink;
  const auto facts =
      read_declared(YAML::Load("rto: 4h\nservices: {}\n"), "declared.yaml", kToday, sink);
  CHECK(sink.empty());
  CHECK_FALSE(facts.contains("services"));
  CHECK(facts["rto"] == "4h");
}

TEST_CASE("A recovery objective may be zero: rpo 0s is synchronous replication", "[declared]") {
  const auto facts = facts_of(
      "rto: 0s\nrpo: 0s\n"
      "services: {postgres: {rto: 1h, rpo: 0}}\n"
      "dr_drill: {date: 2026-11-30, evidence: 'https://wiki.example.com/dr', rto_achieved: 40m,\n"
      "           rpo_achieved: 0s}\n");
  CHECK(facts["rto"] == "0s");  // implausible: resilience.declared.rto-rpo judges it
  CHECK(facts["rpo"] == "0s");
  CHECK(facts["services"]["postgres"]["rpo"] == "0");
  CHECK(facts["dr_drill"]["rpo_achieved"] == "0s");
  CHECK_FALSE(facts.contains("rpo_source"));  // declared at the top level
  // Zero, never below: a sign is a typo.
  for (const char* wrong :
       {"rpo: -5m\n", "rpo: -0s\n", "rpo: +15m\n", "services: {pg: {rpo: -1s}}\n",
        "dr_drill: {date: 2026-11-30, evidence: 'https://wiki.example.com/dr', rpo_achieved: "
        "-1m}\n"}) {
    INFO(wrong);
    CHECK_THAT(only_problem(wrong), Catch::Contains("or 0s for none; got '"));
  }
  // Durations that are not objectives stay positive.
  CHECK_THAT(only_problem("slo: [{name: availability, target: 99.9%, window: 0s}]\n"),
             Catch::Contains("'slo[0].window' must be a positive duration"));
}

TEST_CASE("Objectives per service roll up to the environment's: the loosest, marked",
          "[declared]") {
  const std::string services =
      "services:\n"
      "  odoo: {rto: 4h, rpo: 15m}\n"
      "  postgres: {rto: 1h, rpo: 0s}\n"
      "  pos-sync: {rto: 90m, rpo: 30m}\n";
  auto facts = facts_of(services);
  CHECK(facts["rto"] == "4h");
  CHECK(facts["rto_source"] == "services");
  CHECK(facts["rpo"] == "30m");
  CHECK(facts["rpo_source"] == "services");
  CHECK(facts["services"].size() == 3);
  CHECK(facts["services"]["postgres"] == nlohmann::json({{"rto", "1h"}, {"rpo", "0s"}}));

  // A top-level objective stands, whatever the services say; the other one
  // still rolls up.
  facts = facts_of("rpo: 5m\n" + services);
  CHECK(facts["rpo"] == "5m");
  CHECK_FALSE(facts.contains("rpo_source"));
  CHECK(facts["rto"] == "4h");
  CHECK(facts["rto_source"] == "services");

  // Compared as durations, not as texts; among equal ones, the first written.
  facts = facts_of("services: {a: {rto: 90m}, b: {rto: 2h}, c: {rto: 120m}, d: {rpo: 1h}}\n");
  CHECK(facts["rto"] == "2h");
  CHECK(facts["rpo"] == "1h");

  // Only the objectives the services declare roll up.
  facts = facts_of("services: {odoo: {rpo: 15m}}\n");
  CHECK_FALSE(facts.contains("rto"));
  CHECK_FALSE(facts.contains("rto_source"));
  CHECK(facts["rpo"] == "15m");
  CHECK(facts_of("rto: 4h\n").count("rto_source") == 0);

  // A service objective in error is reported and does not roll up.
  DiagnosticSink sink;
  facts = read_declared(YAML::Load("services: {odoo: {rto: 4h}, batch: {rto: 2 days}}\n"),
                        "declared.yaml", kToday, sink);
  CHECK_FALSE(sink.empty());
  CHECK(facts["rto"] == "4h");
}

TEST_CASE("Objectives declared per service only satisfy resilience.declared.rto-rpo",
          "[declared]") {
  RuleLoader loader;
  loader.add_builtin_profiles();
  loader.add_path(kSource + "/rules/resilience/resilience.declared.rto-rpo.yaml");
  const RuleSet rules = loader.finish();
  REQUIRE(rules.rules.size() == 1);
  EvaluationContext context;
  context.environment = "test";
  context.profile = "production";
  context.collectors = {{"declared", {{"status", "ok"}}}};
  auto judge = [&](const std::string& yaml) {
    const auto findings = evaluate_rule(rules.rules[0], {{"declared", facts_of(yaml)}}, context);
    REQUIRE(findings.size() == 1);
    return findings[0];
  };

  auto finding = judge("services: {odoo: {rto: 4h, rpo: 15m}, postgres: {rto: 1h, rpo: 0s}}\n");
  CHECK(finding.status == Status::pass);
  CHECK_THAT(finding.message, Catch::Contains("RTO 4h (the loosest of the services)"));
  CHECK_THAT(finding.message, Catch::Contains("RPO 15m (the loosest of the services)"));

  finding = judge("services: {odoo: {rto: 4h, rpo: 15m}, reporting: {rto: 1d, rpo: 1d}}\n");
  CHECK(finding.status == Status::fail);
  CHECK(judge("rto: 1h\nrpo: 0s\n").status == Status::pass);
  finding = judge("rto: 0s\nrpo: 0s\n");
  CHECK(finding.status == Status::fail);
  CHECK_THAT(finding.message, Catch::Contains("an RTO of 0s cannot be met"));
}

TEST_CASE("Keys are read in any spelling and under their aliases, as the canonical key",
          "[declared]") {
  const std::string canonical =
      "rto: 4h\nrpo: 15m\n"
      "services: {odoo: {rto: 2h, rpo: 5m}}\n"
      "dr_drill: {date: 2026-09-15, evidence: 'https://wiki.example.com/dr', scope: full,\n"
      "           rto_achieved: 3h, rpo_achieved: 5m}\n"
      "restore_test: {date: 2026-10-29, evidence: 'https://wiki.example.com/r', duration: 1h}\n"
      "runbooks: [{topic: restore, title: Restore, url: 'https://wiki.example.com/rb',\n"
      "            reviewed: 2026-10-30}]\n"
      "oncall: {owner: Platform team, evidence: 'https://pd.example.com/s', escalation: CTO}\n"
      "gitops: {controller: flux, repository: 'https://github.com/example/p', path: prod}\n"
      "ci: {system: gha, pipeline: release, protected_branch: true, required_checks: [tests],\n"
      "     image_scanning: true, evidence: 'https://ci.example.com/r'}\n"
      "slo: [{name: availability, target: 99.9%, window: 30d}]\n"
      "change_freeze: [{from: 2026-11-26, to: 2026-12-01, reason: Black Friday}]\n"
      "approvals: [{role: CTO, name: Jane, date: 2026-11-17, evidence: "
      "'https://wiki.example.com/a'}]\n";
  const std::string aliases =
      "recovery_time_objective: 4h\nRecoveryPointObjective: 15m\n"
      "Services: {odoo: {recovery-time-objective: 2h, RPO: 5m}}\n"
      "disaster-recovery-drill: {Date: 2026-09-15, EVIDENCE: 'https://wiki.example.com/dr',\n"
      "           scope: full, achieved_rto: 3h, rpoAchieved: 5m}\n"
      "restoreTest: {date: 2026-10-29, evidence: 'https://wiki.example.com/r', duration: 1h}\n"
      "run-books: [{topic: restore, title: Restore, url: 'https://wiki.example.com/rb',\n"
      "             last-reviewed: 2026-10-30}]\n"
      "on_call: {owner: Platform team, evidence: 'https://pd.example.com/s', escalation: CTO}\n"
      "GitOps: {controller: flux, repo_url: 'https://github.com/example/p', path: prod}\n"
      "continuous-integration: {system: gha, pipeline: release, protectedBranch: true,\n"
      "     required-status-checks: [tests], IMAGE_SCANNING: true,\n"
      "     evidence: 'https://ci.example.com/r'}\n"
      "service_level_objectives: [{name: availability, target: 99.9%, window: 30d}]\n"
      "change-freeze: [{start: 2026-11-26, end: 2026-12-01, reason: Black Friday}]\n"
      "Approvals: [{role: CTO, name: Jane, date: 2026-11-17, evidence: "
      "'https://wiki.example.com/a'}]\n";
  const auto expected = facts_of(canonical);
  CHECK(expected.size() == 12);
  CHECK(facts_of(aliases) == expected);

  const std::string drill = ": {date: 2026-09-15, evidence: 'https://wiki.example.com/dr'}\n";
  for (const char* key : {"dr_drill", "dr-drill", "drDrill", "DrDrill", "DR_DRILL",
                          "disaster_recovery_drill", "disasterRecoveryDrill"}) {
    INFO(key);
    const auto facts = facts_of(key + drill);
    CHECK(facts.size() == 1);
    CHECK(facts.contains("dr_drill"));
  }
  const std::string rota = ": {owner: me, evidence: 'https://pd.example.com/s'}\n";
  for (const char* key : {"oncall", "on_call", "on-call", "onCall", "OnCall"}) {
    INFO(key);
    CHECK(
        facts_of(key + rota) ==
        nlohmann::json({{"oncall", {{"owner", "me"}, {"evidence", "https://pd.example.com/s"}}}}));
  }
  // Problems name the canonical key, whatever the spelling.
  CHECK_THAT(only_problem("restore-test: {date: 2026-10-29, evidence: wiki/r}\n"),
             Catch::Contains("'restore_test.evidence' must be an https:// link"));
  // A key close to no spelling stays unknown, with a did-you-mean.
  CHECK_THAT(only_problem("oncall: {owner: me, evidence: 'https://pd.example.com/s', "
                          "escalaton: CTO}\n"),
             Catch::Contains("unknown key 'escalaton' in oncall (did you mean 'escalation'?)"));
}

TEST_CASE("Every problem shows file:line:column and the valid form expected", "[declared]") {
  // A realistic file written without reading the docs: every problem is
  // reported, each in the same form.
  const std::string yaml =
      "RTO: four hours\n"
      "recovery-point-objective: -15m\n"
      "services:\n"
      "  odoo: {rto: 4h, rpo: 15m, tier: gold}\n"
      "  postgres: 1h\n"
      "drDrill:\n"
      "  when: 2026-09-15\n"
      "  evidence: wiki/dr\n"
      "  rtoAchieved: 3 hours\n"
      "restore_test: yesterday\n"
      "runbook:\n"
      "  - {topic: restore}\n"
      "runbooks:\n"
      "  - {topic: restore, title: '', url: 'https://wiki.example.com/rb', reviewed: 2026-13-01}\n"
      "  - restore\n"
      "on-call: {owner: me, evidence: 'https://bob:Pa55-PLANTED@pd.example.com/s'}\n"
      "gitops: {controller: fluxcd, repo: 'https://github.com/example/p', repository: x}\n"
      "ci: {system: gha, protectedBranch: yes, requiredChecks: tests, imageScanning: 'true'}\n"
      "slo: [{name: availability, target: 99.9%, window: a month}]\n"
      "changeFreeze: [{from: 2026-12-20, to: 2026-12-02, reason: holidays}]\n"
      "approvals: [{role: CTO, name: Jane, date: 2027-01-01, evidence: "
      "'https://x.example.com/a'}]\n"
      "? [a]\n"
      ": b\n";
  const auto found = problems(yaml);
  INFO(join(found, "\n"));
  CHECK(found.size() >= 20);
  const std::regex form(R"(^declared\.yaml:[0-9]+:[0-9]+: error: .+; expected: .+$)");
  for (const auto& problem : found) {
    INFO(problem);
    CHECK(std::regex_match(problem, form));
    CHECK_THAT(problem, !Catch::Contains("PLANTED"));
  }

  // Through the file, sorted, with the file's path and its second document.
  const test::TempDir temp;
  const std::string path = (std::filesystem::path(temp.path()) / "declared.yaml").string();
  std::ofstream(path) << "rto: 4h\nrpo: 15 min\n---\nrto: 5h\n";
  try {
    load_declared(path, kToday);
    FAIL("no error");
  } catch (const InputError& e) {
    REQUIRE(e.diagnostics().size() == 2);
    CHECK(e.diagnostics()[0].to_string() ==
          path +
              ":2:6: error: 'rpo' must be a positive duration such as 15m, 4h or 7d (Go syntax "
              "plus d and w), or 0s for none; got '15 min'; expected: rpo: 15m");
    CHECK_THAT(e.diagnostics()[1].to_string(),
               Catch::StartsWith(path + ":4:1: error: declared.yaml holds one document"));
    CHECK_THAT(e.diagnostics()[1].to_string(), Catch::Contains("; expected: {rto: 4h, "));
  }
}

TEST_CASE("A key given twice, in one spelling or two, is an error naming both", "[declared]") {
  CHECK(only_problem("dr_drill: {date: 2026-09-15, evidence: 'https://wiki.example.com/dr'}\n"
                     "drDrill: {date: 2026-09-16, evidence: 'https://wiki.example.com/dr2'}\n") ==
        "declared.yaml:2:1: error: duplicate key: 'drDrill' and 'dr_drill' (line 1) are both "
        "'dr_drill' in declared.yaml: keep only one; expected: dr_drill: {date: 2026-03-12, "
        "evidence: https://wiki.example.com/dr/2026-03}");
  CHECK_THAT(only_problem("rpo: 15m\nrecovery_point_objective: 5m\n"),
             Catch::StartsWith("declared.yaml:2:1: error: duplicate key: "
                               "'recovery_point_objective' and 'rpo' (line 1) are both 'rpo' "
                               "in declared.yaml: keep only one; expected: rpo: 15m"));
  CHECK_THAT(only_problem("on_call: {owner: a, evidence: 'https://pd.example.com/s'}\n"
                          "oncall: {owner: b, evidence: 'https://pd.example.com/t'}\n"),
             Catch::Contains("'oncall' and 'on_call' (line 1) are both 'oncall'"));
  CHECK_THAT(only_problem("oncall: {owner: a, evidence: 'https://pd.example.com/s', Owner: b}\n"),
             Catch::StartsWith("declared.yaml:1:58: error: duplicate key: 'Owner' and 'owner' "
                               "(line 1) are both 'owner' in oncall"));
  CHECK_THAT(only_problem("services: {odoo: {rto: 1h, recovery-time-objective: 2h}}\n"),
             Catch::Contains("duplicate key: 'recovery-time-objective' and 'rto' (line 1) are "
                             "both 'rto' in services.odoo"));
  CHECK_THAT(only_problem("change_freeze: [{from: 2026-11-26, start: 2026-11-27, to: 2026-12-01, "
                          "reason: sale}]\n"),
             Catch::Contains("'start' and 'from' (line 1) are both 'from' in change_freeze[0]"));
  // The same spelling twice, and a service named twice.
  CHECK_THAT(only_problem("rto: 4h\nrto: 5h\n"),
             Catch::StartsWith("declared.yaml:2:1: error: duplicate key 'rto' in declared.yaml: "
                               "keep only one; expected: rto: 4h"));
  CHECK_THAT(only_problem("services:\n  odoo: {rto: 1h}\n  odoo: {rpo: 5m}\n"),
             Catch::StartsWith("declared.yaml:3:3: error: duplicate service 'odoo' in services "
                               "(line 2): keep only one"));
}

TEST_CASE("docs/facts.md's complete declared.yaml gives exactly the facts it shows", "[declared]") {
  const std::string doc = read_file(kSource + "/docs/facts.md");
  const std::string section = "## `declared`";
  const std::string yaml = code_block(doc, section, "yaml");
  nlohmann::json expected =
      parse_json_text(code_block(doc, section, "json"), "facts.md")["declared"];
  CHECK(expected["source"] == "declared.yaml");
  expected.erase("source");
  const auto facts = facts_of(yaml);
  CHECK(facts == expected);
  // Every attestation is in it.
  for (const auto& fact : make_collector("declared")->schema().facts) {
    const std::string key = fact.substr(std::string("declared.").size());
    if (key != "source") CHECK(facts.contains(key));
  }
  // With top-level objectives, those stand (facts.md says so).
  const auto with_top = facts_of("rto: 4h\nrpo: 15m\n" + yaml);
  expected["rpo"] = "15m";
  expected.erase("rto_source");
  expected.erase("rpo_source");
  CHECK(with_top == expected);
}

TEST_CASE("docs/collectors.md's declared.yaml is valid", "[declared]") {
  const std::string doc = read_file(kSource + "/docs/collectors.md");
  const auto section = doc.find("\n## declared\n");
  REQUIRE(section != std::string::npos);
  const auto start = doc.find("```yaml\nrto: ", section);
  REQUIRE(start != std::string::npos);
  const auto end = doc.find("```", start + 3);
  const std::string yaml = doc.substr(start + 8, end - start - 8);
  INFO(yaml);
  const auto facts = facts_of(yaml);
  CHECK(facts.size() == 12);
}
