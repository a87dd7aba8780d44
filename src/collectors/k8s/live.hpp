#pragma once
// The live side of the Kubernetes collector: the server's version, then
// every kind of the kinds table, listed concurrently, into the same `k8s`
// facts the offline twin produces — plus `version` and `unavailable`.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "collectors/k8s/api_client.hpp"

namespace golive::collectors::k8s {

struct LiveOptions {
  std::vector<std::string> namespaces;  // empty: all namespaces
  int page_size = 500;
  int threads = 4;  // kinds listed at once
};

struct LiveResult {
  std::string status = "ok";                        // ok | partial | unreachable | unauthorized
  std::string error;                                // why not ok, redacted
  nlohmann::json facts = nlohmann::json::object();  // the `k8s` facts
};

// Reads the cluster: GET /version (unreachable or unauthorized stop here),
// GET /apis to learn which optional kinds exist, then a LIST of each kind
// (per namespace when `namespaces` is given, for namespaced kinds). A kind
// that could not be read is absent and named in `unavailable` (collector
// partial); an optional kind that is not served is just absent. A 401
// anywhere, or every kind forbidden, is unauthorized.
LiveResult collect_live(const ApiClient& client, const LiveOptions& options);

// The `k8s` facts when nothing could be read: `unavailable` names
// `version` and every kind with the same reason, so their rules are unknown.
nlohmann::json unreadable_facts(const std::string& reason);

}  // namespace golive::collectors::k8s
