// HTML sign-off report: one self-contained file (inline CSS and SVG, no
// script, no external resource) rendered from the mustache templates of
// reports/html/. The templates are embedded at build time; --template DIR
// replaces any of them by file name. Every value reaches the page through
// {{ }}, which HTML-escapes; the view model never passes markup.

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <re2/re2.h>

#include "golive/diagnostics.hpp"
#include "golive/embedded.hpp"
#include "report/html.hpp"
#include "report/renderers.hpp"

namespace golive::report {

namespace html {

namespace {

namespace fs = std::filesystem;
using Mustache = kainjow::mustache::mustache;

constexpr std::string_view kBuiltinDir = "reports/html/";
constexpr std::string_view kMain = "report.html.mustache";

// A partial's name: the file name, without a trailing ".mustache".
// ("finding.html.mustache" is {{> finding.html}}, "report.css" is
// {{> report.css}}.) Names always contain a dot, view-model keys never do,
// so a partial can never be confused with a value.
std::string partial_name(const std::string& file) {
  constexpr std::string_view kExt = ".mustache";
  return std::string_view(file).ends_with(kExt) ? file.substr(0, file.size() - kExt.size()) : file;
}

// kainjow reports positions as "... at OFFSET"; turn that into line:column.
Diagnostic template_error(const Template& t, const std::string& message) {
  static const re2::RE2 kAt(R"((?s)(.*) at (\d{1,18}))");
  std::string head, at;
  SourceLocation where{t.origin, 0, 0};
  std::string what = message;
  if (re2::RE2::FullMatch(message, kAt, &head, &at)) {
    what = head;
    const auto offset = std::min<std::size_t>(std::stoull(at), t.content.size());
    where.line = 1;
    where.column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
      if (t.content[i] == '\n') {
        ++where.line;
        where.column = 1;
      } else {
        ++where.column;
      }
    }
  }
  return {where, fmt::format("HTML report template: {}", what)};
}

void check_partials(const Template& t, const std::map<std::string, Template>& templates,
                    DiagnosticSink& sink) {
  static const re2::RE2 kPartial(R"(\{\{>\s*([^}\s]+)\s*\}\})");
  std::set<std::string> names;
  for (const auto& [file, _] : templates) names.insert(partial_name(file));
  re2::StringPiece rest(t.content), piece;
  while (re2::RE2::FindAndConsume(&rest, kPartial, &piece)) {
    const std::string name(piece.data(), piece.size());
    const std::size_t position =
        t.content.rfind("{{>", static_cast<std::size_t>(piece.data() - t.content.data()));
    if (names.count(name)) continue;
    auto d = template_error(t, fmt::format("unknown partial '{}' (partials are the other template "
                                           "files by name, e.g. {{{{> report.css}}}}) at {}",
                                           name, position));
    sink.error(d.location, d.message);
  }
}

}  // namespace

std::map<std::string, Template> load_templates(const std::string& override_dir) {
  std::map<std::string, Template> templates;
  for (const auto& file : golive_report_template_files()) {
    if (!file.path.starts_with(kBuiltinDir)) continue;
    const std::string name(file.path.substr(kBuiltinDir.size()));
    if (name.find('/') != std::string::npos) continue;
    templates[name] = {std::string(file.content), "builtin:" + std::string(file.path)};
  }
  if (override_dir.empty()) return templates;

  std::error_code ec;
  if (!fs::is_directory(override_dir, ec))
    throw InputError({override_dir, 0, 0},
                     "--template: not a directory of report templates (expected e.g. "
                     "DIR/html/report.html.mustache or DIR/report.html.mustache)");
  fs::path dir = override_dir;
  if (fs::is_directory(dir / "html", ec)) dir /= "html";
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    if (!templates.count(name) && !name.ends_with(".mustache") && !name.ends_with(".css")) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in) throw InputError({entry.path().string(), 0, 0}, "cannot read the template");
    templates[name] = {content.str(), entry.path().string()};
  }
  if (ec) throw InputError({override_dir, 0, 0}, "cannot list the templates: " + ec.message());
  return templates;
}

void check_templates(const std::map<std::string, Template>& templates) {
  if (!templates.count(std::string(kMain)))
    throw InputError({"--template", 0, 0}, fmt::format("no {} among the templates", kMain));
  // Every template is checked, so a mistake in any file is reported with its
  // own file:line:column, not as a failure somewhere in the render.
  DiagnosticSink sink;
  for (const auto& [file, t] : templates) {
    if (file.ends_with(".css")) continue;
    Mustache parsed(t.content);
    if (!parsed.is_valid()) {
      auto d = template_error(t, parsed.error_message());
      sink.error(d.location, d.message);
    } else {
      check_partials(t, templates, sink);
    }
  }
  sink.throw_if_any();
}

std::string render(const std::map<std::string, Template>& templates, kainjow::mustache::data view) {
  check_templates(templates);
  auto main = templates.find(std::string(kMain));
  for (const auto& [file, t] : templates) {
    if (file == kMain) continue;
    const std::string* content = &t.content;
    view[partial_name(file)] = kainjow::mustache::partial([content] { return *content; });
  }
  Mustache tmpl(main->second.content);
  std::string out = tmpl.render(view);
  if (!tmpl.is_valid()) throw InputError({template_error(main->second, tmpl.error_message())});
  return out;
}

}  // namespace html

namespace {

class HtmlRenderer final : public Renderer {
 public:
  void render(const nlohmann::json& result, std::ostream& out,
              const RenderOptions& options) const override {
    const auto templates = html::load_templates(options.template_dir);
    out << html::render(templates, html::build_view(result));
  }
  void check(const RenderOptions& options) const override {
    html::check_templates(html::load_templates(options.template_dir));
  }
};

}  // namespace

std::unique_ptr<Renderer> make_html_renderer() {
  return std::make_unique<HtmlRenderer>();
}

}  // namespace golive::report
