// The declared-evidence collector against its contract: the facts it
// declares are docs/facts.md's "declared" table, the demo's declared.yaml
// gives exactly the demo snapshot's facts.declared, and each kind of mistake
// in a declared.yaml is reported at its line:column with what to write.

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <fmt/format.h>

#include "collector_diagnostics.hpp"
#include "collectors/declared/declared_file.hpp"
#include "golive/collector.hpp"
#include "golive/json_source.hpp"
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
       "'rpo' must be a positive duration such as 15m, 4h or 7d (Go syntax plus d and w); "
       "got '15 minutes'"},
      {"rto: 0s\n", "declared.yaml:1:6:", "'rto' must be a positive duration"},
      {"dr_drill:\n  date: 2026-02-30\n  evidence: https://wiki.example.com/dr\n",
       "declared.yaml:2:9:",
       "'dr_drill.date' must be a calendar date YYYY-MM-DD that exists, e.g. 2026-03-12; got "
       "'2026-02-30'"},
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
       "evidence, scope, rto_achieved, rpo_achieved"},
      {"runbook:\n  - {topic: restore}\n",
       "declared.yaml:1:1:", "unknown key 'runbook' in declared.yaml (did you mean 'runbooks'?)"},
      {"runbooks:\n  - topic: restore\n    url: https://wiki.example.com/rb/restore\n",
       "declared.yaml:2:5:", "runbooks[0] is missing the required key 'title'"},
      {"runbooks: {topic: restore}\n", "declared.yaml:1:11:", "'runbooks' must be a list, e.g. ["},
      {"oncall: Retail Platform team\n", "declared.yaml:1:9:",
       "'oncall' must be a mapping, e.g. {owner: Platform team, evidence: https://"},
      {"oncall: {owner: '', evidence: 'https://pd.example.com/s/P1'}\n",
       "declared.yaml:1:17:", "'oncall.owner' must be a non-empty text"},
      {"gitops: {controller: fluxcd, repository: https://github.com/example/platform}\n",
       "declared.yaml:1:22:",
       "'gitops.controller' must be flux or argocd; got 'fluxcd' (did you mean 'flux'?)"},
      {"ci: {system: gha, protected_branch: yes, required_checks: [a], image_scanning: true,\n"
       "     evidence: https://github.com/example/settings}\n",
       "declared.yaml:1:37:", "'ci.protected_branch' must be true or false"},
      {"ci: {system: gha, protected_branch: true, required_checks: a, image_scanning: true,\n"
       "     evidence: https://github.com/example/settings}\n",
       "declared.yaml:1:60:", "'ci.required_checks' must be a list of names"},
      {"slo: [{name: availability, target: 99.9%, window: a month}]\n",
       "declared.yaml:1:51:", "'slo[0].window' must be a positive duration"},
      {"change_freeze:\n  - {from: 2026-12-20, to: 2026-12-02, reason: holidays}\n",
       "declared.yaml:2:28:",
       "'change_freeze[0].to' (2026-12-02) is before 'change_freeze[0].from' (2026-12-20)"},
      {"approvals:\n  - {role: CTO, name: Jane, date: 2026/11/17, evidence: "
       "https://x.example.com/a}\n",
       "declared.yaml:2:35:", "'approvals[0].date' must be a calendar date YYYY-MM-DD"},
      {"services: {odoo: {rto: 4h, rpp: 15m}}\n",
       "declared.yaml:1:28:", "unknown key 'rpp' in services.odoo (did you mean 'rpo'?)"},
      {"services: {odoo: {}}\n",
       "declared.yaml:1:18:", "'services.odoo' must declare rto, rpo or both"},
      {"- rto: 4h\n", "declared.yaml:1:1:", "declared.yaml must be a mapping of attestations"},
  };
  for (const auto& c : cases) {
    INFO(c.yaml);
    const std::string problem = only_problem(c.yaml);
    CHECK(problem.rfind(c.where, 0) == 0);
    CHECK_THAT(problem, Catch::Contains(c.says));
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
                             "7d (Go syntax plus d and w); got '15 min'");

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
