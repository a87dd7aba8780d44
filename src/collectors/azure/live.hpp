#pragma once
// The live Azure collector: Resource Manager LISTs and GETs, read-only,
// within a deadline.

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "collectors/azure/credentials.hpp"

namespace golive::collectors::azure {

struct LiveOptions {
  std::vector<std::string> subscriptions;
  std::vector<std::string> resource_groups;        // empty: all
  nlohmann::json tags = nlohmann::json::object();  // a resource must carry each (name: value)
  CloudEndpoints endpoints;
  std::string ca_file;  // extra trusted CA (a private Resource Manager endpoint, tests)
};

struct LiveResult {
  std::string status = "ok";                        // ok | partial | unreachable | unauthorized
  std::string error;                                // never a token
  nlohmann::json facts = nlohmann::json::object();  // facts.azure
};

LiveResult collect_live(const LiveOptions& options, Credential& credential,
                        std::chrono::steady_clock::time_point deadline);

}  // namespace golive::collectors::azure
