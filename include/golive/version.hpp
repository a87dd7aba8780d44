#pragma once
// What this golive binary is: its version, the source commit it was built
// from and when (generated at build time by cmake/BuildInfoScript.cmake).

#include <string_view>

namespace golive {

struct BuildInfo {
  std::string_view version;  // the project's version, e.g. "0.1.0"
  std::string_view commit;   // git commit ("-dirty" if modified), or "unknown"
  std::string_view date;     // build date, YYYY-MM-DD (UTC, or SOURCE_DATE_EPOCH)
};

const BuildInfo& build_info();

}  // namespace golive
