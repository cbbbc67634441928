#include "wine_prefix.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace dcod::test {

namespace {

namespace fs = std::filesystem;

const char* const k_wine = "/usr/lib/wine/wine64";
const char* const k_wineserver = "/usr/lib/wine/wineserver64";

/// Copies the template into `dir`: C:\windows (most of its 700 MB, only read) as a link, the
/// registry, the profiles and Program Files as copies.
std::string copy_template(const std::string& from, const std::string& dir) {
  std::error_code e;
  fs::create_directories(dir + "/drive_c", e);
  fs::create_directories(dir + "/dosdevices", e);
  fs::create_directory_symlink("../drive_c", dir + "/dosdevices/c:", e);
  fs::create_directory_symlink("/", dir + "/dosdevices/z:", e);
  for (const char* file : {"system.reg", "user.reg", "userdef.reg", ".update-timestamp"}) {
    fs::copy_file(from + "/" + file, dir + "/" + file, e);
    if (e) return "cannot copy " + from + "/" + file + ": " + e.message();
  }
  for (const auto& entry : fs::directory_iterator(from + "/drive_c", e)) {
    const std::string name = entry.path().filename();
    if (name == "windows") {
      fs::create_directory_symlink(entry.path(), dir + "/drive_c/windows", e);
    } else {
      fs::copy(entry.path(), dir + "/drive_c/" + name,
               fs::copy_options::recursive | fs::copy_options::copy_symlinks, e);
    }
    if (e) return "cannot copy " + entry.path().string() + ": " + e.message();
  }
  return "";
}

bool alive(int pid) {
  return pid > 0 && ::kill(pid, 0) == 0;
}

/// The processes whose environment holds exactly `entry`.
std::vector<int> processes_with(const std::string& entry) {
  std::vector<int> found;
  std::error_code e;
  for (const auto& p : fs::directory_iterator("/proc", e)) {
    const std::string name = p.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(p.path() / "environ", std::ios::binary);
    std::string env((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (std::size_t at = 0; at < env.size();) {
      std::size_t end = env.find('\0', at);
      if (end == std::string::npos) end = env.size();
      if (env.compare(at, end - at, entry) == 0) {
        found.push_back(std::stoi(name));
        break;
      }
      at = end + 1;
    }
  }
  return found;
}

}  // namespace

std::string WinePrefix::missing() {
  const std::string from = DCOD_WINE_TEMPLATE;
  if (::access(k_wine, X_OK) != 0)
    return std::string(k_wine) + " is missing (Debian package wine64; make test installs it)";
  if (!fs::exists(from + "/.complete"))
    return "no Wine prefix template at " + from + " (make wine-prefix makes it)";
  for (const char* name : {"openssh_exec", "argv_printer", "vboxmanage_exe"}) {
    if (!fs::exists(program(name)))
      return program(name) + " was not built (needs x86_64-w64-mingw32-gcc)";
  }
  return "";
}

WinePrefix::WinePrefix(std::string dir) : m_dir(std::move(dir)) {
  const std::string from = DCOD_WINE_TEMPLATE;
  m_error = missing();
  if (!m_error.empty()) return;
  m_error = copy_template(from, m_dir);
  if (!m_error.empty()) return;
  // The server makes its socket's directory (wine-XXXXXX) in TMPDIR: in the prefix, it goes
  // with it.
  std::error_code e;
  fs::create_directories(m_dir + "/tmp", e);
  std::string env;
  for (const std::string& entry : environment()) env += entry + " ";
  // Persistent, in the foreground of a shell that only starts it: the PID is the server's.
  CommandResult started =
      run_command({"sh", "-c", env + k_wineserver + " -f -p >/dev/null 2>&1 & echo $!"});
  m_server = std::atoi(started.out.c_str());
  if (m_server <= 0) {
    m_error = "wineserver did not start: " + started.err;
    return;
  }
  // The first program starts Wine's services (services.exe, explorer.exe, ...), which stay with
  // the server: started here on /dev/null, they hold no later program's output open (an SSH
  // channel would never see its end).
  // On a loaded machine the first program may come before the server listens: tried again.
  CommandResult warm;
  for (int attempt = 0; attempt < 3; ++attempt) {
    warm = run_command({"sh", "-c", env + k_wine + " cmd.exe /c exit 0 </dev/null >/dev/null"});
    if (warm.exit_status == 0) return;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  m_error = "Wine does not start a program in " + m_dir + ": " + warm.err;
}

WinePrefix::~WinePrefix() {
  if (alive(m_server)) {
    // The server ends every program of the prefix and then itself; killed if it lingers.
    run_command({k_wineserver, "-k"}, environment());
    for (int i = 0; i < 50 && alive(m_server); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (alive(m_server)) ::kill(m_server, SIGKILL);
  }
  // A program that was starting as the server went is left without it: whatever still runs
  // with this prefix is this fixture's.
  for (int pid : processes_with("WINEPREFIX=" + m_dir)) ::kill(pid, SIGKILL);
  std::error_code e;
  fs::remove_all(m_dir, e);  // the link to the template's C:\windows, not what it points to
}

std::vector<std::string> WinePrefix::environment() const {
  return {"WINEPREFIX=" + m_dir, "TMPDIR=" + m_dir + "/tmp", "WINEDEBUG=-all", "LC_ALL=C.UTF-8"};
}

CommandResult WinePrefix::cmd(const std::string& text, const std::vector<std::string>& env) const {
  std::vector<std::string> all = environment();
  all.push_back("DCOD_WINE_LINE=\"C:\\windows\\system32\\cmd.exe\" /c \"" + text + "\"");
  all.insert(all.end(), env.begin(), env.end());
  return run_command({k_wine, program("openssh_exec")}, all);
}

std::string WinePrefix::windows_path(const std::string& path) {
  std::string out = "Z:" + path;
  for (char& c : out) c = c == '/' ? '\\' : c;
  return out;
}

std::string WinePrefix::program(const std::string& name) {
  return std::string(DCOD_WINE_PROGRAMS) + "/" + name + ".exe";
}

}  // namespace dcod::test
