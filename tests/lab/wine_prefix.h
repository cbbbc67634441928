#pragma once

// A Wine prefix of a test's own (REFERENCE.md, "Wine as a stand-in for Windows' cmd.exe"): made
// from the build's template (tests/lab/wine_prefix.sh) in a moment, C:\windows linked and the
// rest copied, with a wineserver this fixture starts and ends by its process id. Runs command
// lines the way Win32-OpenSSH does: CreateProcess of the exact line `"<cmd.exe>" /c "<text>"`
// (tests/lab/wine/openssh_exec.c), so a real cmd.exe parses what dcod sends.

#include <string>
#include <vector>

#include "test_support.h"

/// Wine, the template prefix and the rig's Windows programs: skips without them, fails in CI.
#define DCOD_REQUIRE_WINE(prefix)                   \
  do {                                              \
    if (!(prefix).ready()) {                        \
      if (::dcod::test::prerequisites_required()) { \
        FAIL() << (prefix).error();                 \
      }                                             \
      GTEST_SKIP() << (prefix).error();             \
    }                                               \
  } while (0)

/// What the Windows rig needs, before anything is made: skips without it, fails in CI.
#define DCOD_REQUIRE_WINE_RIG()                                                \
  do {                                                                         \
    const std::string dcod_wine_missing = ::dcod::test::WinePrefix::missing(); \
    if (!dcod_wine_missing.empty()) {                                          \
      if (::dcod::test::prerequisites_required()) FAIL() << dcod_wine_missing; \
      GTEST_SKIP() << dcod_wine_missing;                                       \
    }                                                                          \
  } while (0)

namespace dcod::test {

/// One Wine prefix with its wineserver.
class WinePrefix {
 public:
  /// A fresh prefix in `dir` (which must not exist yet).
  explicit WinePrefix(std::string dir);
  ~WinePrefix();
  WinePrefix(const WinePrefix&) = delete;
  WinePrefix& operator=(const WinePrefix&) = delete;

  bool ready() const { return m_error.empty(); }
  const std::string& error() const { return m_error; }
  const std::string& dir() const { return m_dir; }
  /// The Linux folder that is C:\ in the prefix.
  std::string drive_c() const { return m_dir + "/drive_c"; }
  /// What Wine's programs need in their environment to use this prefix.
  std::vector<std::string> environment() const;
  /// Runs `"C:\windows\system32\cmd.exe" /c "<text>"` as Win32-OpenSSH does, with `env` added.
  CommandResult cmd(const std::string& text, const std::vector<std::string>& env = {}) const;
  /// Why no prefix can be made here (Wine, the template or the rig's programs missing), or "".
  static std::string missing();
  /// The Windows path (drive Z:) of a Linux path.
  static std::string windows_path(const std::string& path);
  /// A program of the rig (tests/lab/wine/<name>.c) as the build made it.
  static std::string program(const std::string& name);

 private:
  std::string m_dir;
  int m_server = 0;
  std::string m_error;
};

}  // namespace dcod::test
