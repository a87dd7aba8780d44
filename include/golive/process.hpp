#pragma once
// Runs a helper program (a kubeconfig exec plugin, the Azure CLI) without a
// shell: argv as given (a bare name is looked up in PATH), golive's
// environment plus `extra_env`, stdin from /dev/null, in its own process
// group so a deadline kills whatever it started; stdout and stderr are
// captured, each up to a limit.

#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace golive {

struct ProcessOutput {
  int status = 0;  // the exit status; 128 + signal when killed by one
  std::string out;
  std::string err;
};

// The program could not be started (not found, not executable).
class ProcessStartError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ProcessLimits {
  std::size_t max_stdout = std::size_t{1} << 20;
  std::size_t max_stderr = 64 * 1024;
};

// The program's output once it exits; nullopt when it had not finished by
// the deadline (its process group is then killed). Throws ProcessStartError.
std::optional<ProcessOutput> run_process(
    const std::vector<std::string>& argv,
    const std::vector<std::pair<std::string, std::string>>& extra_env,
    std::chrono::steady_clock::time_point deadline, ProcessLimits limits = {});

// The end of a program's stderr (where the reason is), trimmed and redacted.
std::string stderr_excerpt(const std::string& err, std::size_t limit = 600);

}  // namespace golive
