#pragma once
// Files compiled into the binary at build time (see cmake/Embed.cmake).

#include <string_view>
#include <vector>

namespace golive {

struct EmbeddedFile {
  std::string_view path;     // relative to the source tree, e.g. "rules/security/x.yaml"
  std::string_view content;  // the file's bytes
};

}  // namespace golive

// The built-in rule catalogue and profiles (everything under rules/).
std::vector<golive::EmbeddedFile> golive_builtin_rule_files();

// The report templates (everything under reports/, e.g. reports/html/).
std::vector<golive::EmbeddedFile> golive_report_template_files();
