#include "golive/diff.hpp"

#include <map>

#include "golive/result_file.hpp"

namespace golive {

namespace {

using FindingIndex = std::map<std::string, const nlohmann::json*>;

FindingIndex problems_of(const nlohmann::json& result) {
  FindingIndex index;
  for (const auto& f : result["findings"])
    if (is_problem(f)) index.emplace(finding_key(f), &f);
  return index;
}

nlohmann::json summary(const nlohmann::json& f) {
  nlohmann::json s = {{"rule_id", f["rule_id"]},          {"resource", f["resource"]},
                      {"severity", f["severity"]},        {"status", f["status"]},
                      {"title", f.value("title", "")},    {"domain", f.value("domain", "")},
                      {"message", f.value("message", "")}};
  return s;
}

nlohmann::json score_change(const nlohmann::json& old_score, const nlohmann::json& new_score) {
  nlohmann::json change = nullptr;
  if (old_score.is_number() && new_score.is_number())
    change = new_score.get<int>() - old_score.get<int>();
  return {{"old", old_score}, {"new", new_score}, {"change", change}};
}

}  // namespace

ResultDiff diff_results(const nlohmann::json& old_result, const nlohmann::json& new_result) {
  ResultDiff diff;
  const FindingIndex before = problems_of(old_result);
  const FindingIndex after = problems_of(new_result);
  for (const auto& [key, finding] : after) {
    auto was = before.find(key);
    if (was == before.end()) {
      diff.new_problems.push_back(summary(*finding));
      const std::string status = (*finding)["status"];
      if ((*finding)["severity"] == "blocking" && (status == "fail" || status == "error"))
        diff.new_blocking_failure = true;
    } else if ((*was->second)["status"] != (*finding)["status"]) {
      nlohmann::json entry = summary(*finding);
      entry["old_status"] = (*was->second)["status"];
      diff.changed.push_back(entry);
    } else {
      ++diff.still_failing;
    }
  }
  for (const auto& [key, finding] : before)
    if (!after.count(key)) diff.resolved.push_back(summary(*finding));
  diff.old_decision = old_result["decision"];
  diff.new_decision = new_result["decision"];
  diff.old_score = old_result.value("score", nlohmann::json());
  diff.new_score = new_result.value("score", nlohmann::json());
  for (const auto& [domain, scores] : new_result["domains"].items()) {
    nlohmann::json old_domain = old_result["domains"].value(domain, nlohmann::json::object());
    diff.domains[domain] = score_change(old_domain.value("score", nlohmann::json()),
                                        scores.value("score", nlohmann::json()));
  }
  return diff;
}

nlohmann::json to_json(const ResultDiff& diff) {
  return {{"golive_diff", 1},
          {"decision", {{"old", diff.old_decision}, {"new", diff.new_decision}}},
          {"score", score_change(diff.old_score, diff.new_score)},
          {"domains", diff.domains},
          {"new", diff.new_problems},
          {"resolved", diff.resolved},
          {"changed", diff.changed},
          {"still_failing", diff.still_failing},
          {"new_blocking_failure", diff.new_blocking_failure}};
}

}  // namespace golive
