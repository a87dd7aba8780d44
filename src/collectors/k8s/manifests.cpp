#include "collectors/k8s/manifests.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>

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

constexpr const char* kStdinName = "<stdin>";
constexpr std::size_t kMaxNamed = 3;        // files or places named in one note
constexpr std::size_t kMaxDuplicates = 20;  // objects given twice, each in its own note

// `--manifests -`: read once, however often the manifests are read.
const std::string& standard_input() {
  static const std::string text{std::istreambuf_iterator<char>(std::cin),
                                std::istreambuf_iterator<char>()};
  return text;
}

bool is_manifest_file(const fs::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

bool is_blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

// "a, b, c and 4 more"
std::string some_of(const std::vector<std::string>& names) {
  std::vector<std::string> shown(
      names.begin(), names.begin() + static_cast<long>(std::min(names.size(), kMaxNamed)));
  std::string text = join(shown, ", ");
  if (names.size() > kMaxNamed) text += fmt::format(" and {} more", names.size() - kMaxNamed);
  return text;
}

// "deploy/" -> "deploy", so that its name can match a glob.
fs::path without_trailing_slash(const std::string& path) {
  fs::path p = fs::path(path).lexically_normal();
  return p.has_filename() || !p.has_parent_path() ? p : p.parent_path();
}

// A glob matches a path below the folder walked, the path from the
// repository root, or the name alone.
bool ignored(const fs::path& path, const fs::path& relative,
             const std::vector<std::string>& globs) {
  if (globs.empty()) return false;
  const std::string below = relative.generic_string();
  const std::string shown = display_path(path.string());
  const std::string name = path.filename().string();
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) {
    for (const std::string* text : {&below, &shown, &name})
      if (fnmatch(glob.c_str(), text->c_str(), 0) == 0) return true;
    return false;
  });
}

bool has_kustomization(const fs::path& dir) {
  std::error_code error;
  for (const char* name : {"kustomization.yaml", "kustomization.yml", "Kustomization"})
    if (fs::exists(dir / name, error)) return true;
  return false;
}

// A folder whose files are not manifests until a tool renders them: its
// note says how to render it, or "" when it is a plain folder.
std::string rendered_elsewhere(const fs::path& dir) {
  std::error_code error;
  const std::string shown = display_path(dir.string());
  if (fs::exists(dir / "Chart.yaml", error))
    return fmt::format(
        "{} is a Helm chart (Chart.yaml): its templates are not manifests until rendered; audit "
        "them with `helm template RELEASE {} -f VALUES.yaml | golive audit --manifests -`",
        shown, shown);
  if (has_kustomization(dir))
    return fmt::format(
        "{} is a kustomize folder (kustomization.yaml): its files are bases and patches, not what "
        "is deployed; audit what it builds with `kubectl kustomize {} | golive audit "
        "--manifests -`",
        shown, shown);
  return "";
}

// The files of a directory to read, sorted; what was left out goes to notes.
std::vector<std::string> walk_directory(const fs::path& root, const ManifestOptions& options,
                                        std::vector<std::string>& notes) {
  if (std::string note = rendered_elsewhere(root); !note.empty()) {
    notes.push_back(std::move(note));
    return {};
  }
  std::vector<std::string> found;
  std::vector<std::string> other;    // files that are not YAML or JSON
  std::vector<std::string> folders;  // notes on charts and kustomize folders
  std::error_code error;
  for (fs::recursive_directory_iterator it(root, error), end; !error && it != end;
       it.increment(error)) {
    const fs::path relative = it->path().lexically_relative(root);
    std::error_code stat_error;  // a dangling or looping link is neither: skipped
    if (it->is_directory(stat_error)) {
      // Hidden folders (.git, .github, .vscode) hold tools' files, not
      // manifests: a walk never enters them (name one to read it).
      if (it->path().filename().string().starts_with(".") ||
          ignored(it->path(), relative, options.ignore)) {
        it.disable_recursion_pending();
      } else if (std::string note = rendered_elsewhere(it->path()); !note.empty()) {
        folders.push_back(std::move(note));
        it.disable_recursion_pending();
      }
      continue;
    }
    if (!it->is_regular_file(stat_error) || ignored(it->path(), relative, options.ignore)) continue;
    if (is_manifest_file(it->path()))
      found.push_back(it->path().string());
    else
      other.push_back(relative.generic_string());
  }
  if (error)
    throw InputError({root.string(), 0, 0},
                     fmt::format("cannot read the manifest directory: {}", error.message()));
  // Directory order is the file system's: sort, so facts and notes repeat.
  std::sort(found.begin(), found.end());
  std::sort(other.begin(), other.end());
  std::sort(folders.begin(), folders.end());
  notes.insert(notes.end(), folders.begin(), folders.end());
  if (!other.empty())
    notes.push_back(fmt::format("{}: {} file{} not YAML or JSON left out ({})",
                                display_path(root.string()), other.size(),
                                other.size() == 1 ? "" : "s", some_of(other)));
  return found;
}

// A string member, or "" when it is absent or not a string (manifests are
// untrusted: `kind: 5` must not throw).
std::string text_of(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return "";
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// The value at a path of object keys, or null when any step is missing.
const nlohmann::json* member_at(const nlohmann::json& value,
                                std::initializer_list<const char*> path) {
  const nlohmann::json* at = &value;
  for (const char* key : path) {
    if (!at->is_object()) return nullptr;
    const auto it = at->find(key);
    if (it == at->end()) return nullptr;
    at = &*it;
  }
  return at;
}

bool is_object(const nlohmann::json& value) {
  return value.is_object() && value.contains("kind") && value["kind"].is_string() &&
         value.contains("apiVersion") && value["apiVersion"].is_string();
}

bool is_list(const nlohmann::json& value) {
  const std::string kind = text_of(value, "kind");
  return value.contains("items") && value["items"].is_array() &&
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

std::string place(const SourceLocation& where) {
  return where.line > 0 ? fmt::format("{}:{}", where.file, where.line) : where.file;
}

// Where a List's items are: their YAML nodes, or their places in JSON text.
struct ItemPlaces {
  const YAML::Node* yaml = nullptr;                   // the document, from YAML
  const std::vector<SourceLocation>* json = nullptr;  // items[i], from JSON
};

class Reader {
 public:
  explicit Reader(std::string default_namespace)
      : default_namespace_(std::move(default_namespace)) {}

  // `where` is the document's place; `places` where its List items are.
  void take(nlohmann::json document, const SourceLocation& where, ItemPlaces places = {}) {
    if (document.is_null()) return;
    if (!document.is_object()) {
      notes.push_back(fmt::format(
          "{}: a document that is not a mapping (a Kubernetes object or a List), skipped",
          place(where)));
      return;
    }
    if (is_list(document)) {
      take_list(std::move(document), where, places);
      return;
    }
    if (!is_object(document)) return;
    set_default_namespace(document, default_namespace_);
    document["$source"] = {{"file", where.file}, {"line", where.line}};
    objects.push_back(std::move(document));
  }

  std::vector<nlohmann::json> objects;
  std::vector<std::string> notes;

 private:
  // A List from `kubectl get -o json`: items may omit apiVersion/kind (the
  // API's own LIST responses do); take them from the List's kind.
  void take_list(nlohmann::json document, const SourceLocation& where, ItemPlaces places) {
    const std::string list_kind = text_of(document, "kind");
    const std::string item_kind =
        list_kind == "List" ? "" : list_kind.substr(0, list_kind.size() - 4);
    YAML::Node items;
    if (places.yaml && places.yaml->IsMap() && (*places.yaml)["items"] &&
        (*places.yaml)["items"].IsSequence())
      items = (*places.yaml)["items"];
    std::size_t index = 0;
    for (auto& item : document["items"]) {
      if (item.is_object() && !item.contains("kind") && !item_kind.empty()) {
        item["kind"] = item_kind;
        if (document.contains("apiVersion")) item["apiVersion"] = document["apiVersion"];
      }
      if (items && index < items.size()) {
        const YAML::Node item_node = items[index];
        take(std::move(item), location_of(item_node, where.file), {&item_node, nullptr});
      } else if (places.json && index < places.json->size()) {
        take(std::move(item), (*places.json)[index]);
      } else {
        take(std::move(item), where);
      }
      ++index;
    }
  }

  std::string default_namespace_;
};

bool looks_like_json(const std::string& file, const std::string& text) {
  if (fs::path(file).extension() == ".json") return true;
  const auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string::npos && text[first] == '{';
}

// A YAML syntax error in a file that has `{{ }}` is, most likely, a
// template: the error says how to render it.
InputError with_template_hint(const InputError& error) {
  std::vector<Diagnostic> diagnostics = error.diagnostics();
  for (auto& d : diagnostics)
    d.message +=
        "; the file has {{ }}, so it looks like an unrendered template: render it first, e.g. "
        "`helm template RELEASE CHART | golive audit --manifests -`";
  return InputError(std::move(diagnostics));
}

void read_text_into(const std::string& text, const std::string& shown, Reader& reader) {
  if (looks_like_json(shown, text)) {
    // nlohmann parses large `kubectl get -o json` output far faster than a
    // YAML parser, and reports JSON errors at their position.
    nlohmann::json document = parse_json_text(text, shown);
    // A `kubectl get -o json` List: each item at its own line.
    std::vector<SourceLocation> items;
    if (is_list(document)) items = json_element_locations(text, shown, {"items"});
    reader.take(std::move(document), {shown, 1, 1}, {nullptr, &items});
    return;
  }
  std::vector<YAML::Node> documents;
  try {
    documents = parse_yaml_documents(text, shown);
  } catch (const InputError& e) {
    if (text.find("{{") != std::string::npos) throw with_template_hint(e);
    throw;
  }
  for (const auto& document : documents)
    reader.take(yaml_to_json(document), location_of(document, shown), {&document, nullptr});
}

void read_file_into(const std::string& file, Reader& reader) {
  const bool from_stdin = file == "-";
  const std::string shown = from_stdin ? kStdinName : display_path(file);
  const std::string text = from_stdin ? standard_input() : read_file(file);
  if (is_blank(text)) {
    reader.notes.push_back(fmt::format("{}: empty, skipped", shown));
    return;
  }
  const std::size_t before = reader.objects.size();
  read_text_into(text, shown, reader);
  if (reader.objects.size() == before)
    reader.notes.push_back(fmt::format(
        "{}: no Kubernetes object (no document with apiVersion and kind), skipped", shown));
}

// Objects given more than once (the same group, kind, namespace and name):
// each is judged where it is, and a note names every place.
void note_duplicates(const std::vector<nlohmann::json>& objects, std::vector<std::string>& notes) {
  std::map<std::string, std::vector<std::string>> places;
  std::vector<std::string> order;
  for (const auto& object : objects) {
    const std::string api = text_of(object, "apiVersion");
    const std::string group =
        api.find('/') == std::string::npos ? "" : api.substr(0, api.find('/'));
    const auto metadata = object.find("metadata");
    // generateName gives each object a name of its own when it is created.
    const std::string own_name = metadata == object.end() ? "" : text_of(*metadata, "name");
    if (own_name.empty()) continue;
    const std::string ns = text_of(*metadata, "namespace");
    const std::string name =
        fmt::format("{}{} {}{}", text_of(object, "kind"), group.empty() ? "" : "." + group,
                    ns.empty() ? "" : ns + "/", own_name);
    const auto& source = object["$source"];
    auto& list = places[name];
    if (list.empty()) order.push_back(name);
    list.push_back(place({text_of(source, "file"), source.value("line", 0), 0}));
  }
  std::size_t noted = 0, more = 0;
  for (const auto& name : order) {
    const auto& list = places[name];
    if (list.size() < 2) continue;
    if (noted++ >= kMaxDuplicates) {
      ++more;
      continue;
    }
    notes.push_back(fmt::format("{} is given {} times ({}): each is judged where it is", name,
                                list.size(), some_of(list)));
  }
  if (more) notes.push_back(fmt::format("{} more objects are given more than once", more));
}

// The oldest kubelet of the nodes listed, "" without nodes.
std::string oldest_kubelet(const nlohmann::json& facts) {
  std::string oldest;
  std::vector<int> oldest_numbers;
  const auto nodes = facts.find("nodes");
  if (nodes == facts.end() || !nodes->is_array()) return "";
  for (const auto& node : *nodes) {
    const nlohmann::json* info = member_at(node, {"status", "nodeInfo"});
    const std::string version = info ? text_of(*info, "kubeletVersion") : "";
    const auto numbers = version_numbers(version);
    if (numbers.empty()) continue;
    if (oldest.empty() || numbers < oldest_numbers) {
      oldest = version;
      oldest_numbers = numbers;
    }
  }
  return oldest;
}

void add_version(nlohmann::json& facts, const std::string& declared) {
  if (!declared.empty()) {
    std::string text = trim(declared);
    if (!text.empty() && (text[0] == 'v' || text[0] == 'V')) text.erase(0, 1);
    text = "v" + text;
    facts["version"] = {{"gitVersion", text}, {"source", "kubernetes_version"}};
    return;
  }
  if (const std::string kubelet = oldest_kubelet(facts); !kubelet.empty()) {
    facts["version"] = {{"gitVersion", kubelet}, {"source", "oldest node kubeletVersion"}};
    return;
  }
  facts["unavailable"]["version"] =
      "manifests do not say which Kubernetes version runs them: give --kubernetes-version "
      "1.34.2, `kubernetes_version:` in golive.yaml's k8s section, or add `kubectl get nodes -o "
      "json` output to the manifests";
}

std::string repository_root() {
  std::error_code error;
  const fs::path cwd = fs::current_path(error);
  if (error) return "";
  for (fs::path dir = cwd; !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / ".git", error)) return dir.string();
    if (dir == dir.parent_path()) break;
  }
  return cwd.string();
}

}  // namespace

std::vector<int> version_numbers(std::string text) {
  text = trim(text);
  if (!text.empty() && (text[0] == 'v' || text[0] == 'V')) text.erase(0, 1);
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) return {};
  std::vector<int> numbers;
  std::istringstream in(text);
  for (std::string part; std::getline(in, part, '.') && numbers.size() < 3;) {
    int number = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), number);
    if (error != std::errc() || end == part.data()) return {};  // not digits, or too large
    numbers.push_back(number);
    if (end != part.data() + part.size()) break;  // "2+k3s1", "2-eks-1"
  }
  return numbers.size() >= 2 ? numbers : std::vector<int>{};
}

std::string display_path(const std::string& path) {
  // Never destroyed: a collector thread past its deadline may still call
  // this while the process exits.
  static const std::string& root = *new std::string(repository_root());
  std::error_code error;
  const fs::path absolute = fs::absolute(path, error).lexically_normal();
  if (error || root.empty()) return path;
  const fs::path relative = absolute.lexically_relative(root);
  if (relative.empty() || *relative.begin() == "..") return absolute.generic_string();
  return relative == "." ? "." : relative.generic_string();
}

ManifestObjects read_manifests(const std::vector<std::string>& paths,
                               const ManifestOptions& options) {
  ManifestObjects result;
  Reader reader(options.default_namespace);
  // Every broken file and missing path is reported in one run.
  DiagnosticSink sink;
  for (const auto& path : paths) {
    std::vector<std::string> files;
    std::error_code error;
    if (path == "-") {
      files.push_back(path);
    } else if (const fs::path given = without_trailing_slash(path);
               ignored(given, given.filename(), options.ignore)) {
      continue;
    } else if (fs::is_directory(path, error)) {
      try {
        files = walk_directory(path, options, reader.notes);
      } catch (const InputError& e) {
        sink.merge(e);
      }
    } else if (fs::exists(path, error)) {
      files.push_back(path);
    } else {
      sink.error({path, 0, 0},
                 "manifest path not found: give a file or directory of Kubernetes YAML or JSON, "
                 "or - for standard input");
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
  result.notes = std::move(reader.notes);
  note_duplicates(result.objects, result.notes);
  return result;
}

nlohmann::json manifest_facts(const ManifestObjects& manifests,
                              const std::string& kubernetes_version) {
  // Manifests are the whole of what is deployed: a kind with no manifest
  // has no objects (an empty list), not unknown ones. Custom resources stay
  // absent unless present, as on a cluster without their CRDs.
  nlohmann::json facts = nlohmann::json::object();
  for (const auto& kind : listed_kinds())
    if (!kind.optional) facts[kind.key] = nlohmann::json::array();
  for (const auto& object : manifests.objects) add_object(facts, object);
  add_workloads(facts);
  add_version(facts, kubernetes_version);
  // Findings about the manifests as a whole (no cluster version, a
  // namespace without a default-deny policy) point at the first file read.
  if (!manifests.objects.empty())
    facts["$source"] = {{"file", manifests.objects.front()["$source"]["file"]}, {"line", 1}};
  return facts;
}

}  // namespace golive::collectors::k8s
