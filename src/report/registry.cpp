#include <functional>

#include <fmt/format.h>

#include "golive/report.hpp"
#include "report/renderers.hpp"

namespace golive {

namespace {

struct Registration {
  std::string_view format;
  std::unique_ptr<Renderer> (*make)();
};

// One line per report format.
constexpr Registration kRenderers[] = {
    {"terminal", report::make_terminal_renderer}, {"json", report::make_json_renderer},
    {"sarif", report::make_sarif_renderer},       {"junit", report::make_junit_renderer},
    {"markdown", report::make_markdown_renderer}, {"html", report::make_html_renderer},
};

}  // namespace

namespace report {

namespace {
class DocumentRenderer final : public Renderer {
 public:
  explicit DocumentRenderer(std::function<std::string(const nlohmann::json&)> render)
      : render_(std::move(render)) {}
  void render(const nlohmann::json& result, std::ostream& out,
              const RenderOptions&) const override {
    out << render_(result);
  }

 private:
  std::function<std::string(const nlohmann::json&)> render_;
};
}  // namespace

std::unique_ptr<Renderer> make_document_renderer(
    std::function<std::string(const nlohmann::json&)> render) {
  return std::make_unique<DocumentRenderer>(std::move(render));
}

}  // namespace report

std::unique_ptr<Renderer> make_renderer(std::string_view format) {
  for (const auto& r : kRenderers)
    if (r.format == format) return r.make();
  return nullptr;
}

std::vector<std::string> report_formats() {
  std::vector<std::string> names;
  for (const auto& r : kRenderers) names.emplace_back(r.format);
  return names;
}

std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    // C1 controls arrive in UTF-8 as 0xC2 0x80..0x9F.
    const bool c1 = c == 0xC2 && i + 1 < text.size() &&
                    static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02x}", c);
    } else if (c1) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[++i]));
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace golive
