// Rules for a VM that is the director itself (director="yes", VNX's <host>): it joins its nets
// through a simulated host, which lives on the director, and dcod touches nothing of the
// director but the links it makes for it and the routes through them.

#include <algorithm>

#include "validate/rules.h"
#include "validate/validator.h"

namespace dcod::core {

namespace {

void check_director_host(const Scenario& s, const Vm& vm, Diagnostics& d) {
  auto host = std::find_if(s.hosts.begin(), s.hosts.end(),
                           [&](const Host& h) { return h.name == vm.pinned_host; });
  if (vm.pinned_host.empty()) {
    d.error(vm.where, path_of_vm(vm), "the director joins its nets through a simulated host",
            "pin VM '" + vm.name + "' with host=\"...\" to a host without address");
  } else if (host != s.hosts.end() && !host->is_simulated()) {
    d.error(vm.where, path_of_vm(vm),
            "host '" + host->name +
                "' is not simulated: the director joins its nets only "
                "through a simulated host",
            "pin VM '" + vm.name + "' to a host without address");
  }
}

void check_director_parts(const Vm& vm, Diagnostics& d) {
  if (vm.interfaces.empty())
    d.error(vm.where, path_of_vm(vm), "director VM '" + vm.name + "' has no interface",
            "give it at least one <if>: the director joins the nets of its interfaces");
  if (vm.forwarding != Forwarding::none)
    d.error(vm.where, path_of_vm(vm) + "/forwarding", "dcod leaves the director's forwarding alone",
            "drop <forwarding> from VM '" + vm.name + "'");
  if (!vm.execs.empty())
    d.error(vm.execs.front().where, path_of_vm(vm) + "/exec",
            "dcod runs no commands on the director", "run them in a shell here yourself");
  for (const Route& r : vm.routes) {
    if (!r.destination)
      d.error(r.where, path_of_vm(vm) + "/route[default]",
              "dcod leaves the director's default route alone",
              "route the prefixes of the scenario instead, for example 10.0.0.0/16");
  }
}

}  // namespace

void check_director(const Scenario& s, Diagnostics& d) {
  for (const Vm& vm : s.vms) {
    if (!vm.on_director) continue;
    check_director_host(s, vm, d);
    check_director_parts(vm, d);
  }
}

}  // namespace dcod::core
