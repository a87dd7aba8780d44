#include "collectors/azure/exports.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "collectors/azure/filing.hpp"
#include "collectors/azure/resource_types.hpp"
#include "golive/diagnostics.hpp"
#include "golive/json_source.hpp"
#include "golive/text.hpp"

namespace golive::collectors::azure {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// A directory's *.json files, at any depth, in name order.
std::vector<std::string> json_files(const std::string& directory) {
  std::vector<std::string> found;
  std::error_code error;
  for (fs::recursive_directory_iterator it(directory, error), end; !error && it != end;
       it.increment(error))
    if (it->is_regular_file() && it->path().extension() == ".json")
      found.push_back(it->path().string());
  if (error)
    throw InputError({directory, 0, 0},
                     fmt::format("cannot read the exports directory: {}", error.message()));
  if (found.empty())
    throw InputError({directory, 0, 0}, "no *.json file in this exports directory");
  std::sort(found.begin(), found.end());
  return found;
}

std::vector<std::string> expand(const std::string& path) {
  std::error_code error;
  if (fs::is_directory(path, error)) return json_files(path);
  if (fs::exists(path, error)) return {path};
  throw InputError({path, 0, 0},
                   "exports path not found: give a JSON file or a directory of them (`az resource "
                   "list -o json`, `az resource show`, Get-AzResource -ExpandProperties)");
}

bool has_member(const json& object, std::initializer_list<std::string_view> names) {
  for (const auto& [key, value] : object.items())
    if (!value.is_null() && value.is_string())
      for (const auto name : names)
        if (to_lower(key) == name) return true;
  return false;
}

// An ARM template describes a deployment (parameters, `[...]` expressions),
// not the state of what was deployed; golive would judge the template's
// defaults, not the resources.
bool is_template(const json& document) {
  if (!document.is_object()) return false;
  auto schema = document.find("$schema");
  if (schema == document.end() || !schema->is_string()) return false;
  const std::string text = to_lower(schema->get<std::string>());
  return text.find("deploymenttemplate") != std::string::npos ||
         text.find("deploymentparameters") != std::string::npos;
}

struct Item {
  json value;
  std::vector<std::string> path;  // inside its file, for messages
};

// The resources a document holds: itself, an array's items, or a LIST
// response's `value[]` (REST and `az rest`).
std::vector<Item> items_of(json document) {
  std::vector<Item> items;
  std::vector<std::string> prefix;
  if (document.is_object() && document.contains("value") && document["value"].is_array() &&
      !has_member(document, {"id", "type", "resourceid", "resourcetype"})) {
    document = std::move(document["value"]);
    prefix = {"value"};
  }
  if (!document.is_array()) return {{std::move(document), {}}};
  for (std::size_t i = 0; i < document.size(); ++i) {
    auto path = prefix;
    path.push_back(std::to_string(i));
    items.push_back({std::move(document[i]), std::move(path)});
  }
  return items;
}

// Checks a file's resources and adds them to `resources`; every problem of
// the file goes to `sink`.
void read_export_file(const std::string& file, json& resources, DiagnosticSink& sink) {
  const std::string text = read_file(file);
  json document;
  try {
    document = parse_json_text(text, file);
  } catch (const InputError& e) {
    sink.merge(e);
    return;
  }
  if (is_template(document)) {
    sink.error({file, 1, 1},
               "this is an ARM template (a deployment's description, with parameters and "
               "expressions), not exported resources: export what is deployed with `az resource "
               "list -o json` or `az resource show --ids ... -o json`");
    return;
  }
  for (auto& item : items_of(std::move(document))) {
    if (is_aks_versions(item.value)) {
      if (aks_versions_location(item.value).empty())
        sink.error(json_location(text, file, item.path),
                   "AKS versions without their region: add \"location\": \"<region>\" to the "
                   "output of `az aks get-versions --location <region> -o json`");
      else
        resources.push_back(std::move(item.value));
      continue;
    }
    if (!item.value.is_object() ||
        !has_member(item.value, {"id", "type", "resourceid", "resourcetype"})) {
      sink.error(json_location(text, file, item.path),
                 "not an Azure resource (no id or type): exports hold resources as `az resource "
                 "show` or Get-AzResource -ExpandProperties write them");
      continue;
    }
    resources.push_back(std::move(item.value));
  }
}

}  // namespace

json read_exports(const std::vector<std::string>& paths) {
  DiagnosticSink sink;  // every problem of every file, reported together
  json resources = json::array();
  for (const auto& path : paths) {
    std::vector<std::string> files;
    try {
      files = expand(path);
    } catch (const InputError& e) {
      sink.merge(e);
    }
    for (const auto& file : files) {
      try {
        read_export_file(file, resources, sink);
      } catch (const InputError& e) {
        sink.merge(e);  // unreadable
      }
    }
  }
  sink.throw_if_any();
  // Exports are the whole of what is audited, as manifests are for k8s: a
  // type with nothing exported has no resources (its rules do not apply,
  // joins on it find none), not unknown ones.
  json azure = json::object();
  for (const auto& type : resource_types()) azure[type.fact_key] = json::array();
  file_resources(azure, resources);
  return azure;
}

}  // namespace golive::collectors::azure
