#include "collectors/k8s/manifests.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "collectors/k8s/kinds.hpp"
#include "collectors/k8s/objects.hpp"
#include "golive/diagnostics.hpp"
#include "golive/json_source.hpp"
#include "golive/text.hpp"
#include "golive/yaml.hpp"

namespace golive::collectors::k8s {

namespace fs = std::filesystem;

namespace {

bool is_manifest_file(const fs::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

std::vector<std::string> expand_paths(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& path : paths) {
    std::error_code error;
    if (fs::is_directory(path, error)) {
      std::vector<std::string> found;
      for (fs::recursive_directory_iterator it(path, error), end; !error && it != end;
           it.increment(error))
        if (it->is_regular_file() && is_manifest_file(it->path())) found.push_back(it->path());
      if (error)
        throw InputError({path, 0, 0},
                         fmt::format("cannot read the manifest directory: {}", error.message()));
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(path, error)) {
      files.push_back(path);
    } else {
      throw InputError({path, 0, 0},
                       "manifest path not found: give a file or directory of Kubernetes YAML or "
                       "JSON");
    }
  }
  return files;
}

bool is_object(const nlohmann::json& value) {
  return value.is_object() && value.contains("kind") && value["kind"].is_string() &&
         value.contains("apiVersion") && value["apiVersion"].is_string();
}

bool is_list(const nlohmann::json& value) {
  const std::string kind = value.value("kind", "");
  return value.contains("items") &&
         (kind == "List" || (kind.size() > 4 && kind.compare(kind.size() - 4, 4, "List") == 0));
}

void set_default_namespace(nlohmann::json& object, const std::string& default_namespace) {
  if (is_cluster_scoped(object.value("kind", ""))) return;
  auto& metadata = object["metadata"];
  if (!metadata.is_object()) metadata = nlohmann::json::object();
  if (!metadata.contains("namespace") || !metadata["namespace"].is_string() ||
      metadata["namespace"].get<std::string>().empty())
    metadata["namespace"] = default_namespace;
}

class Reader {
 public:
  explicit Reader(std::string default_namespace)
      : default_namespace_(std::move(default_namespace)) {}

  // `where` points at the document, for a document that is not usable.
  void take(nlohmann::json document, const SourceLocation& where) {
    if (document.is_null()) return;
    if (!document.is_object())
      throw InputError(where,
                       "a manifest document must be a mapping (a Kubernetes object or a "
                       "List)");
    if (is_list(document)) {
      // A List from `kubectl get -o json`: items may omit apiVersion/kind
      // (the API's own LIST responses do); take them from the List's kind.
      const std::string list_kind = document.value("kind", "");
      std::string item_kind = list_kind == "List" ? "" : list_kind.substr(0, list_kind.size() - 4);
      for (auto& item : document["items"]) {
        if (item.is_object() && !item.contains("kind") && !item_kind.empty()) {
          item["kind"] = item_kind;
          if (document.contains("apiVersion")) item["apiVersion"] = document["apiVersion"];
        }
        take(std::move(item), where);
      }
      return;
    }
    if (!is_object(document)) return;
    set_default_namespace(document, default_namespace_);
    objects.push_back(std::move(document));
  }

  std::vector<nlohmann::json> objects;

 private:
  std::string default_namespace_;
};

bool looks_like_json(const std::string& file, const std::string& text) {
  if (fs::path(file).extension() == ".json") return true;
  const auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string::npos && text[first] == '{';
}

void read_file_into(const std::string& file, Reader& reader) {
  const std::string text = read_file(file);
  if (looks_like_json(file, text)) {
    // nlohmann parses large `kubectl get -o json` output far faster than a
    // YAML parser, and reports JSON errors at their position.
    reader.take(parse_json_text(text, file), {file, 1, 1});
    return;
  }
  for (const auto& document : parse_yaml_documents(text, file))
    reader.take(yaml_to_json(document), location_of(document, file));
}

}  // namespace

ManifestObjects read_manifests(const std::vector<std::string>& paths,
                               const std::string& default_namespace) {
  ManifestObjects result;
  Reader reader(default_namespace);
  // Every broken file and missing path is reported in one run.
  DiagnosticSink sink;
  for (const auto& path : paths) {
    std::vector<std::string> files;
    try {
      files = expand_paths({path});
    } catch (const InputError& e) {
      sink.merge(e);
    }
    for (const auto& file : files) {
      try {
        read_file_into(file, reader);
        result.files.push_back(file);
      } catch (const InputError& e) {
        sink.merge(e);
      }
    }
  }
  sink.throw_if_any();
  result.objects = std::move(reader.objects);
  return result;
}

nlohmann::json manifest_facts(const ManifestObjects& manifests) {
  // Manifests are the whole of what is deployed: a kind with no manifest
  // has no objects (an empty list), not unknown ones. Custom resources stay
  // absent unless present, as on a cluster without their CRDs.
  nlohmann::json facts = nlohmann::json::object();
  for (const auto& kind : listed_kinds())
    if (!kind.optional) facts[kind.key] = nlohmann::json::array();
  for (const auto& object : manifests.objects) add_object(facts, object);
  add_workloads(facts);
  return facts;
}

}  // namespace golive::collectors::k8s
