// dcod_vboxsim: the VBoxManage simulator of DESIGN §9. It takes VBoxManage's arguments, keeps one
// host's VirtualBox state in $DCOD_VBOXSIM_DIR, prints what the real VBoxManage 7.2 prints for
// the commands dcod uses (checked by tests/e2e/vbox_conformance_test.cc against the real one) and
// logs every call to calls.log there. Calls on one VM at the same time fail with VirtualBox's
// lock errors, as they do for real; sim.json can add a delay per call and inject lock errors.

#include <fcntl.h>
#include <fnmatch.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "sim_call.h"

namespace vboxsim {

namespace {

using Handler = void (*)(State&, Call&);

const std::map<std::string, Handler>& handlers() {
  static const std::map<std::string, Handler> table = {
      {"list", cmd_list},
      {"showvminfo", cmd_showvminfo},
      {"createvm", cmd_createvm},
      {"clonevm", cmd_clonevm},
      {"import", cmd_import},
      {"export", cmd_export},
      {"unregistervm", cmd_unregistervm},
      {"modifyvm", cmd_modifyvm},
      {"startvm", cmd_startvm},
      {"controlvm", cmd_controlvm},
      {"getextradata", cmd_getextradata},
      {"setextradata", cmd_setextradata},
      {"guestproperty", cmd_guestproperty},
      {"snapshot", cmd_snapshot},
  };
  return table;
}

/// True for a call of a simulated guest (its guest additions), which is neither logged nor
/// given injected errors.
bool guest() {
  const char* g = std::getenv("VBOXSIM_GUEST");
  return g && *g;
}

/// True for a call that changes something.
bool mutating(const Call& c) {
  std::string cmd = c.arg(0), sub = c.arg(1);
  if (cmd == "createvm" || cmd == "clonevm" || cmd == "import" || cmd == "unregistervm" ||
      cmd == "modifyvm" || cmd == "startvm" || cmd == "controlvm" || cmd == "setextradata")
    return true;
  if (cmd == "guestproperty") return sub == "set" || sub == "unset" || sub == "delete";
  if (cmd == "snapshot") return c.arg(2) == "take";
  return false;
}

/// The VM a call works on, by the name or UUID it gives.
std::string target_of(const Call& c) {
  if (c.arg(0) == "guestproperty") return c.arg(2);
  if (c.arg(0) == "list" || c.arg(0) == "createvm" || c.arg(0) == "import") return "";
  return c.arg(1);
}

void log_call(const Call& c, bool changes, long ms) {
  nlohmann::json line = {{"argv", c.args}, {"exit", c.exit}, {"mutating", changes}, {"ms", ms}};
  std::ofstream(c.dir + "/calls.log", std::ios::app) << line.dump() << "\n";
}

/// The lock errors of the real 7.2 (../shared/vbox/transcript-7.2-locks.txt), in turn.
void lock_error(Call& c, const std::string& vm, int which) {
  switch (which % 3) {
    case 0:
      return c.com_error(
          "The machine '" + vm + "' is already locked for a session (or being unlocked)",
          "VBOX_E_INVALID_OBJECT_STATE (0x80bb0007)", "MachineWrap", "IMachine",
          "LockMachine(a->session, LockType_Write)", 901, "VBoxManageModifyVM.cpp");
    case 1:
      return c.com_error("The machine '" + vm + "' already has a lock request pending",
                         "VBOX_E_INVALID_OBJECT_STATE (0x80bb0007)", "MachineWrap", "IMachine",
                         "LockMachine(a->session, LockType_Shared)", 1443, "VBoxManageMisc.cpp");
    default:
      return c.com_error("The machine '" + vm +
                             "' was unlocked unexpectedly while attempting to share its session",
                         "VBOX_E_INVALID_SESSION_STATE (0x80bb000b)", "MachineWrap", "IMachine",
                         "LockMachine(a->session, LockType_Shared)", 1443, "VBoxManageMisc.cpp");
  }
}

/// An exclusive lock on a file, blocking or not; -1 when not taken.
int take_lock(const std::string& path, bool wait) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return -1;
  if (::flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

/// `guestproperty wait VM PATTERN [--timeout MS] [--fail-on-timeout]`: polls the state, without
/// holding it, until a matching property changes.
void wait_property(Call& c) {
  long timeout = -1;
  bool fail = false;
  for (std::size_t i = 4; i < c.args.size(); ++i) {
    if (c.args[i] == "--timeout" && i + 1 < c.args.size()) timeout = std::stol(c.args[++i]);
    if (c.args[i] == "--fail-on-timeout") fail = true;
  }
  auto snapshot = [&](State& s) {
    Vm* vm = s.find(c.arg(2));
    return vm ? vm->guestprops : std::map<std::string, std::string>{};
  };
  State first = load_state(c.dir);
  if (!first.find(c.arg(2))) {
    machine_or_error(first, c, c.arg(2), "a->argv[0]", 120, "VBoxManageGuestProp.cpp");
    return;
  }
  auto before = snapshot(first);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout);
  while (timeout < 0 || std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    State now = load_state(c.dir);
    for (const auto& [k, v] : snapshot(now)) {
      auto was = before.find(k);
      if ((was == before.end() || was->second != v) &&
          ::fnmatch(c.arg(3).c_str(), k.c_str(), 0) == 0) {
        c.out += "Name: " + k + ", value: " + v + ", flags: \n";
        return;
      }
    }
  }
  c.error("Time out or interruption while waiting for a notification.", fail ? 2 : 1);
}

int run(Call& c) {
  auto handler = handlers().find(c.arg(0));
  if (c.arg(0) == "--version") {
    c.out += "7.2.22_Debianr175245\n";
    return 0;
  }
  if (handler == handlers().end()) {
    c.error("Unknown command '" + c.arg(0) + "'", 1);
    return c.exit;
  }
  if (c.arg(0) == "guestproperty" && c.arg(1) == "wait") {
    wait_property(c);
    return c.exit;
  }
  bool changes = mutating(c);
  std::string target = target_of(c);
  // A session lock per VM, as VirtualBox takes one for every change: a second call on the same
  // VM meanwhile fails as the real one does.
  int vm_lock = -1;
  if (changes && !target.empty()) {
    vm_lock = take_lock(c.dir + "/lock-" + std::to_string(std::hash<std::string>{}(target)), false);
    if (vm_lock < 0) {
      lock_error(c, target, static_cast<int>(::getpid()));
      return c.exit;
    }
  }
  int state_lock = take_lock(c.dir + "/registry.lock", true);
  State s = load_state(c.dir);
  if (s.config.delay_ms > 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(s.config.delay_ms));
  if (changes && s.find(target) && s.config.lock_errors > 0 && !guest()) {
    --s.config.lock_errors;
    save_config(c.dir, s.config);
    lock_error(c, target, s.config.lock_errors);
  } else {
    handler->second(s, c);
    if (changes) save_state(c.dir, s);
  }
  ::close(state_lock);
  if (vm_lock >= 0) ::close(vm_lock);
  return c.exit;
}

}  // namespace

}  // namespace vboxsim

namespace {

/// The arguments a VBoxManage.exe of the Windows rig left in `dir`/argv (tests/lab/wine).
std::vector<std::string> exchanged_args(const std::string& dir) {
  std::ifstream in(dir + "/argv", std::ios::binary);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> args;
  for (std::size_t at = 0; at < all.size();) {
    std::size_t end = all.find('\0', at);
    if (end == std::string::npos) end = all.size();
    args.push_back(all.substr(at, end - at));
    at = end + 1;
  }
  return args;
}

/// Answers that VBoxManage.exe: out, err, then status (renamed into place: it means done).
void exchange_answer(const std::string& dir, const vboxsim::Call& call, int status) {
  std::ofstream(dir + "/out", std::ios::binary) << call.out;
  std::ofstream(dir + "/err", std::ios::binary) << call.err;
  std::ofstream(dir + "/status.part") << status;
  std::rename((dir + "/status.part").c_str(), (dir + "/status").c_str());
}

}  // namespace

int main(int argc, char** argv) {
  vboxsim::Call call;
  std::string exchange;
  if (argc == 3 && std::string(argv[1]) == "--vboxsim-exchange") {
    exchange = argv[2];
    call.args = exchanged_args(exchange);
  } else {
    for (int i = 1; i < argc; ++i) call.args.push_back(argv[i]);
  }
  const char* dir = std::getenv("DCOD_VBOXSIM_DIR");
  if (!dir || !*dir) {
    call.err =
        "VBoxManage: error: Failed to create the VirtualBox object!\n"
        "VBoxManage: error: (dcod_vboxsim: DCOD_VBOXSIM_DIR is not set)\n";
    if (!exchange.empty()) exchange_answer(exchange, call, 1);
    std::cerr << call.err;
    return 1;
  }
  call.dir = dir;
  auto start = std::chrono::steady_clock::now();
  int status = vboxsim::run(call);
  long ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  bool changes = vboxsim::mutating(call);
  if (!vboxsim::guest()) vboxsim::log_call(call, changes, ms);
  if (!exchange.empty()) {
    exchange_answer(exchange, call, status);
    return status;
  }
  std::cout << call.out << std::flush;
  std::cerr << call.err << std::flush;
  return status;
}
