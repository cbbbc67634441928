// --exec VM -- CMD and -x SEQ: commands inside VMs, with the VM's own exit status.

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>
#include <set>

#include "app/modes.h"
#include "app/reconcile.h"
#include "shell/posix.h"
#include "transport/kept_session.h"
#include "util/suggest.h"

extern char** environ;

namespace dcod::app {

namespace {

const core::DesiredVm* find_vm(const core::DesiredState& d, const std::string& name) {
  for (const core::DesiredHost& h : d.hosts) {
    for (const core::DesiredVm& vm : h.vms) {
      if (vm.name == name) return &vm;
    }
  }
  return nullptr;
}

/// Runs argv with this process's stdin, stdout and stderr; returns its exit status.
int run_inheriting(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0) return 127;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return 127;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

bool vm_exists(const core::DesiredVm& vm) {
  return ::access(("/run/netns/" + vm.netns).c_str(), F_OK) == 0;
}

/// The host a VM is placed on.
const core::DesiredHost& host_of(const core::DesiredState& d, const core::DesiredVm& vm) {
  for (const core::DesiredHost& h : d.hosts) {
    for (const core::DesiredVm& v : h.vms) {
      if (&v == &vm) return h;
    }
  }
  return d.hosts.front();
}

/// Runs a command line on a remote host over SSH, printing what it printed; its exit status.
int run_remote(const Reconcile& r, const core::DesiredHost& host, const std::string& command,
               std::ostream& out) {
  auto endpoint = r.access.endpoints.find(host.name);
  if (endpoint == r.access.endpoints.end()) {
    auto refused = r.access.refused.find(host.name);
    std::cerr << "dcod: "
              << (refused != r.access.refused.end() ? refused->second : "cannot reach " + host.name)
              << "\n";
    return k_exit_failed;
  }
  auto transport = plugins::connect_kept(endpoint->second, r.access.options);
  if (!transport) {
    std::cerr << "dcod: " << transport.error().message << "\n";
    if (!transport.error().hint.empty()) std::cerr << "  hint: " << transport.error().hint << "\n";
    return k_exit_failed;
  }
  auto result = (*transport)->run_script(command + "\n", script_timeout());
  if (!result) {
    std::cerr << "dcod: " << result.error().message << "\n";
    return k_exit_failed;
  }
  out << result->out << std::flush;
  std::cerr << result->err << std::flush;
  if (result->timed_out) {
    std::cerr << "dcod: the command timed out on " << host.name << "\n";
    return k_exit_failed;
  }
  return result->exit_status;
}

std::optional<std::vector<const core::DesiredVm*>> selected_vms(const Reconcile& r,
                                                                const CliOptions& o) {
  std::vector<const core::DesiredVm*> out;
  if (o.vms.empty()) {
    for (const core::DesiredHost& h : r.desired.hosts) {
      for (const core::DesiredVm& vm : h.vms) out.push_back(&vm);
    }
    return out;
  }
  std::vector<std::string> names;
  for (const core::Vm& vm : r.scenario.vms) names.push_back(vm.name);
  for (const std::string& name : o.vms) {
    const core::DesiredVm* vm = find_vm(r.desired, name);
    if (!vm) {
      std::cerr << "dcod: -M: VM '" << name << "' is not in the scenario "
                << did_you_mean(name, names) << "\n";
      return std::nullopt;
    }
    out.push_back(vm);
  }
  return out;
}

}  // namespace

int run_exec(const CliOptions& options) {
  auto r = prepare(options);
  if (!r) return k_exit_usage;
  const core::DesiredVm* vm = find_vm(r->desired, options.exec_vm);
  if (!vm) {
    std::vector<std::string> names;
    for (const core::Vm& v : r->scenario.vms) names.push_back(v.name);
    std::cerr << "dcod: --exec: VM '" << options.exec_vm << "' is not in the scenario "
              << did_you_mean(options.exec_vm, names) << "\n";
    return k_exit_usage;
  }
  std::vector<std::string> argv = {"ip", "netns", "exec", vm->netns};
  argv.insert(argv.end(), options.command.begin(), options.command.end());
  const core::DesiredHost& host = host_of(r->desired, *vm);
  if (!host.simulated) return run_remote(*r, host, "exec " + plugins::sh_join(argv), std::cout);
  if (!vm_exists(*vm)) {
    std::cerr << "dcod: --exec: VM '" << vm->name << "' does not exist; run --create first\n";
    return k_exit_failed;
  }
  return run_inheriting(argv);
}

int run_sequence(const CliOptions& options) {
  auto r = prepare(options);
  if (!r) return k_exit_usage;
  auto vms = selected_vms(*r, options);
  if (!vms) return k_exit_usage;
  std::set<std::string> sequences;
  for (const core::Vm& vm : r->scenario.vms) {
    for (const core::Exec& e : vm.execs) sequences.insert(e.seq);
  }
  if (!sequences.count(options.sequence)) {
    std::vector<std::string> names(sequences.begin(), sequences.end());
    std::cerr << "dcod: -x: no VM has the exec sequence '" << options.sequence << "' "
              << did_you_mean(options.sequence, names) << "\n";
    return k_exit_usage;
  }
  int status = k_exit_ok;
  for (const core::DesiredVm* vm : *vms) {
    const core::Vm& model = r->scenario.vms[r->scenario.vm_index.at(vm->name)];
    for (const core::Exec& e : model.execs) {
      if (e.seq != options.sequence) continue;
      std::cout << vm->name << ": " << e.command << std::endl;
      if (run_inheriting({"ip", "netns", "exec", vm->netns, "sh", "-c", e.command}) != 0)
        status = k_exit_failed;
    }
  }
  return status;
}

}  // namespace dcod::app
