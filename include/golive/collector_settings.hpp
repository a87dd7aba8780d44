#pragma once
// Shared by collectors: settings that hold one string or a list of them,
// paths relative to golive.yaml, and collectors that read either a live
// system or files given instead (k8s `manifests`, azure `exports`).

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "golive/collector.hpp"
#include "golive/diagnostics.hpp"

namespace golive {

// A setting that holds one string or a list of them (`namespaces`,
// `subscriptions`): its strings, in order; anything else is left out.
std::vector<std::string> string_list(const nlohmann::json& setting);

// `path` relative to golive.yaml's directory (`config_dir`, empty: as given);
// "-" (standard input) stays "-".
std::string config_path(const std::string& path, const std::string& config_dir);

// Each path of a setting that holds one path or a list of them, as config_path.
std::vector<std::string> config_paths(const nlohmann::json& setting, const std::string& config_dir);

// A collector that reads the live system, or instead the files its setting
// `files().key` names, never both. It checks and collects one or the other:
// with the files setting, a live setting beside it is an error, the setting
// must be a path or a non-empty list of them, and the files are read at
// validation, so a syntax error in them stops the run (exit 2) with its
// position; files that changed since then make the collector unreachable.
class LiveOrFilesCollector : public Collector {
 public:
  void validate(const YAML::Node& section, const std::string& file,
                DiagnosticSink& sink) const final;
  CollectorResult collect(const CollectorRequest& request) const final;

 protected:
  struct FilesSetting {
    std::string key;          // manifests
    std::string live_source;  // a live cluster ("'context' reads a live cluster, ...")
    std::vector<std::string> live_settings;  // the settings only the live system reads
    std::string kinds;                       // what the paths name: files or directories
  };
  virtual const FilesSetting& files_setting() const = 0;
  // Reads the files (paths resolved) as validation does; throws InputError.
  virtual void check_files(const std::vector<std::string>& paths,
                           const nlohmann::json& settings) const = 0;
  // The facts (under the collector's name), status and notes from the files;
  // throws InputError.
  virtual CollectorResult read_files(const std::vector<std::string>& paths,
                                     const nlohmann::json& settings) const = 0;
  virtual void validate_live(const YAML::Node& section, const std::string& file,
                             DiagnosticSink& sink) const = 0;
  // Checks the settings that go with the files (beside the paths), with positions.
  virtual void validate_files(const YAML::Node& /*section*/, const std::string& /*file*/,
                              DiagnosticSink& /*sink*/) const {}
  virtual CollectorResult collect_live(const CollectorRequest& request) const = 0;
};

}  // namespace golive
