// Running VMs as network namespaces (realize on): adapters on internal networks as veths on one
// bridge per network in the host's namespace, bridged adapters as macvlans on the host
// interface, and the guest's boot script, run in the VM's namespace as its OS would run.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "sim_call.h"

namespace vboxsim {

namespace {

std::string hex8(const std::string& text) {
  std::uint32_t h = 2166136261u;
  for (unsigned char ch : text) h = (h ^ ch) * 16777619u;
  char out[16];
  std::snprintf(out, sizeof out, "%08x", h);
  return out;
}

/// Runs a shell command; its output goes to the simulator's log, never to the caller's streams.
int sh(const State& s, const std::string& command) {
  (void)s;
  return std::system(("{ " + command + "; } >/dev/null 2>&1").c_str());
}

std::string host_side(const Vm& vm, std::size_t slot) {
  return "vb" + hex8(vm.uuid) + "n" + std::to_string(slot);
}

std::string bridge_of(const std::string& network) {
  return "vbi" + hex8(network);
}

std::string mac_text(const std::string& mac) {
  std::string out;
  for (std::size_t i = 0; i + 1 < mac.size(); i += 2) {
    if (!out.empty()) out += ':';
    out += mac.substr(i, 2);
  }
  return out;
}

/// Starts the guest's boot script in the VM's namespace, detached from the caller's streams.
int spawn_guest(const State& s, const Vm& vm, const std::string& script, const std::string& log) {
  pid_t pid = ::fork();
  if (pid != 0) return pid;
  ::setsid();
  int null = ::open("/dev/null", O_RDONLY);
  int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  ::dup2(null, 0);
  ::dup2(out, 1);
  ::dup2(out, 2);
  for (int fd = 3; fd < 1024; ++fd) ::close(fd);
  ::setenv("VBOXSIM_VM", vm.name.c_str(), 1);
  ::setenv("VBOXSIM_SELF", s.config.self.c_str(), 1);
  ::setenv("VBOXSIM_GUEST", "1", 1);  // its calls are the guest additions', not dcod's
  ::execlp("ip", "ip", "netns", "exec", vm.netns.c_str(), "/bin/sh", script.c_str(), nullptr);
  ::_exit(127);
}

}  // namespace

void realize_nic(State& s, Vm& vm, std::size_t slot) {
  if (!s.config.realize || vm.netns.empty()) return;
  const Nic& nic = vm.nics[slot - 1];
  std::string host = host_side(vm, slot), guest = "eth" + std::to_string(slot - 1);
  sh(s, "ip link del " + host + "; ip -n " + vm.netns + " link del " + guest);
  if (nic.kind == "bridged") {
    auto mapped = s.config.adapters.find(nic.network);
    const std::string device = mapped == s.config.adapters.end() ? nic.network : mapped->second;
    sh(s, "ip link add link " + device + " name " + host + " address " + mac_text(nic.mac) +
              " type macvlan mode bridge && ip link set " + host + " netns " + vm.netns +
              " && ip -n " + vm.netns + " link set " + host + " name " + guest + " && ip -n " +
              vm.netns + " link set " + guest + (nic.cable ? " up" : " down"));
    return;
  }
  if (nic.kind != "intnet" && nic.kind != "null") return;
  sh(s, "ip link add " + host + " type veth peer name " + guest + " netns " + vm.netns +
            " && ip -n " + vm.netns + " link set " + guest + " address " + mac_text(nic.mac) +
            " up");
  if (nic.kind == "intnet") {
    std::string br = bridge_of(nic.network);
    sh(s, "ip link add " + br + " type bridge; ip link set " + br + " up; ip link set " + host +
              " master " + br);
  }
  sh(s, "ip link set " + host + (nic.cable ? " up" : " down"));
}

void realize_start(State& s, Vm& vm, Call& c) {
  if (!s.config.realize) return;
  vm.netns = "vbox-" + vm.name;
  if (sh(s, "ip netns add " + vm.netns + " && ip -n " + vm.netns + " link set lo up") != 0) {
    vm.netns.clear();
    c.error("The virtual machine '" + vm.name +
            "' has terminated unexpectedly during startup with exit code 1 (0x1)");
    return;
  }
  for (std::size_t slot = 1; slot <= vm.nics.size(); ++slot) realize_nic(s, vm, slot);
  auto boot = s.config.boot.find(vm.name);
  if (boot != s.config.boot.end())
    vm.guest_pids.push_back(spawn_guest(s, vm, boot->second, c.dir + "/guest-" + vm.name + ".log"));
}

void realize_stop(State& s, Vm& vm) {
  for (int pid : vm.guest_pids) ::kill(-pid, SIGKILL);  // the guest's whole session
  for (int pid : vm.guest_pids) ::waitpid(pid, nullptr, WNOHANG);
  vm.guest_pids.clear();
  vm.guestprops.clear();  // the guest additions report anew when it boots again
  if (!vm.netns.empty()) sh(s, "ip netns del " + vm.netns);
  vm.netns.clear();
}

}  // namespace vboxsim
