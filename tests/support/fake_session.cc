#include "fake_session.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "test_support.h"
#include "util/process.h"

namespace dcod::test {

std::string fake_iproute(const std::string& log) {
  std::string bin = temp_dir() + "/fake-iproute-" + std::to_string(std::hash<std::string>{}(log));
  std::filesystem::create_directories(bin);
  for (const char* tool : {"ip", "bridge"}) {
    std::string path = bin + "/" + tool;
    std::ofstream(path)
        << "#!/bin/sh\n"
           "if [ \"$1\" = netns ] && [ \"$2\" = exec ]; then shift 3; exec \"$@\"; fi\n"
           "echo \""
        << tool << " $*\" >> " << log
        << "\n"
           "case \" $* \" in *' -batch '*) while IFS= read -r l; do echo \"  $l\" >> "
        << log
        << "; done;; esac\n"
           "exit 0\n";
    ::chmod(path.c_str(), 0755);
  }
  // nsenter --net=PATH CMD...: logged, then CMD runs (here, the stand-in ip).
  const std::string nsenter = bin + "/nsenter";
  std::ofstream(nsenter) << "#!/bin/sh\necho \"nsenter $1\" >> " << log << "\nshift\nexec \"$@\"\n";
  ::chmod(nsenter.c_str(), 0755);
  return bin;
}

Expected<ProcessResult> run_with_tools(const std::string& text, const std::string& bin) {
  const char* path = std::getenv("PATH");
  return run_captured({"/bin/sh", "-s"}, text, std::chrono::seconds(20),
                      {"PATH=" + bin + ":" + (path ? path : "/usr/bin:/bin")});
}

}  // namespace dcod::test
