// Placeholder, replaced by branch az-live: the live settings' checks and
// collection. Here live collection reports itself unreachable so that the
// offline exports can be built and tested on their own.

#include "golive/collector.hpp"
#include "golive/diagnostics.hpp"
#include "golive/yaml.hpp"

namespace golive::collectors {

void validate_azure_live(const YAML::Node& /*section*/, const std::string& /*file*/,
                         DiagnosticSink& /*sink*/) {}

CollectorResult collect_azure_live(const CollectorRequest& /*request*/) {
  CollectorResult result;
  result.status = "unreachable";
  result.error = "live collection is on branch az-live";
  return result;
}

}  // namespace golive::collectors
