#include "test_support.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/process.h"

namespace dcod::test {

CommandResult run_command(const std::vector<std::string>& argv,
                          const std::vector<std::string>& extra_env) {
  auto r = dcod::run_captured(argv, "", std::chrono::minutes(2), extra_env);
  if (!r) return {-1, "", r.error().message};
  return {r->exit_status, r->out, r->err};
}

CommandResult run_dcod(const std::vector<std::string>& args,
                       const std::vector<std::string>& extra_env) {
  std::vector<std::string> argv = {DCOD_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, extra_env);
}

CommandResult run_dcod_killed_after(const std::vector<std::string>& args, std::size_t lines) {
  int out[2];
  if (::pipe(out) != 0) return {-1, "", "pipe"};
  std::vector<std::string> argv = {DCOD_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> c_argv;
  for (std::string& a : argv) c_argv.push_back(a.data());
  c_argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::close(out[0]);
    ::close(out[1]);
    ::execv(c_argv[0], c_argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  CommandResult r;
  std::string pending;
  std::size_t seen = 0;
  char buf[4096];
  while (seen < lines) {
    ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    pending.append(buf, static_cast<std::size_t>(n));
    for (std::size_t at; seen < lines && (at = pending.find('\n')) != std::string::npos;) {
      std::string line = pending.substr(0, at + 1);
      pending.erase(0, at + 1);
      r.out += line;
      if (line[0] == '[') ++seen;
    }
  }
  if (seen == lines) ::kill(pid, SIGKILL);
  ::close(out[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

std::string source_path(const std::string& relative) {
  return std::string(DCOD_SOURCE_DIR) + "/" + relative;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string files_under(const std::string& dir) {
  std::string out;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    out += it->path().string() + "\n";
    if (it->is_regular_file(ec)) out += read_file(it->path().string()) + "\n";
  }
  return out;
}

std::string golden(const std::string& name, const std::string& actual) {
  std::string path = source_path("tests/golden/" + name);
  const char* update = std::getenv("DCOD_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return actual;
  }
  return read_file(path);
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  if (from.empty()) return text;
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

std::string temp_dir() {
  static const std::string dir = [] {
    std::string pattern = std::string(DCOD_TEST_TMP) + "/dcod-test-XXXXXX";
    std::filesystem::create_directories(DCOD_TEST_TMP);
    std::string made = ::mkdtemp(pattern.data());
    return made;
  }();
  static const struct Cleanup {
    ~Cleanup() { std::filesystem::remove_all(dir); }
  } cleanup;
  return dir;
}

std::string write_temp_file(const std::string& name, const std::string& text) {
  std::string path = temp_dir() + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

bool have_program(const std::string& program) {
  // Daemons live in sbin, which a non-login PATH may leave out.
  return dcod::program_on_path(program) || ::access(("/usr/sbin/" + program).c_str(), X_OK) == 0;
}

bool prerequisites_required() {
  const char* v = std::getenv("DCOD_REQUIRE_ALL");
  return v && *v && std::string(v) != "0";
}

}  // namespace dcod::test
