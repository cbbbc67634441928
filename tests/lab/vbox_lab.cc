#include "vbox_lab.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <system_error>

namespace dcod::test {

namespace {

/// The proxy VM's guest OS: an address on the bridged NIC, sshd, and what the guest additions
/// report (tried again while the host's VBoxManage is busy with the VM).
std::string boot_script(const std::string& dir, const std::string& address) {
  return "#!/bin/sh\nip addr add " + address +
         "/24 dev eth0\nip link set eth0 up\n"
         // A machine of its own: not the host's /etc/passwd (a Windows host's gives root
         // another login shell).
         "unshare -m --propagation private sh -c 'umount /etc/passwd 2>/dev/null; exec "
         "/usr/sbin/sshd -D -f " +
         dir + "/proxy/sshd_config -E " + dir +
         "/proxy/sshd.log' &\n"
         "sleep 0.2\n"
         "mac=$(tr -d ':' < /sys/class/net/eth0/address | tr a-f A-F)\n"
         "report() { for i in $(seq 1 50); do \"$VBOXSIM_SELF\" guestproperty set \"$VBOXSIM_VM\" "
         "\"$1\" \"$2\" && return; sleep 0.1; done; }\n"
         "report /VirtualBox/GuestInfo/Net/0/MAC \"$mac\"\n"
         "report /VirtualBox/GuestInfo/Net/0/V4/IP " +
         address +
         "\n"
         "report /VirtualBox/GuestInfo/Net/Count 1\nwait\n";
}

/// Parent and process group of every process now, from /proc/<pid>/stat. Never throws (it runs
/// in a destructor): processes come and go while /proc is read, and one that went is skipped.
std::map<int, std::pair<int, int>> process_table() {
  std::map<int, std::pair<int, int>> table;
  std::error_code ec;
  for (std::filesystem::directory_iterator it("/proc", ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string name = it->path().filename();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat("/proc/" + name + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    std::size_t close = text.rfind(')');  // the command may hold spaces and parentheses
    if (close == std::string::npos || close + 2 > text.size()) continue;
    std::istringstream rest(text.substr(close + 2));
    std::string state;
    int parent = 0, group = 0;
    if (rest >> state >> parent >> group) table[std::atoi(name.c_str())] = {parent, group};
  }
  return table;
}

/// The processes of the process groups `groups` and all their descendants.
std::set<int> group_descendants(const std::set<int>& groups) {
  auto table = process_table();
  std::set<int> found;
  for (const auto& [pid, pg] : table) {
    if (groups.count(pg.second)) found.insert(pid);
  }
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [pid, pg] : table) {
      if (!found.count(pid) && found.count(pg.first)) grew = found.insert(pid).second;
    }
  }
  return found;
}

}  // namespace

VBoxLabHost::VBoxLabHost(SshLab& lab, int host, int proxy_number, bool windows)
    : m_lab(lab),
      m_host(host),
      m_dir(lab.host_dir(host) + "/vbox"),
      m_sim(m_dir),
      m_proxy_address(lab.spare_address(proxy_number)),
      m_windows(windows) {
  if (m_windows) become_windows();
  m_sim.configure(settings());
  std::string proxy = m_dir + "/proxy";
  std::filesystem::create_directories(proxy);
  CommandResult keys =
      run_command({"sh", "-c",
                   "ssh-keygen -q -t ed25519 -N '' -f " + proxy + "/host_key && cp " +
                       lab.client_key() + ".pub " + proxy + "/authorized_keys"});
  if (keys.exit_status != 0) m_error = "proxy keys: " + keys.err;
  std::ofstream(proxy + "/sshd_config")
      << "Port 22\nListenAddress " << m_proxy_address << "\nHostKey " << proxy
      << "/host_key\nPidFile " << proxy << "/sshd.pid\nAuthorizedKeysFile " << proxy
      << "/authorized_keys\nPermitRootLogin yes\nStrictModes no\nUsePAM no\n"
      << "PasswordAuthentication no\nLogLevel ERROR\n";
  std::string boot = proxy + "/boot.sh";
  std::ofstream(boot) << boot_script(m_dir, m_proxy_address);
  ::chmod(boot.c_str(), 0755);
  if (m_windows) return;
  // Uploads land in the SSH user's ~/.cache: the host's own, not this machine's.
  CommandResult cache =
      lab.on_host(host, "mkdir -p /root/.cache && mount -t tmpfs vboxlab /root/.cache");
  if (cache.exit_status != 0) m_error = "~/.cache: " + cache.err;
}

std::string VBoxLabHost::settings(int lock_errors, int delay_ms) const {
  nlohmann::json j = {{"realize", true},
                      {"lock_errors", lock_errors},
                      {"delay_ms", delay_ms},
                      {"bridged", {"eth0"}},
                      {"self", m_dir + "/bin/VBoxManage"},
                      {"machine_folder", m_dir + "/VirtualBox VMs"},
                      {"boot", {{"virtnet_proxy", m_dir + "/proxy/boot.sh"}}}};
  if (m_windows) {
    j["bridged"] = {bridge_adapter()};
    j["adapters"] = {{bridge_adapter(), "eth0"}};
    j["machine_folder"] = "C:\\users\\root\\VirtualBox VMs";
    j["drive_c"] = m_wine->drive_c();
  }
  return j.dump();
}

void VBoxLabHost::become_windows() {
  const std::string host_dir = m_lab.host_dir(m_host);
  m_wine = std::make_unique<WinePrefix>(host_dir + "/wine");
  if (!m_wine->ready()) {
    m_error = m_wine->error();
    return;
  }
  const std::string folder = m_wine->drive_c() + "/Program Files/Oracle/VirtualBox";
  std::filesystem::create_directories(folder);
  std::filesystem::copy_file(WinePrefix::program("vboxmanage_exe"), folder + "/VBoxManage.exe");
  std::filesystem::create_directories(m_dir + "/exchange");
  std::string env;
  for (const std::string& e : m_wine->environment()) env += (env.empty() ? "" : " ") + e;
  const std::string shell = host_dir + "/win_shell";
  std::string script = R"SH(#!/bin/sh
# root's login shell on a Windows lab host: sshd runs `<shell> -c <command>`, and this runs the
# command as Win32-OpenSSH does, or answers as PowerShell would where that is the default shell.
[ "$1" = -c ] || { echo 'commands only' >&2; exit 1; }
export @ENV@
if [ "$(cat @DIR@/default_shell 2>/dev/null)" = powershell ]; then
  set -f; set -- $2
  if [ "$1" = echo ]; then shift; for w in "$@"; do printf '%s\r\n' "$w"; done; exit 0; fi
  printf "%s : The term '%s' is not recognized as a name of a cmdlet\r\n" "$1" "$1" >&2; exit 1
fi
DCOD_WINE_LINE="\"C:\\windows\\system32\\cmd.exe\" /c \"$2\"" exec /usr/lib/wine/wine64 @EXEC@
)SH";
  auto put = [&](const std::string& key, const std::string& value) {
    script.replace(script.find(key), key.size(), value);
  };
  put("@ENV@", env + " DCOD_VBOXSIM_DIR=" + m_dir + " VBOXSIM_BIN=" + DCOD_VBOXSIM_BINARY +
                   " VBOXSIM_EXCHANGE=" + m_dir + "/exchange");
  put("@DIR@", host_dir);
  put("@EXEC@", WinePrefix::program("openssh_exec"));
  std::ofstream(shell) << script;
  ::chmod(shell.c_str(), 0755);
  // root's home is the Wine profile and its shell the one above, on this host only.
  CommandResult passwd = m_lab.on_host(
      m_host, "awk -F: 'BEGIN { OFS = \":\" } $1 == \"root\" { $6 = \"" + m_wine->drive_c() +
                  "/users/root\"; $7 = \"" + shell + "\" } { print }' /etc/passwd > " + host_dir +
                  "/passwd && mount --bind " + host_dir + "/passwd /etc/passwd");
  if (passwd.exit_status != 0) m_error = "passwd: " + passwd.err;
}

std::string VBoxLabHost::bridge_adapter() const {
  return m_windows ? "Intel(R) Ethernet Connection I219-V" : "eth0";
}

void VBoxLabHost::set_default_shell(const std::string& shell) const {
  std::ofstream(m_lab.host_dir(m_host) + "/default_shell") << shell << "\n";
}

std::string VBoxLabHost::vboxmanage_path() const {
  if (m_windows) return "C:\\Program Files\\Oracle\\VirtualBox\\VBoxManage.exe";
  return m_sim.bin() + "/VBoxManage";
}

VBoxLabHost::~VBoxLabHost() {
  // The simulated guests (the proxy's sshd, its boot script) run in process groups the
  // simulator recorded: end those, then whatever else still runs in the host's mount namespace
  // but in a VM's network namespace.
  std::ifstream in(m_dir + "/registry.json");
  auto j = nlohmann::json::parse(in, nullptr, false);
  std::set<int> groups;
  const auto vms = j.is_object() ? j.value("vms", nlohmann::json::array()) : nlohmann::json();
  for (const auto& vm : vms.is_array() ? vms : nlohmann::json::array()) {
    const auto pids =
        vm.is_object() ? vm.value("guest_pids", nlohmann::json::array()) : nlohmann::json::array();
    for (const auto& pid : pids) {
      if (pid.is_number_integer() && pid.get<int>() > 0) groups.insert(pid.get<int>());
    }
  }
  // The proxy's sshd serves each connection in a session of its own, outside the group: its
  // descendants are found before anything is killed and orphans move away.
  for (int pid : group_descendants(groups)) ::kill(pid, SIGKILL);
}

bool VBoxLabHost::add_proxy(const std::string& name) {
  std::string sets = "--nic1 bridged --bridgeadapter1 '" + bridge_adapter() + "' --nic2 null";
  CommandResult made = vboxmanage("createvm --name " + name + " --ostype Debian_64 --register");
  CommandResult set = vboxmanage("modifyvm " + name + " " + sets + " --memory 256");
  if (made.exit_status == 0 && set.exit_status == 0) return true;
  m_error = "proxy VM: " + made.err + set.err;
  return false;
}

bool VBoxLabHost::add_base(const std::string& name, const std::string& snapshot) {
  CommandResult made = vboxmanage("createvm --name " + name + " --ostype Debian_64 --register");
  CommandResult snap = vboxmanage("snapshot " + name + " take " + snapshot);
  if (made.exit_status == 0 && snap.exit_status == 0) return true;
  m_error = "base VM: " + made.err + snap.err;
  return false;
}

void VBoxLabHost::set_lock_errors(int n) const {
  m_sim.configure(settings(n));
}

void VBoxLabHost::set_delay(int ms) const {
  m_sim.configure(settings(0, ms));
}

bool VBoxLabHost::add_decoy(const std::string& name) {
  return vboxmanage("createvm --name " + name + " --ostype Debian_64 --register").exit_status == 0;
}

CommandResult VBoxLabHost::vboxmanage(const std::string& args) const {
  return m_lab.on_host(m_host, m_sim.bin() + "/VBoxManage " + args);  // as its owner, directly
}

CommandResult VBoxLabHost::in_vm(const std::string& vbox_name, const std::string& script) const {
  return m_lab.on_host(m_host, "ip netns exec " + vm_netns(vbox_name) + " sh -c '" + script + "'");
}

bool VBoxLabHost::guest_address(const std::string& vbox_name, int id,
                                const std::string& prefix) const {
  std::string dev = "eth" + std::to_string(id);
  bool v6 = prefix.find(':') != std::string::npos;
  std::string script = "ip link set " + dev + " mtu 1450 up && ip " + (v6 ? "-6 " : "") +
                       "addr replace " + prefix + " dev " + dev + (v6 ? " nodad" : "");
  return in_vm(vbox_name, script).exit_status == 0;
}

std::string VBoxLabHost::host_element(const std::string& name, const std::string& key,
                                      bool on_path) const {
  return "  <host name=\"" + name + "\" backend=\"virtualbox\" os=\"" +
         (m_windows ? "windows" : "linux") + "\" address=\"" + m_lab.address(m_host) +
         "\" user=\"root\" identity=\"" + key + "\"" +
         (on_path ? "" : " vboxmanage=\"" + vboxmanage_path() + "\"") +
         ">\n    <proxy vm=\"virtnet_proxy\" bridge-adapter=\"" + bridge_adapter() +
         "\" identity=\"" + key + "\"/>\n  </host>\n";
}

}  // namespace dcod::test
