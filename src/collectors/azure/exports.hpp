#pragma once
// The offline twin of the Azure collector: resources exported with
// `az resource list` / `az resource show` / `az aks show` (JSON),
// `Get-AzResource -ExpandProperties | ConvertTo-Json`, or an ARM export
// (a template's `resources[]` is not evaluated: only exported state).

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace golive::collectors::azure {

// Reads every file (or every *.json file in a directory) and files its
// resources into `azure` facts. Throws InputError with file:line:column for
// unreadable files, JSON syntax errors and documents that are not resources.
nlohmann::json read_exports(const std::vector<std::string>& paths);

}  // namespace golive::collectors::azure
