#include "collectors/k8s/exec_credential.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "golive/secrets.hpp"
#include "golive/text.hpp"

extern char** environ;

namespace golive::collectors::k8s {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxStdout = std::size_t{1} << 20;  // an ExecCredential is a few KiB
constexpr std::size_t kMaxStderr = 64 * 1024;
constexpr std::size_t kStderrInMessage = 600;  // the end of stderr: where the reason is

bool supported_api_version(const std::string& api_version) {
  return api_version == "client.authentication.k8s.io/v1" ||
         api_version == "client.authentication.k8s.io/v1beta1";
}

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

// A started plugin: its pid (also its process group) and the read ends of
// its stdout and stderr.
struct Child {
  pid_t pid = -1;
  int out = -1;
  int err = -1;
};

Child spawn(const ExecConfig& config, const std::string& info) {
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0) throw ExecError("cannot create a pipe for the exec plugin");
  if (::pipe2(err, O_CLOEXEC) != 0) {
    ::close(out[0]), ::close(out[1]);
    throw ExecError("cannot create a pipe for the exec plugin");
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

  std::vector<std::string> argv_strings = {resolve_command(config)};
  argv_strings.insert(argv_strings.end(), config.args.begin(), config.args.end());
  auto extra = config.env;
  extra.emplace_back("KUBERNETES_EXEC_INFO", info);
  std::vector<std::string> env_strings = environment_with(extra);
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
    std::string message = fmt::format("exec plugin '{}' could not be started: {}", config.command,
                                      std::strerror(error));
    if (!config.install_hint.empty()) message += " (" + config.install_hint + ")";
    throw ExecError(message);
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
bool read_outputs(Child& child, std::string& out, std::string& err, Clock::time_point deadline) {
  pollfd fds[2] = {{child.out, POLLIN, 0}, {child.err, POLLIN, 0}};
  std::string* sinks[2] = {&out, &err};
  const std::size_t limits[2] = {kMaxStdout, kMaxStderr};
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
        if (sinks[i]->size() < limits[i]) sinks[i]->append(buffer, static_cast<std::size_t>(n));
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

std::string stderr_excerpt(const std::string& output) {
  std::string err = trim(output);
  if (err.size() > kStderrInMessage) err = "..." + err.substr(err.size() - kStderrInMessage);
  return redactor().redact(err);
}

std::string seconds_text(Clock::duration d) {
  return fmt::format("{:.1f}s", std::chrono::duration<double>(d).count());
}

}  // namespace

std::string resolve_command(const ExecConfig& config) {
  const std::filesystem::path command = config.command;
  if (config.command.find('/') == std::string::npos || command.is_absolute()) return config.command;
  // Absolute: a normalised "./plugin" would lose its '/' and be looked up in PATH.
  return std::filesystem::absolute(std::filesystem::path(config.base_dir) / command)
      .lexically_normal()
      .string();
}

std::string exec_info(const ExecConfig& config, const nlohmann::json& cluster) {
  nlohmann::json info = {{"apiVersion", config.api_version},
                         {"kind", "ExecCredential"},
                         {"spec", {{"interactive", false}}}};
  if (config.provide_cluster_info) info["spec"]["cluster"] = cluster;
  return info.dump();
}

ExecCredential parse_exec_credential(const std::string& output, const ExecConfig& config) {
  const auto fail = [&](const std::string& why) {
    return ExecError(fmt::format("exec plugin '{}' {}", config.command, why));
  };
  nlohmann::json json = nlohmann::json::parse(output, nullptr, false);
  if (json.is_discarded() || !json.is_object())
    throw fail("did not print an ExecCredential (its output is not a JSON object)");
  if (json.value("kind", "") != "ExecCredential")
    throw fail("printed JSON that is not an ExecCredential (kind is not ExecCredential)");
  const std::string api_version = json.value("apiVersion", "");
  if (api_version != config.api_version)
    throw fail(fmt::format("answered with apiVersion '{}' where the kubeconfig asks for '{}'",
                           api_version, config.api_version));
  const nlohmann::json status = json.value("status", nlohmann::json::object());
  if (!status.is_object()) throw fail("printed an ExecCredential without a status");
  ExecCredential credential;
  const auto text = [&](const char* key) {
    const auto it = status.find(key);
    return it != status.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  credential.token = text("token");
  credential.client_cert_pem = text("clientCertificateData");
  credential.client_key_pem = text("clientKeyData");
  credential.expiration = text("expirationTimestamp");
  redactor().add(credential.token);
  redactor().add(credential.client_key_pem);
  const bool has_certificate =
      !credential.client_cert_pem.empty() && !credential.client_key_pem.empty();
  if (credential.token.empty() && !has_certificate)
    throw fail(
        "printed an ExecCredential with neither status.token nor status.clientCertificateData "
        "and status.clientKeyData");
  return credential;
}

ExecCredential run_exec_plugin(const ExecConfig& config, const nlohmann::json& cluster,
                               Clock::time_point deadline) {
  if (!supported_api_version(config.api_version))
    throw ExecError(
        fmt::format("exec plugin '{}': apiVersion '{}' is not supported: use "
                    "client.authentication.k8s.io/v1 (or v1beta1)",
                    config.command, config.api_version));
  if (config.interactive_mode == "Always")
    throw ExecError(fmt::format(
        "exec plugin '{}' has interactiveMode: Always, but golive runs plugins without a "
        "terminal: use a non-interactive login (for kubelogin: -l azurecli, workloadidentity or "
        "spn)",
        config.command));
  const auto start = Clock::now();
  Child child = spawn(config, exec_info(config, cluster));
  std::string out, err;
  const bool finished = read_outputs(child, out, err, deadline);
  const std::optional<int> status = finished ? wait_exit(child.pid, deadline) : std::nullopt;
  if (!status) {
    kill_group(child.pid);
    throw ExecError(fmt::format("exec plugin '{}' did not finish within {} (timeout)",
                                config.command, seconds_text(Clock::now() - start)));
  }
  if (*status != 0) {
    const std::string excerpt = stderr_excerpt(err);
    throw ExecError(fmt::format("exec plugin '{}' exited with status {}{}{}", config.command,
                                *status, excerpt.empty() ? "" : ": ", excerpt));
  }
  return parse_exec_credential(out, config);
}

}  // namespace golive::collectors::k8s
