#pragma once
// Factories of the built-in renderers (one file each in src/report/).

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "golive/report.hpp"

namespace golive::report {

// A renderer whose whole output is one function of the result document
// (the formats that need no options: json, sarif, junit, markdown).
std::unique_ptr<Renderer> make_document_renderer(
    std::function<std::string(const nlohmann::json&)> render);

// Reading the result document, shared by the renderers (fields.cpp).
// The string at `key`, or "" when it is absent or not a string.
std::string string_field(const nlohmann::json& object, const char* key);
// "Deployment shop/web": a finding's (or condition's) resource, its
// Kubernetes kind first when it has one.
std::string resource_label(const nlohmann::json& finding);
// What collectors noted about what they read, as "collector: note".
std::vector<std::string> collector_notes(const nlohmann::json& result);
// The integer at `key`, or 0 when it is absent or not an integer.
int int_field(const nlohmann::json& object, const char* key);
// Where a finding (or condition) is: "deploy/app.yaml:12", or "" when its
// result names no location.
std::string location_text(const nlohmann::json& finding);
// The decision's cause in one line: the result's headline, or, for results
// written before it existed, what `inconclusive` says.
std::string headline_text(const nlohmann::json& result);
// A score as text: the number, or "n/a" when there is none.
std::string score_text(const nlohmann::json& score);

std::unique_ptr<Renderer> make_terminal_renderer();
std::unique_ptr<Renderer> make_json_renderer();
std::unique_ptr<Renderer> make_sarif_renderer();
std::unique_ptr<Renderer> make_junit_renderer();
std::unique_ptr<Renderer> make_markdown_renderer();
std::unique_ptr<Renderer> make_html_renderer();

}  // namespace golive::report
