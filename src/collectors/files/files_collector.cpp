#include "collectors/files/files_collector.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "golive/json_source.hpp"
#include "golive/text.hpp"
#include "golive/yaml.hpp"

namespace golive::collectors {

namespace {

namespace fs = std::filesystem;

struct Recorded {
  nlohmann::json facts;
  nlohmann::json statuses = nlohmann::json::object();  // from a whole snapshot
};

Recorded read_facts(const std::string& path) {
  const std::string text = read_file(path);
  const auto ext = fs::path(path).extension();
  if (ext == ".yaml" || ext == ".yml") {
    auto docs = parse_yaml_documents(text, path);
    return {docs.empty() ? nlohmann::json::object() : yaml_to_json(docs.front())};
  }
  nlohmann::json doc = parse_json_text(text, path);
  // A whole snapshot is accepted too: its facts, with its collectors' statuses.
  if (doc.is_object() && doc.contains("golive_snapshot") && doc.contains("facts"))
    return {doc["facts"], doc.value("collectors", nlohmann::json::object())};
  return {doc};
}

class FilesCollector final : public Collector {
 public:
  const CollectorSchema& schema() const override {
    static const CollectorSchema schema{
        "files",
        "facts recorded in JSON or YAML files (exports, snapshots, facts of unreachable systems)",
        {"paths", "keys"},
        {"paths"},
        {"<any top-level key of the files>"},
        "  files:\n"
        "    # JSON or YAML files whose top-level keys are fact keys (azure, k8s, ...);\n"
        "    # a whole golive snapshot works too. Paths are relative to this file.\n"
        "    paths: [recorded-facts.json]\n"
        "    # keys: [azure, k8s]    # only these keys (default: all)\n"
        "    timeout: 10s\n"};
    return schema;
  }

  void validate(const YAML::Node& section, const std::string& file,
                DiagnosticSink& sink) const override {
    const YAML::Node paths = section["paths"];
    if (paths && (!paths.IsSequence() || paths.size() == 0))
      sink.error(location_of(paths, file), "'paths' must be a non-empty list of files");
    const YAML::Node keys = section["keys"];
    if (keys && !keys.IsSequence())
      sink.error(location_of(keys, file), "'keys' must be a list of fact keys, e.g. [azure, k8s]");
  }

  CollectorResult collect(const CollectorRequest& request) const override {
    CollectorResult result;
    const auto wanted = request.settings.value("keys", std::vector<std::string>{});
    std::vector<std::string> problems;
    for (const auto& entry : request.settings["paths"]) {
      fs::path path = entry.get<std::string>();
      if (path.is_relative()) path = fs::path(request.config_dir) / path;
      try {
        merge(read_facts(path.string()), path.string(), wanted, result);
      } catch (const InputError& e) {
        problems.push_back(e.what());
      }
    }
    // A key asked for by name is in the audit's scope even when the files
    // lack it: its rules are unknown, not left out as never audited.
    for (const auto& key : wanted)
      if (!result.facts.contains(key)) {
        result.statuses[key] = {{"status", "unreachable"},
                                {"error", fmt::format("no '{}' facts in the files given", key)}};
        problems.push_back(fmt::format("no '{}' facts in the files given", key));
      }
    if (!problems.empty()) {
      result.status = result.facts.empty() ? "unreachable" : "partial";
      result.error = join(problems, "; ");
    }
    return result;
  }

 private:
  static void merge(const Recorded& recorded, const std::string& path,
                    const std::vector<std::string>& wanted, CollectorResult& result) {
    if (!recorded.facts.is_object())
      throw InputError({path, 1, 1}, "facts must be a JSON/YAML object");
    for (const auto& [key, value] : recorded.facts.items()) {
      if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), key) == wanted.end()) continue;
      result.facts[key] = value;
      nlohmann::json status = recorded.statuses.value(key, nlohmann::json{{"status", "ok"}});
      status["source"] = "files: " + path;
      result.statuses[key] = status;
    }
  }
};

}  // namespace

std::unique_ptr<Collector> make_files_collector() {
  return std::make_unique<FilesCollector>();
}

}  // namespace golive::collectors
