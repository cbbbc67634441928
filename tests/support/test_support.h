#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dcod::test {

/// What a finished child process left behind.
struct CommandResult {
  int exit_status = -1;
  std::string out;
  std::string err;
};

/// Runs argv (argv[0] searched in PATH) with optional extra environment entries ("K=V"),
/// capturing stdout and stderr.
CommandResult run_command(const std::vector<std::string>& argv,
                          const std::vector<std::string>& extra_env = {});
/// Runs the dcod binary under test with the given arguments.
CommandResult run_dcod(const std::vector<std::string>& args,
                       const std::vector<std::string>& extra_env = {});

/// Runs the dcod binary under test and SIGKILLs it right after its stdout (plain progress lines,
/// not a terminal) has shown `lines` lines that start with "[": a run cut at a known point. The
/// result holds the lines read and the exit status (128 + 9 when the kill cut it).
CommandResult run_dcod_killed_after(const std::vector<std::string>& args, std::size_t lines);

/// True in a build with sanitizers (make test-asan, test-tsan).
constexpr bool sanitized_build() {
#ifdef DCOD_SANITIZED
  return true;
#else
  return false;
#endif
}

/// Path of a file in the source tree, e.g. source_path("examples/desk.xml").
std::string source_path(const std::string& relative);
/// Whole file as a string.
std::string read_file(const std::string& path);
/// The name of everything under `dir` (recursively), and the text of each regular file in it:
/// what a test searches for what must never be written.
std::string files_under(const std::string& dir);
/// The text of tests/golden/<name>, what a user is meant to see; DCOD_UPDATE_GOLDEN=1 writes
/// `actual` there instead (then read the change before committing it).
std::string golden(const std::string& name, const std::string& actual);
/// `text` with every `from` replaced by `to` (a lab's scenario name by a placeholder, say).
std::string replaced(std::string text, const std::string& from, const std::string& to);
/// A fresh directory under the build tree, removed when the test binary exits.
std::string temp_dir();
/// Writes text to a file in temp_dir() and returns its path.
std::string write_temp_file(const std::string& name, const std::string& text);

/// True when `program` is on PATH.
bool have_program(const std::string& program);
/// True when DCOD_REQUIRE_ALL is set (CI): missing prerequisites fail instead of skipping.
bool prerequisites_required();

}  // namespace dcod::test

/// Skips the test when `program` is missing, or fails it when running under CI.
#define DCOD_REQUIRE_PROGRAM(program)                                                        \
  do {                                                                                       \
    if (!::dcod::test::have_program(program)) {                                              \
      if (::dcod::test::prerequisites_required()) {                                          \
        FAIL() << "'" << (program) << "' is required (DCOD_REQUIRE_ALL is set) but missing"; \
      }                                                                                      \
      GTEST_SKIP() << "'" << (program) << "' is not installed";                              \
    }                                                                                        \
  } while (0)
