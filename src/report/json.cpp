// JSON report: the result document itself, keys sorted, two-space indent, so
// two results diff cleanly.

#include "report/renderers.hpp"

namespace golive::report {

std::unique_ptr<Renderer> make_json_renderer() {
  return make_document_renderer([](const nlohmann::json& result) {
    return result.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + '\n';
  });
}

}  // namespace golive::report
