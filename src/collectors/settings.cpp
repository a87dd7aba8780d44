// Shared by collectors: one-or-list settings, paths relative to golive.yaml,
// and the live-or-files choice of the k8s and azure collectors.

#include <filesystem>

#include <fmt/format.h>

#include "golive/collector_settings.hpp"
#include "golive/yaml.hpp"

namespace golive {

namespace fs = std::filesystem;

std::vector<std::string> string_list(const nlohmann::json& setting) {
  std::vector<std::string> out;
  if (setting.is_string()) out.push_back(setting.get<std::string>());
  if (setting.is_array())
    for (const auto& item : setting)
      if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

std::string config_path(const std::string& path, const std::string& config_dir) {
  if (path == "-") return path;  // standard input
  const fs::path p = path;
  return p.is_relative() && !config_dir.empty() ? (fs::path(config_dir) / p).string() : path;
}

std::vector<std::string> config_paths(const nlohmann::json& setting,
                                      const std::string& config_dir) {
  std::vector<std::string> paths;
  for (const auto& path : string_list(setting)) paths.push_back(config_path(path, config_dir));
  return paths;
}

void LiveOrFilesCollector::validate(const YAML::Node& section, const std::string& file,
                                    DiagnosticSink& sink) const {
  const FilesSetting& files = files_setting();
  const YAML::Node paths = section[files.key];
  if (!paths) {
    validate_live(section, file, sink);
    return;
  }
  for (const auto& key : files.live_settings)
    if (section[key])
      sink.error(location_of(section[key], file),
                 fmt::format("'{}' reads {}, '{}' reads files: give one or the other", key,
                             files.live_source, files.key));
  if (!(paths.IsScalar() || (paths.IsSequence() && paths.size() > 0))) {
    sink.error(location_of(paths, file),
               fmt::format("'{}' must be a path or a non-empty list of paths ({})", files.key,
                           files.kinds));
    return;
  }
  validate_files(section, file, sink);
  if (!sink.empty()) return;
  try {
    check_files(config_paths(yaml_to_json(paths), fs::path(file).parent_path().string()),
                yaml_to_json(section));
  } catch (const InputError& e) {
    sink.merge(e);
  }
}

CollectorResult LiveOrFilesCollector::collect(const CollectorRequest& request) const {
  const std::string& key = files_setting().key;
  if (!request.settings.contains(key)) return collect_live(request);
  try {
    return read_files(config_paths(request.settings[key], request.config_dir), request.settings);
  } catch (const InputError& e) {
    // Changed since golive.yaml was checked: report it, collect nothing.
    CollectorResult result;
    result.status = "unreachable";
    result.error = e.what();
    return result;
  }
}

}  // namespace golive
