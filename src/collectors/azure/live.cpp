#include "collectors/azure/live.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "collectors/azure/arm_client.hpp"
#include "collectors/azure/filing.hpp"
#include "collectors/azure/resource_types.hpp"
#include "golive/secrets.hpp"
#include "golive/text.hpp"

namespace golive::collectors::azure {

namespace {

constexpr const char* kSubscriptionsApi = "2022-12-01";
constexpr const char* kResourcesApi = "2021-04-01";
constexpr const char* kPolicyApi = "2024-04-01";
constexpr const char* kAksVersionsApi = "2025-05-01";
constexpr std::size_t kChildThreads = 4;

// Lists that failed, as facts.azure.unavailable[] says, and what they mean
// for the collector's status.
class Outcome {
 public:
  void ok() { ++readable_; }

  // `key`: the fact key left out because of it ("" when none is).
  void failed(const std::string& what, const std::string& key, const ArmResponse& response) {
    std::lock_guard lock(mutex_);
    unavailable_.push_back(
        {{"what", what}, {"status", status_word(response.status)}, {"error", response.error}});
    if (!key.empty()) failed_keys_.insert(key);
    if (response.status == ArmStatus::unauthorized && unauthorized_.empty())
      unauthorized_ = response.error;
    if (response.status == ArmStatus::forbidden) ++forbidden_;
    if (response.status == ArmStatus::unreachable && unreachable_.empty())
      unreachable_ = response.error;
    ++unreadable_;
  }

  void apply(LiveResult& result) {
    for (const auto& key : failed_keys_) result.facts.erase(key);
    result.facts["unavailable"] = unavailable_;
    if (!unauthorized_.empty()) {
      result.status = "unauthorized";
      result.error = unauthorized_;
    } else if (readable_ == 0 && forbidden_ > 0 && forbidden_ == unreadable_) {
      result.status = "unauthorized";
      result.error = "the credential may not read anything in scope (403): give it the Reader role";
    } else if (readable_ == 0 && !unreachable_.empty()) {
      result.status = "unreachable";
      result.error = unreachable_;
    } else if (!unavailable_.empty()) {
      result.status = "partial";
      std::vector<std::string> parts;
      for (const auto& entry : unavailable_)
        parts.push_back(fmt::format("{}: {}", entry["what"].get<std::string>(),
                                    entry["error"].get<std::string>()));
      result.error = "not collected: " + join(parts, "; ");
    }
    result.error = redactor().redact(result.error);
  }

 private:
  std::mutex mutex_;
  nlohmann::json unavailable_ = nlohmann::json::array();
  std::set<std::string> failed_keys_;
  std::string unauthorized_, unreachable_;
  std::atomic<int> readable_{0};
  int unreadable_ = 0, forbidden_ = 0;
};

std::string resource_group_of(const nlohmann::json& item) {
  const std::string id = item.value("id", "");
  const std::string lower = to_lower(id);
  const auto at = lower.find("/resourcegroups/");
  if (at == std::string::npos) return "";
  const auto start = at + std::string_view("/resourcegroups/").size();
  return id.substr(start, id.find('/', start) - start);
}

// Resource group names compare ignoring case, as ARM does.
bool in_groups(const nlohmann::json& item, const std::vector<std::string>& groups) {
  if (groups.empty()) return true;
  const std::string group = to_lower(resource_group_of(item));
  return std::any_of(groups.begin(), groups.end(),
                     [&](const std::string& g) { return to_lower(g) == group; });
}

// Every `name: value` of the filter; tag names ignore case, values do not.
bool has_tags(const nlohmann::json& item, const nlohmann::json& filter) {
  const auto tags = item.find("tags");
  for (const auto& [name, value] : filter.items()) {
    bool found = false;
    if (tags != item.end() && tags->is_object())
      for (const auto& [tag, tag_value] : tags->items())
        found = found || (to_lower(tag) == to_lower(name) && tag_value == value);
    if (!found) return false;
  }
  return true;
}

class SubscriptionReader {
 public:
  SubscriptionReader(const ArmClient& client, const LiveOptions& options, Outcome& outcome,
                     std::string subscription)
      : client_(client),
        options_(options),
        outcome_(outcome),
        subscription_(std::move(subscription)),
        base_("/subscriptions/" + subscription_) {}

  // False when Resource Manager could not be reached or refused the
  // credential: nothing else is asked for this subscription.
  bool read_subscription(nlohmann::json& facts) {
    const ArmResponse response = client_.get(base_, kSubscriptionsApi);
    if (response.ok()) {
      outcome_.ok();
      facts["subscriptions"].push_back(response.body);
      return true;
    }
    outcome_.failed(fmt::format("subscription {}", subscription_), "subscriptions", response);
    return response.status != ArmStatus::unreachable && response.status != ArmStatus::unauthorized;
  }

  void read_scope(nlohmann::json& facts) {
    append(facts, "locations",
           read_list("locations", "locations", base_ + "/locations", kSubscriptionsApi, false));
    append(facts, "resource_groups", read_groups());
    append(facts, "resources", read_scoped("resources", "resources", "/resources", kResourcesApi));
    append(facts, "policy_assignments",
           read_list("policy_assignments", "policy assignments",
                     base_ + "/providers/Microsoft.Authorization/policyAssignments", kPolicyApi,
                     false));
  }

  // The resources of one type in scope, without their children yet.
  nlohmann::json read_type(const ResourceType& type) {
    if (type.whole_subscription)
      return read_list(type.fact_key, type.type, base_ + "/providers/" + type.type,
                       type.api_version, false);
    return read_scoped(type.fact_key, type.type, "/providers/" + type.type, type.api_version);
  }

  // azure.aks_versions[location] for each location that has a cluster.
  void read_aks_versions(const nlohmann::json& clusters, nlohmann::json& facts) {
    std::set<std::string> locations;
    for (const auto& cluster : clusters) locations.insert(cluster.value("location", ""));
    for (const auto& location : locations) {
      if (location.empty() || facts["aks_versions"].contains(location)) continue;
      const ArmResponse response = client_.get(
          fmt::format("{}/providers/Microsoft.ContainerService/locations/{}/kubernetesVersions",
                      base_, location),
          kAksVersionsApi);
      if (response.ok()) {
        outcome_.ok();
        facts["aks_versions"][location] = response.body;
      } else {
        outcome_.failed(fmt::format("AKS versions of {}", location), "", response);
      }
    }
  }

 private:
  static void append(nlohmann::json& facts, const std::string& key, nlohmann::json items) {
    if (!facts[key].is_array()) facts[key] = nlohmann::json::array();
    for (auto& item : items) facts[key].push_back(std::move(item));
  }

  nlohmann::json read_list(const std::string& key, const std::string& what, const std::string& path,
                           const std::string& api_version, bool filter) {
    ArmResponse response = client_.list(path, api_version);
    if (!response.ok()) {
      outcome_.failed(fmt::format("{} in subscription {}", what, subscription_), key, response);
      return nlohmann::json::array();
    }
    outcome_.ok();
    nlohmann::json kept = nlohmann::json::array();
    for (auto& item : response.body)
      if (!filter || (in_groups(item, options_.resource_groups) && has_tags(item, options_.tags)))
        kept.push_back(std::move(item));
    return kept;
  }

  // A list at subscription scope, or one per resource group of the filter
  // (which needs only Reader on those groups).
  nlohmann::json read_scoped(const std::string& key, const std::string& what,
                             const std::string& suffix, const std::string& api_version) {
    if (options_.resource_groups.empty())
      return read_list(key, what, base_ + suffix, api_version, true);
    nlohmann::json all = nlohmann::json::array();
    for (const auto& group : options_.resource_groups)
      for (auto& item : read_list(key, what + " in resource group " + group,
                                  base_ + "/resourceGroups/" + group + suffix, api_version, true))
        all.push_back(std::move(item));
    return all;
  }

  nlohmann::json read_groups() {
    if (options_.resource_groups.empty())
      return read_list("resource_groups", "resource groups", base_ + "/resourcegroups",
                       kResourcesApi, false);
    nlohmann::json groups = nlohmann::json::array();
    for (const auto& group : options_.resource_groups) {
      const ArmResponse response = client_.get(base_ + "/resourcegroups/" + group, kResourcesApi);
      if (response.ok()) {
        outcome_.ok();
        groups.push_back(response.body);
      } else {
        outcome_.failed(fmt::format("resource group {}", group), "resource_groups", response);
      }
    }
    return groups;
  }

  const ArmClient& client_;
  const LiveOptions& options_;
  Outcome& outcome_;
  std::string subscription_;
  std::string base_;
};

// One resource whose children are to be read.
struct ChildRead {
  const ResourceType* type;
  nlohmann::json* item;
};

// Its children and diagnostic settings, in `resources`; left without
// `resources` when any of them could not be read, so rules reading them
// are unknown rather than passing on half a list.
void read_children(const ArmClient& client, const ChildRead& read, Outcome& outcome) {
  nlohmann::json& item = *read.item;
  const std::string id = item.value("id", "");
  const std::string name = item.value("name", id);
  nlohmann::json children = nlohmann::json::array();
  const auto add = [&](const std::string& what, const ArmResponse& response) {
    if (!response.ok()) {
      outcome.failed(fmt::format("{} of {} {}", what, read.type->fact_key, name), "", response);
      return false;
    }
    outcome.ok();
    if (response.body.is_array())
      for (const auto& child : response.body) children.push_back(child);
    else
      children.push_back(response.body);
    return true;
  };
  bool complete = true;
  for (const auto& child : read.type->children) {
    if (!child.applies_to_kind(item.value("kind", ""))) continue;
    const std::string api = child.api_version.empty() ? read.type->api_version : child.api_version;
    complete = add(child.type, child.is_list ? client.list(id + child.path, api)
                                             : client.get(id + child.path, api)) &&
               complete;
  }
  if (read.type->diagnostic_settings)
    complete = add(std::string(kDiagnosticSettingsType),
                   client.list(id + "/providers/" + std::string(kDiagnosticSettingsType),
                               std::string(kDiagnosticSettingsApiVersion))) &&
               complete;
  if (complete) item["resources"] = std::move(children);
}

void read_all_children(const ArmClient& client, const std::vector<ChildRead>& reads,
                       Outcome& outcome) {
  std::atomic<std::size_t> next{0};
  const auto worker = [&] {
    for (std::size_t i; (i = next++) < reads.size();) read_children(client, reads[i], outcome);
  };
  std::vector<std::thread> pool;
  const auto threads = std::min(kChildThreads, reads.size());
  for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& thread : pool) thread.join();
}

}  // namespace

LiveResult collect_live(const LiveOptions& options, Credential& credential,
                        std::chrono::steady_clock::time_point deadline) {
  LiveResult result;
  Outcome outcome;
  const ArmClient client(options.endpoints.resource_manager, credential, options.ca_file, deadline);
  nlohmann::json& facts = result.facts;
  facts = {{"subscriptions", nlohmann::json::array()}, {"aks_versions", nlohmann::json::object()}};
  // Every resource of a type, with its type, across subscriptions.
  std::vector<std::pair<const ResourceType*, nlohmann::json>> typed;
  std::vector<std::string> readable;
  for (const auto& subscription : options.subscriptions) {
    SubscriptionReader reader(client, options, outcome, subscription);
    if (!reader.read_subscription(facts)) continue;
    readable.push_back(subscription);
    reader.read_scope(facts);
    for (const auto& type : resource_types()) {
      nlohmann::json items = reader.read_type(type);
      for (auto& item : items) typed.emplace_back(&type, std::move(item));
    }
  }
  std::vector<ChildRead> reads;
  for (auto& [type, item] : typed) reads.push_back({type, &item});
  read_all_children(client, reads, outcome);

  // Filed as exports are, so both give the same facts; the index of every
  // resource is the generic list's (all types, not only those filed).
  nlohmann::json resources = facts.value("resources", nlohmann::json::array());
  nlohmann::json items = nlohmann::json::array();
  for (auto& [type, item] : typed) items.push_back(std::move(item));
  for (const auto& type : resource_types()) facts[type.fact_key] = nlohmann::json::array();
  file_resources(facts, items);
  facts["resources"] = nlohmann::json::array();
  for (const auto& resource : resources) facts["resources"].push_back(normalise_resource(resource));

  for (const auto& subscription : readable) {
    SubscriptionReader reader(client, options, outcome, subscription);
    nlohmann::json clusters = nlohmann::json::array();
    for (const auto& cluster : facts["aks"])
      if (to_lower(cluster.value("id", ""))
              .rfind(to_lower("/subscriptions/" + subscription + "/"), 0) == 0)
        clusters.push_back(cluster);
    reader.read_aks_versions(clusters, facts);
  }
  // Subscription-level objects in the same spelling and without nulls, as
  // the resources and as exports give them.
  for (const char* key : {"subscriptions", "locations", "resource_groups", "policy_assignments"})
    if (facts.contains(key))
      for (auto& item : facts[key]) item = normalise_resource(item);
  if (readable.size() != options.subscriptions.size()) {
    // A subscription could not be read at all: every list lacks its part, so
    // every key is unknown, not a shorter list that joins would trust (a
    // Backup vault in the missing subscription). facts.azure.unavailable
    // says which one.
    facts.erase("aks_versions");
    for (const auto& key :
         {"subscriptions", "locations", "resource_groups", "resources", "policy_assignments"})
      facts.erase(key);
    for (const auto& type : resource_types()) facts.erase(type.fact_key);
  }
  outcome.apply(result);
  return result;
}

}  // namespace golive::collectors::azure
