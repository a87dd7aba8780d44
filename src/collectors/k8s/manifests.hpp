#pragma once
// The offline twin of the live collector: Kubernetes manifests — files or
// directories of multi-document YAML or JSON, `kubectl get -o json` Lists,
// or standard input ("-") — read into the same `k8s` facts the API would
// give, each object remembering the file and line it came from.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace golive::collectors::k8s {

struct ManifestOptions {
  std::string default_namespace = "default";
  // Globs of paths to leave out (fnmatch, `*` crossing '/'), matched against
  // each file's or directory's path below the directory given, and its name.
  std::vector<std::string> ignore;
};

struct ManifestObjects {
  // Every object, Lists expanded, with `$source: {file, line}`.
  std::vector<nlohmann::json> objects;
  std::vector<std::string> files;  // the files read, in order
  // What was left out and why (empty files, files without a Kubernetes
  // object, Helm charts and kustomize folders, objects given twice).
  std::vector<std::string> notes;
};

// Reads every path: a file, "-" (standard input, read once per process), or
// a directory walked recursively for *.yaml, *.yml and *.json (sorted, so
// facts are repeatable). Documents that are empty or are not Kubernetes
// objects (a Helm values file) are skipped with a note; a syntax error or an
// unreadable path is an InputError at file:line:column. A namespaced object
// without metadata.namespace gets the default namespace, as `kubectl apply`
// would.
ManifestObjects read_manifests(const std::vector<std::string>& paths,
                               const ManifestOptions& options = {});

// The `k8s` facts of manifests: objects filed by kind, plus `workloads`, and
// `version` from `kubernetes_version` when given, else the oldest node's
// kubelet version when the manifests include nodes (`kubectl get nodes -o
// json`); otherwise `unavailable.version` says how to give it. `$source`
// names the first file with an object, where findings on the whole point.
nlohmann::json manifest_facts(const ManifestObjects& manifests,
                              const std::string& kubernetes_version = "");

// "v1.34.2", "1.30" or "1.29.3+k3s1" -> {1, 34, 2}; empty when the text is
// not a version (or its numbers are out of range).
std::vector<int> version_numbers(std::string text);

// How a source file is named in facts and reports: relative to the
// repository (the closest ancestor of the working directory holding .git),
// or the working directory, when inside it; else as given.
std::string display_path(const std::string& path);

}  // namespace golive::collectors::k8s
