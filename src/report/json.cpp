// JSON report: the result document itself, keys sorted, two-space indent, so
// two results diff cleanly.

#include "report/renderers.hpp"

namespace golive::report {

namespace {
class JsonRenderer final : public Renderer {
 public:
  void render(const nlohmann::json& result, std::ostream& out,
              const RenderOptions&) const override {
    out << result.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
};
}  // namespace

std::unique_ptr<Renderer> make_json_renderer() {
  return std::make_unique<JsonRenderer>();
}

}  // namespace golive::report
