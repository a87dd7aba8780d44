// `golive init` writes each collector's example section commented out; a user
// uncomments one and expects it to load. Every collector's example,
// uncommented, must be a valid golive.yaml section (given the files it names).

#include <catch2/catch.hpp>

#include <sstream>

#include "config_errors.hpp"
#include "golive/collector.hpp"
#include "temp_dir.hpp"

using namespace golive;

namespace {

// "  #   targets:" -> "    targets:"; prose notes ("  # (uncomment ...)") go;
// alternatives commented twice ("  #   # exports: ...") stay comments. An
// example that is live already (no "  # " lines) is kept as it is.
std::string uncommented(const std::string& example) {
  std::string section;
  bool commented = false;
  bool in_prose = false;  // a "(...)" note may run over several lines
  std::istringstream lines(example);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("  # ", 0) != 0) {
      section += line + "\n";
      continue;
    }
    commented = true;
    if (line.rfind("  # (", 0) == 0) in_prose = true;
    if (in_prose) {
      in_prose = line.back() != ')';
      continue;
    }
    section += "  " + line.substr(4) + "\n";
  }
  return commented ? section : example;
}

// The files the examples name, relative to golive.yaml, with minimal valid
// content; `~/.kube/config` is pointed at a kubeconfig in the directory.
void write_named_files(const test::TempDir& dir) {
  dir.write("odoo.conf", "[options]\nworkers = 2\n");
  dir.write("declared.yaml", "rto: 4h\nrpo: 15m\n");
  dir.write("recorded-facts.json", "{}\n");
  dir.write("kubeconfig",
            "apiVersion: v1\nkind: Config\ncurrent-context: aks-retail-prod\n"
            "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:6443'}}]\n"
            "contexts: [{name: aks-retail-prod, context: {cluster: c, user: u}}]\n"
            "users: [{name: u, user: {token: x}}]\n");
}

}  // namespace

TEST_CASE("every collector's starter example, uncommented, loads", "[config]") {
  for (const auto& name : collector_names()) {
    DYNAMIC_SECTION(name) {
      std::string section = uncommented(make_collector(name)->schema().example);
      REQUIRE_THAT(section, Catch::Contains("  " + name + ":"));
      const test::TempDir dir;
      write_named_files(dir);
      const std::string home_kubeconfig = "kubeconfig: ~/.kube/config";
      if (const auto at = section.find(home_kubeconfig); at != std::string::npos)
        section.replace(at, home_kubeconfig.size(), "kubeconfig: " + dir.file("kubeconfig"));
      INFO(section);
      const auto path = dir.write("golive.yaml", "environment: t\ncollectors:\n" + section);
      CHECK(test::golive_yaml_errors_at(path) == "");
    }
  }
}
