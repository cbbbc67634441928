#include "ssh_lab.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <thread>

namespace dcod::test {

namespace {

std::atomic<int> g_labs{0};

bool ok(const CommandResult& r, std::string& error, const std::string& what) {
  if (r.exit_status == 0) return true;
  if (error.empty()) error = what + ": " + r.err + r.out;
  return false;
}

}  // namespace

SshLab::SshLab(int hosts, bool data_network) : m_hosts(hosts), m_data(data_network) {
  int n = g_labs++;
  m_name = "dcodssh" + std::to_string(::getpid() % 100000) + "x" + std::to_string(n);
  m_leg = "dsl" + std::to_string(::getpid() % 100000) + "x" + std::to_string(n);
  m_dir = temp_dir() + "/" + m_name;
  std::string ul = m_name + ".ul";
  // Labs of tests running at the same time must not share a subnet: under a machine-wide lock,
  // take the first 198.19.N.0/24 no route uses yet and claim it with the director's leg.
  int lock = ::open("/run/dcod-ssh-lab.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  ::flock(lock, LOCK_EX);
  std::string routes = DeskLab::sh("ip -4 route show").out;
  for (m_subnet = 1; m_subnet < 254; ++m_subnet) {
    if (routes.find("198.19." + std::to_string(m_subnet) + ".0/24") == std::string::npos) break;
  }
  std::string base = "198.19." + std::to_string(m_subnet) + ".";
  std::string script =
      "set -e; mkdir -p " + m_dir + " /run/sshd; cd " + m_dir +
      "; ssh-keygen -q -t ed25519 -N '' -f client; ssh-keygen -q -t ed25519 -N '' -f stranger; "
      "ip netns add " +
      ul + "; ip -n " + ul + " link add br0 type bridge; ip -n " + ul +
      " link set br0 up; ip link add " + m_leg + " type veth peer name director netns " + ul +
      "; ip -n " + ul + " link set director master br0 up; ip addr add " + base + "254/24 dev " +
      m_leg + "; ip link set " + m_leg + " up";
  CommandResult made = DeskLab::sh(script);
  ::close(lock);
  if (!ok(made, m_error, "underlay")) return;
  const std::string dl = m_name + ".dl";
  if (m_data && !ok(DeskLab::sh("set -e; ip netns add " + dl + "; ip -n " + dl +
                                " link add br0 type bridge; ip -n " + dl + " link set br0 up"),
                    m_error, "data network"))
    return;
  for (int h = 0; h < hosts; ++h) {
    std::string ns = netns(h), dir = host_dir(h);
    std::string setup = "set -e; mkdir -p " + dir + "; ssh-keygen -q -t ed25519 -N '' -f " + dir +
                        "/host_key; cp " + m_dir + "/client.pub " + dir +
                        "/authorized_keys; ip netns add " + ns + "; ip -n " + ns +
                        " link set lo up; ip -n " + ns + " link add eth0 type veth peer name p" +
                        std::to_string(h) + " netns " + ul + "; ip -n " + ul + " link set p" +
                        std::to_string(h) + " master br0 up; ip -n " + ns + " addr add " +
                        address(h) + "/24 dev eth0; ip -n " + ns + " link set eth0 up";
    if (m_data) {
      std::string port = "d" + std::to_string(h);
      setup += "; ip -n " + ns + " link add eth1 type veth peer name " + port + " netns " + dl +
               "; ip -n " + dl + " link set " + port + " master br0 up; ip -n " + ns +
               " addr add " + data_address(h) + "/24 dev eth1; ip -n " + ns + " link set eth1 up";
    }
    if (!ok(DeskLab::sh(setup), m_error, "host " + std::to_string(h))) return;
    std::ofstream(dir + "/sshd_config")
        << "Port 22\nListenAddress " << address(h) << "\nHostKey " << dir << "/host_key\nPidFile "
        << dir << "/sshd.pid\nAuthorizedKeysFile " << dir
        << "/authorized_keys\nPermitRootLogin yes\nStrictModes no\nUsePAM no\n"
        << "PasswordAuthentication yes\nKbdInteractiveAuthentication no\n"
        << "Subsystem sftp internal-sftp\n"
        // A simulated VirtualBox host's VBoxManage is first on its PATH (vbox_lab.h).
        << "SetEnv PATH=" << dir
        << "/vbox/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"
        << "LogLevel ERROR\n";
    if (!start_sshd(h)) return;
  }
}

SshLab::~SshLab() {
  for (int h = 0; h < m_hosts; ++h) {
    stop_sshd(h);
    DeskLab::sh("ip netns pids " + netns(h) + " 2>/dev/null | xargs -r kill -9; ip netns del " +
                netns(h) + " 2>/dev/null");
  }
  DeskLab::sh("ip link del " + m_leg + " 2>/dev/null; ip netns del " + m_name +
              ".ul 2>/dev/null; ip netns del " + m_name + ".dl 2>/dev/null");
}

std::string SshLab::address(int host) const {
  return "198.19." + std::to_string(m_subnet) + "." + std::to_string(host + 1);
}

std::string SshLab::data_address(int host) const {
  return "198.18.250." + std::to_string(host + 1);
}

void SshLab::set_data_link(int host, bool up) {
  DeskLab::sh("ip -n " + netns(host) + " link set eth1 " + (up ? "up" : "down"));
}

std::vector<std::string> SshLab::dcod_args(const std::string& file,
                                           const std::vector<std::string>& args) const {
  std::vector<std::string> all = {"-f",
                                  file,
                                  "--state-dir",
                                  file + ".state",
                                  "--known-hosts",
                                  known_hosts(),
                                  "--accept-new-host-keys"};
  all.insert(all.end(), args.begin(), args.end());
  return all;
}

int SshLab::sshd_pid(int host) const {
  std::string pid = DeskLab::sh("cat " + host_dir(host) + "/sshd.pid 2>/dev/null").out;
  return pid.empty() ? 0 : std::atoi(pid.c_str());
}

std::string SshLab::spare_address(int n) const {
  return "198.19." + std::to_string(m_subnet) + "." + std::to_string(100 + n);
}

CommandResult SshLab::on_host(int host, const std::string& script) const {
  // The host's sshd runs with a private /run/netns; join its mount namespace too.
  int pid = sshd_pid(host);
  if (pid == 0) return DeskLab::sh("ip netns exec " + netns(host) + " sh -c '" + script + "'");
  return run_command({"nsenter", "-t", std::to_string(pid), "-m", "-n", "sh", "-c", script});
}

void SshLab::stop_sshd(int host) {
  // The listener and every session it serves, as when the machine goes down: a session kept
  // open by a client must not outlive it.
  DeskLab::sh(
      "[ -f " + host_dir(host) + "/sshd.pid ] && kill $(cat " + host_dir(host) +
      "/sshd.pid) 2>/dev/null; rm -f " + host_dir(host) + "/sshd.pid; for p in $(ip netns pids " +
      netns(host) +
      " 2>/dev/null); do [ \"$(cat /proc/$p/comm 2>/dev/null)\" = sshd ] && kill -9 $p; done");
  // SIGTERM is not instant: stopped means the port no longer answers.
  for (int tries = 0; tries < 100; ++tries) {
    if (DeskLab::sh("timeout 1 bash -c 'echo > /dev/tcp/" + address(host) + "/22' 2>/dev/null")
            .exit_status != 0)
      return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

bool SshLab::start_sshd(int host) {
  std::string dir = host_dir(host);
  // A remote host is its own machine: a private /run/netns, and a root whose ~/.bashrc is its
  // own (this machine's starts tools that cost every SSH command a tenth of a second).
  std::string start =
      "ip netns exec " + netns(host) +
      " unshare -m --propagation private sh -c 'mount -t tmpfs dcod /run/netns && touch " + dir +
      "/bashrc && mount --bind " + dir + "/bashrc /root/.bashrc && exec /usr/sbin/sshd -f " + dir +
      "/sshd_config -E " + dir + "/sshd.log'";
  if (!ok(DeskLab::sh(start), m_error, "sshd on host " + std::to_string(host))) return false;
  for (int tries = 0; tries < 100; ++tries) {
    if (DeskLab::sh("timeout 1 bash -c 'echo > /dev/tcp/" + address(host) + "/22' 2>/dev/null")
            .exit_status == 0) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  m_error =
      "sshd on host " + std::to_string(host) + " does not answer: " + read_file(dir + "/sshd.log");
  return false;
}

bool SshLab::change_host_key(int host) {
  stop_sshd(host);
  DeskLab::sh("rm -f " + host_dir(host) + "/host_key*; ssh-keygen -q -t ed25519 -N '' -f " +
              host_dir(host) + "/host_key");
  return start_sshd(host);
}

void SshLab::fake_tool(int host, const std::string& program, const std::string& script) {
  const std::string path = "/usr/local/sbin/" + program;
  const std::string text = "#!/bin/sh\nREAL=$(PATH=/usr/sbin:/usr/bin:/sbin:/bin command -v " +
                           program + ")\n" + script + "\n";
  std::ofstream(host_dir(host) + "/fake-" + program) << text;
  on_host(host, "mountpoint -q /usr/local/sbin || mount -t tmpfs dcodhang /usr/local/sbin; cp " +
                    host_dir(host) + "/fake-" + program + " " + path + " && chmod +x " + path);
}

void SshLab::make_hang(int host, const std::string& program) {
  fake_tool(host, program, "exec sleep 600");
}

bool SshLab::set_root_password(int host, const std::string& password) {
  std::string dir = host_dir(host);
  std::string hash = DeskLab::sh("openssl passwd -6 -stdin <<'EOF'\n" + password + "\nEOF").out;
  while (!hash.empty() && hash.back() == '\n') hash.pop_back();
  if (hash.empty()) return false;
  std::ofstream(dir + "/shadow") << "root:" << hash << ":19000:0:99999:7:::\n";
  return on_host(host, "mount --bind " + dir + "/shadow /etc/shadow").exit_status == 0;
}

void SshLab::end_hang(int host) {
  on_host(host, "umount -l /usr/local/sbin");  // the sleeping wrappers go with the lab
}

std::string SshLab::host_elements(const std::string& key) const {
  std::string out;
  for (int h = 0; h < m_hosts; ++h) {
    out += "  <host name=\"hv" + std::to_string(h + 1) + "\" address=\"" + address(h) +
           "\" user=\"root\" identity=\"" + key + "\"" +
           (m_data ? " underlay-address=\"" + data_address(h) + "\"" : "") + "/>\n";
  }
  return out;
}

}  // namespace dcod::test
