#pragma once
// Factories of the built-in renderers (one file each in src/report/).

#include <memory>

#include "golive/report.hpp"

namespace golive::report {

std::unique_ptr<Renderer> make_terminal_renderer();
std::unique_ptr<Renderer> make_json_renderer();
std::unique_ptr<Renderer> make_sarif_renderer();
std::unique_ptr<Renderer> make_junit_renderer();
std::unique_ptr<Renderer> make_markdown_renderer();
std::unique_ptr<Renderer> make_html_renderer();

}  // namespace golive::report
