#include "golive/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include <fmt/format.h>

#include "golive/secrets.hpp"
#include "golive/text.hpp"

extern char** environ;

namespace golive {

namespace {

using Clock = std::chrono::steady_clock;

// golive's environment with `extra` set (replacing variables of the same name).
std::vector<std::string> environment_with(
    const std::vector<std::pair<std::string, std::string>>& extra) {
  std::vector<std::string> env;
  for (char** entry = environ; entry && *entry; ++entry) {
    const std::string_view text = *entry;
    const std::string_view name = text.substr(0, text.find('='));
    bool replaced = false;
    for (const auto& [key, value] : extra) replaced = replaced || key == name;
    if (!replaced) env.emplace_back(text);
  }
  for (const auto& [key, value] : extra) env.push_back(key + "=" + value);
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// A started program: its pid (also its process group) and the read ends of
// its stdout and stderr.
struct Child {
  pid_t pid = -1;
  int out = -1;
  int err = -1;
};

Child spawn(const std::vector<std::string>& argv_in,
            const std::vector<std::pair<std::string, std::string>>& extra_env) {
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0) throw ProcessStartError("cannot create a pipe");
  if (::pipe2(err, O_CLOEXEC) != 0) {
    ::close(out[0]), ::close(out[1]);
    throw ProcessStartError("cannot create a pipe");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // Its own process group, so a timeout kills whatever it started too;
  // default signal handling, whatever golive itself ignores.
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> argv_strings = argv_in;
  std::vector<std::string> env_strings = environment_with(extra_env);
  auto argv = c_strings(argv_strings);
  auto envp = c_strings(env_strings);

  Child child;
  const int error =
      ::posix_spawnp(&child.pid, argv[0], &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(out[1]);
  ::close(err[1]);
  if (error != 0) {
    ::close(out[0]), ::close(err[0]);
    throw ProcessStartError(std::strerror(error));
  }
  child.out = out[0];
  child.err = err[0];
  return child;
}

int remaining_ms(Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::max<long long>(0, std::min<long long>(left, 1 << 30)));
}

// Reads stdout and stderr until both close, then closes them; false when
// the deadline came first.
bool read_outputs(Child& child, ProcessOutput& output, const ProcessLimits& limits,
                  Clock::time_point deadline) {
  pollfd fds[2] = {{child.out, POLLIN, 0}, {child.err, POLLIN, 0}};
  std::string* sinks[2] = {&output.out, &output.err};
  const std::size_t caps[2] = {limits.max_stdout, limits.max_stderr};
  int open = 2;
  bool finished = true;
  char buffer[8192];
  while (open > 0) {
    const int left = remaining_ms(deadline);
    const int ready = left == 0 ? 0 : ::poll(fds, 2, left);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      // Out of time; or poll failed, and waiting for the exit decides.
      finished = ready < 0;
      break;
    }
    for (auto i : {0, 1}) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        if (sinks[i]->size() < caps[i]) sinks[i]->append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open;
      }
    }
  }
  for (const auto& fd : fds)
    if (fd.fd >= 0) ::close(fd.fd);
  child.out = child.err = -1;
  return finished;
}

// The exit status, or nullopt when it had not exited by the deadline.
std::optional<int> wait_exit(pid_t pid, Clock::time_point deadline) {
  for (;;) {
    int status = 0;
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (done < 0 && errno != EINTR) return -1;
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void kill_group(pid_t pid) {
  ::kill(-pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

}  // namespace

std::optional<ProcessOutput> run_process(
    const std::vector<std::string>& argv,
    const std::vector<std::pair<std::string, std::string>>& extra_env, Clock::time_point deadline,
    ProcessLimits limits) {
  if (argv.empty()) throw ProcessStartError("no program to run");
  Child child = spawn(argv, extra_env);
  ProcessOutput output;
  const bool finished = read_outputs(child, output, limits, deadline);
  const std::optional<int> status = finished ? wait_exit(child.pid, deadline) : std::nullopt;
  if (!status) {
    kill_group(child.pid);
    return std::nullopt;
  }
  output.status = *status;
  return output;
}

std::string stderr_excerpt(const std::string& err, std::size_t limit) {
  std::string text = trim(err);
  if (text.size() > limit) text = "..." + text.substr(text.size() - limit);
  return redactor().redact(text);
}

}  // namespace golive
