// --exec VM -- CMD and -x SEQ: commands inside VMs, run by the backend of the VM's host (one path
// for both, whatever the host); --exec returns the command's own exit status.

#include <algorithm>
#include <iostream>
#include <set>

#include "app/modes.h"
#include "app/reconcile.h"
#include "app/scenario_input.h"
#include "util/suggest.h"

namespace dcod::app {

namespace {

/// The host (index into the desired state) that holds VM `name`, or nullopt.
std::optional<std::size_t> host_of(const core::DesiredState& d, const std::string& name) {
  for (std::size_t h = 0; h < d.hosts.size(); ++h) {
    for (const core::DesiredVm& vm : d.hosts[h].vms) {
      if (vm.name == name) return h;
    }
  }
  return std::nullopt;
}

/// A VM the scenario does not have: the message with a did-you-mean, exit status 2.
int unknown_vm(const Reconcile& r, const std::string& flag, const std::string& name) {
  std::vector<std::string> names;
  for (const core::Vm& vm : r.scenario.vms) names.push_back(vm.name);
  std::cerr << "dcod: " << flag << ": VM '" << name << "' is not in the scenario "
            << did_you_mean(name, names) << "\n";
  return k_exit_usage;
}

/// True (after the message) when the VM's host's backend runs no commands in its guests.
bool guest_closed(const Reconcile& r, const Invocation& invocation, const std::string& flag,
                  const std::string& vm) {
  const core::DesiredHost& host = r.desired.hosts[*host_of(r.desired, vm)];
  bool director = std::any_of(host.vms.begin(), host.vms.end(), [&](const core::DesiredVm& d) {
    return d.name == vm && d.on_director;
  });
  if (director) {
    print_error(Error{flag + ": '" + vm + "' is the director itself, not a VM",
                      "run the command here, without dcod; nothing was run", ErrorCode::invalid});
    return true;
  }
  const core::BackendCatalog catalog = invocation.backends.catalog();  // a copy: keep it here
  const core::BackendTraits* traits = core::find_traits(catalog, host.backend);
  if (!traits || traits->configures_guests) return false;
  print_error(Error{flag + ": VM '" + vm + "' is on " + traits->label + " host '" + host.name +
                        "': running commands is not supported for " + traits->label + " VMs",
                    "reach the guest over its own network or console; nothing was run",
                    ErrorCode::invalid});
  return true;
}

/// Runs commands in one VM through its host's backend; nullopt (and the message) on failure.
std::optional<std::vector<core::CommandOutcome>> run_in(
    Reconcile& r, const std::string& vm, const std::vector<core::VmCommand>& commands,
    bool attach) {
  std::size_t h = *host_of(r.desired, vm);
  auto outcomes = r.backends.hosts[h]->run_in_vm(vm, commands, attach);
  if (!outcomes) {
    Error e = outcomes.error();
    e.context.object = "VM " + vm;
    print_error(on_host(e, r.desired.hosts[h].name));
    return std::nullopt;
  }
  return std::move(*outcomes);
}

/// The VMs -M names (all of them without -M); nullopt when one is not in the scenario.
std::optional<std::vector<std::string>> selected_vms(const Reconcile& r, const CliOptions& o) {
  std::vector<std::string> out;
  if (o.vms.empty()) {
    for (const core::DesiredHost& h : r.desired.hosts) {
      for (const core::DesiredVm& vm : h.vms) out.push_back(vm.name);
    }
    return out;
  }
  for (const std::string& name : o.vms) {
    if (!host_of(r.desired, name)) {
      unknown_vm(r, "-M", name);
      return std::nullopt;
    }
    out.push_back(name);
  }
  return out;
}

}  // namespace

int run_exec(const Invocation& invocation) {
  const CliOptions& options = invocation.options;
  auto r = prepare(invocation);
  if (!r) return k_exit_usage;
  if (!host_of(r->desired, options.exec_vm)) return unknown_vm(*r, "--exec", options.exec_vm);
  if (guest_closed(*r, invocation, "--exec", options.exec_vm)) return k_exit_usage;
  auto outcomes = run_in(*r, options.exec_vm, {{options.command}}, true);
  if (!outcomes) return k_exit_failed;
  const core::CommandOutcome& o = outcomes->front();
  std::cout << o.out << std::flush;
  std::cerr << o.err << std::flush;
  return o.ran ? o.exit_status : k_exit_failed;
}

int run_sequence(const Invocation& invocation) {
  const CliOptions& options = invocation.options;
  auto r = prepare(invocation);
  if (!r) return k_exit_usage;
  auto vms = selected_vms(*r, options);
  if (!vms) return k_exit_usage;
  std::set<std::string> sequences;
  for (const core::Vm& vm : r->scenario.vms) {
    for (const core::Exec& e : vm.execs) sequences.insert(e.seq);
  }
  if (!sequences.count(options.sequence)) {
    std::vector<std::string> names(sequences.begin(), sequences.end());
    std::string known;
    for (const std::string& n : names) known += (known.empty() ? "" : ", ") + n;
    std::string suggestion = did_you_mean(options.sequence, names);
    std::cerr << "dcod: -x: no VM has the exec sequence '" << options.sequence << "'"
              << (suggestion.empty() ? "" : " (" + suggestion + ")") << "\n  hint: "
              << (known.empty() ? "no VM of the scenario has an <exec seq=...>"
                                : "the VMs have: " + known)
              << "\n";
    return k_exit_usage;
  }
  bool closed = false;
  for (const std::string& vm : *vms) {
    const core::Vm& model = r->scenario.vms[r->scenario.vm_index.at(vm)];
    bool has = std::any_of(model.execs.begin(), model.execs.end(),
                           [&](const core::Exec& e) { return e.seq == options.sequence; });
    closed |= has && guest_closed(*r, invocation, "-x", vm);
  }
  if (closed) return k_exit_usage;
  int status = k_exit_ok;
  for (const std::string& vm : *vms) {
    const core::Vm& model = r->scenario.vms[r->scenario.vm_index.at(vm)];
    std::vector<std::string> lines;
    std::vector<core::VmCommand> commands;
    for (const core::Exec& e : model.execs) {
      if (e.seq != options.sequence) continue;
      lines.push_back(e.command);
      commands.push_back({{"sh", "-c", e.command}});  // a multi-line body is one script
    }
    if (commands.empty()) continue;
    auto outcomes = run_in(*r, vm, commands, false);
    if (!outcomes) {
      status = k_exit_failed;
      continue;
    }
    for (std::size_t k = 0; k < commands.size(); ++k) {
      const core::CommandOutcome& o = (*outcomes)[k];
      std::cout << vm << ": " << lines[k] << "\n" << o.out << std::flush;
      std::cerr << o.err << std::flush;
      if (!o.ran || o.exit_status != 0) status = k_exit_failed;
    }
  }
  return status;
}

}  // namespace dcod::app
