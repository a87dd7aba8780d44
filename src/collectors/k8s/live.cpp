#include "collectors/k8s/live.hpp"

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "collectors/k8s/objects.hpp"
#include "golive/text.hpp"

namespace golive::collectors::k8s {

namespace {

// One kind to list, and what came of it.
struct KindRead {
  const KindInfo* kind = nullptr;
  ApiResponse response;
};

ApiResponse failure(ApiStatus status, std::string error) {
  ApiResponse out;
  out.status = status;
  out.error = std::move(error);
  return out;
}

// Every item of a kind: one LIST, or one per namespace of the filter.
ApiResponse list_kind(const ApiClient& client, const KindInfo& kind, const LiveOptions& options) {
  if (!kind.namespaced || options.namespaces.empty())
    return client.list(kind, "", options.page_size);
  ApiResponse all;
  all.body = nlohmann::json::array();
  for (const auto& namespace_name : options.namespaces) {
    ApiResponse part = client.list(kind, namespace_name, options.page_size);
    if (!part.ok()) {
      part.error = fmt::format("in namespace {}: {}", namespace_name, part.error);
      return part;
    }
    for (auto& item : part.body) all.body.push_back(std::move(item));
  }
  return all;
}

// Lists every kind, `threads` at a time. A kind whose group/version the
// server does not serve is not asked for.
std::vector<KindRead> read_kinds(const ApiClient& client, const LiveOptions& options,
                                 const std::optional<std::set<std::string>>& served) {
  std::vector<KindRead> reads;
  for (const auto& kind : listed_kinds()) {
    KindRead read{&kind, {}};
    if (served && !served->count(kind.api_version()))
      read.response =
          failure(ApiStatus::not_found,
                  fmt::format("{} is not served by this API server", kind.api_version()));
    reads.push_back(std::move(read));
  }
  std::atomic<std::size_t> next{0};
  const auto worker = [&] {
    for (std::size_t i; (i = next++) < reads.size();) {
      if (reads[i].response.status == ApiStatus::not_found) continue;
      try {
        reads[i].response = list_kind(client, *reads[i].kind, options);
      } catch (const std::exception& e) {
        // A server answer of an unexpected shape; keep the other kinds.
        reads[i].response =
            failure(ApiStatus::failed, fmt::format("unexpected answer: {}", e.what()));
      }
    }
  };
  std::vector<std::thread> pool;
  const auto threads = std::clamp<std::size_t>(options.threads, 1, reads.size());
  for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& thread : pool) thread.join();
  return reads;
}

std::string summary(const nlohmann::json& unavailable) {
  std::vector<std::string> parts;
  for (const auto& [key, reason] : unavailable.items())
    parts.push_back(fmt::format("{}: {}", key, reason.get<std::string>()));
  return "not collected: " + join(parts, "; ");
}

}  // namespace

nlohmann::json unreadable_facts(const std::string& reason) {
  nlohmann::json unavailable = {{"version", reason}};
  for (const auto& kind : listed_kinds())
    if (!kind.optional) unavailable[kind.key] = reason;
  return {{"unavailable", unavailable}};
}

LiveResult collect_live(const ApiClient& client, const LiveOptions& options) {
  LiveResult result;
  const ApiResponse version = client.get("/version");
  if (version.status == ApiStatus::unreachable || version.status == ApiStatus::unauthorized) {
    result.status = version.status == ApiStatus::unreachable ? "unreachable" : "unauthorized";
    result.error = version.error;
    result.facts = unreadable_facts(version.error);
    return result;
  }
  nlohmann::json& facts = result.facts;
  nlohmann::json unavailable = nlohmann::json::object();
  if (version.ok())
    facts["version"] = version.body;
  else
    unavailable["version"] = version.error;

  const auto reads = read_kinds(client, options, client.served_group_versions());
  std::set<std::string> failed;
  std::string unauthorized, first_forbidden;
  std::size_t required = 0, forbidden = 0;
  for (const auto& [kind, response] : reads) {
    if (!kind->optional) ++required;
    if (response.ok()) {
      if (!facts[kind->key].is_array()) facts[kind->key] = nlohmann::json::array();
      for (const auto& item : response.body) add_object(facts, item);
      continue;
    }
    // A custom resource whose CRD is not installed: nothing to read.
    if (kind->optional && response.status == ApiStatus::not_found) continue;
    if (response.status == ApiStatus::unauthorized && unauthorized.empty())
      unauthorized = response.error;
    if (!kind->optional && response.status == ApiStatus::forbidden) {
      if (first_forbidden.empty()) first_forbidden = response.error;
      ++forbidden;
    }
    failed.insert(kind->key);
    if (!unavailable.contains(kind->key)) unavailable[kind->key] = response.error;
  }
  // Traefik's two API groups file under one key: a key is all or nothing.
  for (const auto& key : failed) facts.erase(key);
  // `workloads` without one of its kinds would be half a list: rules over it
  // would pass without having seen that kind's pods. Leave it out instead,
  // so they are unknown.
  std::vector<std::string> missing_workload_kinds;
  for (const auto& key : failed)
    if (is_workload_key(key)) missing_workload_kinds.push_back(key);
  if (missing_workload_kinds.empty())
    add_workloads(facts);
  else
    unavailable["workloads"] =
        fmt::format("derived from {}, not collected", join(missing_workload_kinds, ", "));
  facts["unavailable"] = unavailable;

  if (!unauthorized.empty()) {
    result.status = "unauthorized";
    result.error = unauthorized;
  } else if (required > 0 && forbidden == required) {
    result.status = "unauthorized";
    result.error = "the credentials may not list any kind: " + first_forbidden;
  } else if (!unavailable.empty()) {
    result.status = "partial";
    result.error = summary(unavailable);
  }
  return result;
}

}  // namespace golive::collectors::k8s
