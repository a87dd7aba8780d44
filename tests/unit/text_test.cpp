#include <catch2/catch.hpp>

#include "golive/text.hpp"

using namespace golive;

TEST_CASE("edit distance and did-you-mean", "[text]") {
  CHECK(edit_distance("severity", "severty") == 1);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(did_you_mean("severty", {"id", "severity", "domain"}) == " (did you mean 'severity'?)");
  CHECK(did_you_mean("zzzzzz", {"id", "severity", "domain"}).empty());
  CHECK(closest_match("securty", {"security", "devops"}) == std::optional<std::string>("security"));
}

TEST_CASE("glob matching", "[text]") {
  CHECK(glob_match("*", "anything"));
  CHECK(glob_match("security.k8s.*", "security.k8s.privileged"));
  CHECK_FALSE(glob_match("security.k8s.*", "security.azure.x"));
  CHECK(glob_match("odoo/*-web", "odoo/odoo-web"));
  CHECK(glob_match("a?c", "abc"));
  CHECK_FALSE(glob_match("a?c", "ac"));
  CHECK(glob_match("", ""));
  CHECK_FALSE(glob_match("", "x"));
  // Pathological pattern stays fast (no exponential backtracking).
  CHECK_FALSE(glob_match("*a*a*a*a*a*a*a*a*b", std::string(5000, 'a')));
}

TEST_CASE("line and column of an offset", "[text]") {
  const std::string text = "ab\ncd\n\nef";
  CHECK(line_column_at(text, 0).line == 1);
  CHECK(line_column_at(text, 4).line == 2);
  CHECK(line_column_at(text, 4).column == 2);
  CHECK(line_column_at(text, 7).line == 4);
  CHECK(line_column_at(text, 7).column == 1);
}
