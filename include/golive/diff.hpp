#pragma once
// What got better or worse between two results (golive diff OLD NEW).

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace golive {

struct ResultDiff {
  nlohmann::json new_problems = nlohmann::json::array();  // findings failing now, not before
  nlohmann::json resolved = nlohmann::json::array();      // failing before, not now
  nlohmann::json changed = nlohmann::json::array();       // failing in both, status changed
  std::size_t still_failing = 0;
  nlohmann::json old_decision, new_decision;
  nlohmann::json old_score, new_score;
  nlohmann::json domains = nlohmann::json::object();  // domain -> {old, new, change}
  // A new unwaived blocking failure (fail or error): golive diff exits 1.
  bool new_blocking_failure = false;
};

ResultDiff diff_results(const nlohmann::json& old_result, const nlohmann::json& new_result);

nlohmann::json to_json(const ResultDiff& diff);

}  // namespace golive
