#pragma once
// Report renderers: one per format, each rendering the result document
// (golive/result.hpp), registered in src/report/registry.cpp.

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace golive {

// How much the terminal report shows: decision and counts (--quiet); the
// decision, failures grouped by rule and unknowns (default); every finding
// with its evidence (--verbose).
enum class Detail { quiet, normal, verbose };

struct RenderOptions {
  bool color = false;  // ANSI colour (terminal only; never with NO_COLOR)
  Detail detail = Detail::normal;
  std::string template_dir;  // --template DIR: templates overriding the built-in ones
};

class Renderer {
 public:
  virtual ~Renderer() = default;
  virtual void render(const nlohmann::json& result, std::ostream& out,
                      const RenderOptions& options) const = 0;
  // Checks what the renderer needs besides the result (e.g. templates), so
  // that a problem is reported (exit 2) before any report is written.
  virtual void check(const RenderOptions& /*options*/) const {}
};

// The renderer for a format name, or null.
std::unique_ptr<Renderer> make_renderer(std::string_view format);
// Every format name, for help texts and validation.
std::vector<std::string> report_formats();

// Makes text from the environment safe to print on a terminal: control
// characters (which could move the cursor, change colours or retitle the
// window) are shown as escapes instead of being sent.
std::string terminal_safe(std::string_view text);

}  // namespace golive
