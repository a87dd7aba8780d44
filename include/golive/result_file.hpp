#pragma once
// Reading saved result documents (golive report --from, golive diff,
// --baseline), validated enough that every use below can rely on them.

#include <string>

#include <nlohmann/json.hpp>

namespace golive {

// Reads a result JSON file. Throws InputError (file:line:column) when it is
// not JSON, not a golive result, of another version, or lacks what reports
// need.
nlohmann::json load_result(const std::string& path);

// Identifies a finding across runs: rule id and resource.
std::string finding_key(const nlohmann::json& finding);

// Fail, error or unknown — also when a waiver covered it (waived_status).
bool is_problem(const nlohmann::json& finding);

}  // namespace golive
