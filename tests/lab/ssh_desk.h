#pragma once

// A scenario over the three hosts of an SSH lab, as the SSH end-to-end tests use it, and the
// small helpers they share: polling for a condition, counting what a text says.

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "ssh_lab.h"

namespace dcod::test {

/// True once `done()` holds, polling for up to `seconds`.
template <typename Done>
inline bool eventually(Done done, int seconds = 10) {
  for (int i = 0; i < seconds * 20; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

inline std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

inline const std::string k_nets = R"(
  <net name="blue" vni="100"/><net name="red" vni="200"/>
  <vm name="a1" host="hv1"><if id="0" net="blue" mac="02:00:00:00:01:01"><ipv4>10.1.0.1/24</ipv4><ipv6>fd00:1::1/64</ipv6></if></vm>
  <vm name="a2" host="hv2"><if id="0" net="blue" mac="02:00:00:00:01:02"><ipv4>10.1.0.2/24</ipv4><ipv6>fd00:1::2/64</ipv6></if></vm>
  <vm name="a3" host="hv3"><if id="0" net="blue" mac="02:00:00:00:01:03"><ipv4>10.1.0.3/24</ipv4></if></vm>
  <vm name="b1" host="hv1"><if id="0" net="red"><ipv4>10.1.0.2/24</ipv4></if></vm>
  <vm name="b3" host="hv3"><if id="0" net="red"><ipv4>10.1.0.3/24</ipv4></if></vm>
)";

/// A scenario over the three hosts of an SSH lab, run by the real dcod binary.
class SshDesk {
 public:
  explicit SshDesk(SshLab& lab, const std::string& extra_hosts = "", const std::string& key = "",
                   const std::string& nets_and_vms = k_nets)
      : m_lab(lab),
        m_name("s" + std::to_string(::getpid() % 100000) + "x" + std::to_string(s_count++)) {
    m_file = temp_dir() + "/" + m_name + ".xml";
    write_temp_file(m_name + ".xml",
                    "<scenario name=\"" + m_name +
                        "\" version=\"1\">\n"
                        "  <global><segmentation algorithm=\"static\"/></global>\n" +
                        lab.host_elements(key.empty() ? lab.client_key() : key) + extra_hosts +
                        nets_and_vms + "</scenario>\n");
  }
  ~SshDesk() { dcod({"--destroy"}); }

  CommandResult dcod(std::vector<std::string> args, std::vector<std::string> env = {}) const {
    if (env.empty()) env.push_back("DCOD_SCRIPT_TIMEOUT=30");  // no test waits five minutes
    return run_dcod(m_lab.dcod_args(m_file, args), env);
  }
  bool ping(const std::string& vm, const std::string& address) const {
    return dcod({"--exec", vm, "--", "ping", "-c", "1", "-i", "0.2", "-w", "3", address})
               .exit_status == 0;
  }
  /// dcod's namespaces and devices left on a host.
  std::string leftovers(int host) const {
    return m_lab
        .on_host(host,
                 "ip netns list | grep -c 'dcod." + m_name + "'; ip -br link | grep -c '^dc[bx]'")
        .out;
  }
  const std::string& name() const { return m_name; }
  /// The session keepers serving this scenario (they work in its keeper directory).
  std::vector<int> keepers() const {
    std::vector<int> pids;
    std::error_code ec;
    auto dir = std::filesystem::weakly_canonical(m_file + ".state/ssh", ec);
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
      std::string pid = entry.path().filename().string();
      if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
      if (read_file(entry.path().string() + "/cmdline").find("--ssh-keeper") == std::string::npos)
        continue;
      std::error_code gone;
      if (std::filesystem::read_symlink(entry.path() / "cwd", gone) == dir)
        pids.push_back(std::stoi(pid));
    }
    return pids;
  }

 private:
  SshLab& m_lab;
  std::string m_name;
  std::string m_file;
  static inline std::atomic<int> s_count{0};
};

}  // namespace dcod::test
