#include "test_support.h"

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

std::string source_path(const std::string& relative) {
  return std::string(DCOD_SOURCE_DIR) + "/" + relative;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
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
