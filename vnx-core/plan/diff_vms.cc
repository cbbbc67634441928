// The VM part of the diff: namespaces, veth pairs, addresses, routes, forwarding, on_boot; owned
// veths of VMs or interfaces that are no longer wanted here are deleted.

#include <algorithm>
#include <set>

#include "plan/plan_builder.h"

namespace dcod::core {

namespace {

ActionTarget vm_target(const DesiredHost& want, const DesiredVm& vm) {
  ActionTarget t;
  t.netns = want.netns;
  t.name = vm.name;
  t.vm = vm;
  return t;
}

std::vector<IpPrefix> sorted(std::vector<IpPrefix> v) {
  std::sort(v.begin(), v.end());
  return v;
}

bool forwarding_matches(const DesiredVm& vm, const ObservedVm& seen) {
  bool v4 = vm.forwarding == Forwarding::ip || vm.forwarding == Forwarding::ipv4;
  bool v6 = vm.forwarding == Forwarding::ip || vm.forwarding == Forwarding::ipv6;
  return seen.forwarding_v4 == v4 && seen.forwarding_v6 == v6;
}

/// Creates or repairs one interface; returns the action that touches it, if any.
std::optional<std::size_t> diff_interface(std::uint32_t h, const DesiredHost& want,
                                          const ObservedHost& have, const DesiredVm& vm,
                                          const ObservedVm* seen, const DesiredInterface& i,
                                          std::vector<std::size_t> deps, PlanBuilder& b) {
  depend_on(deps, b.provider(want.name + "/bridge/" + i.bridge));
  depend_on(deps, b.provider("unveth/" + i.host_name));  // a VM moving in from another host
  ActionTarget t = vm_target(want, vm);
  t.iface = i;
  std::string what = "interface " + vm.name + "/" + i.guest_name + " on " + i.bridge;
  const ObservedLink* host_side = have.link(i.host_name);
  const ObservedLink* guest = seen ? seen->link(i.guest_name) : nullptr;
  if (!host_side || !guest) {
    t.recreate = guest != nullptr;  // a guest end left without its pair is removed first
    return b.add(h, ActionOp::create, ObjectKind::vm_interface, what, t, deps);
  }
  bool link_ok = host_side->master == i.bridge && host_side->mtu == i.mtu && host_side->up &&
                 host_side->alias == i.alias && guest->mtu == i.mtu && guest->up &&
                 guest->mac == i.mac;
  if (!link_ok) return b.add(h, ActionOp::change, ObjectKind::vm_interface, what, t, deps);
  if (sorted(guest->addresses) != sorted(i.addresses)) {
    return b.add(h, ActionOp::change, ObjectKind::vm_addresses,
                 "addresses " + vm.name + "/" + i.guest_name, t, deps);
  }
  return std::nullopt;
}

void diff_vm(std::uint32_t h, const DesiredHost& want, const ObservedHost& have,
             const DesiredVm& vm, std::optional<std::size_t> base, PlanBuilder& b) {
  auto found = have.vms.find(vm.name);
  const ObservedVm* seen = found == have.vms.end() ? nullptr : &found->second;
  std::vector<std::size_t> deps;
  depend_on(deps, base);
  std::optional<std::size_t> created;
  if (!seen) {
    created = b.add(h, ActionOp::create, ObjectKind::vm_netns, "vm " + vm.name, vm_target(want, vm),
                    deps);
    deps.push_back(*created);
  } else if (const ObservedLink* lo = seen->link("lo"); !lo || !lo->up) {
    // A namespace left half-made (its maker was killed): finish its set-up.
    deps.push_back(b.add(h, ActionOp::change, ObjectKind::vm_netns, "vm " + vm.name,
                         vm_target(want, vm), deps));
  }
  std::vector<std::size_t> after_interfaces = deps;
  for (const DesiredInterface& i : vm.interfaces) {
    depend_on(after_interfaces, diff_interface(h, want, have, vm, seen, i, deps, b));
  }
  std::vector<DesiredRoute> routes = vm.routes;
  std::sort(routes.begin(), routes.end());
  // Routes through a recreated interface are gone with it.
  bool interface_recreated =
      std::any_of(vm.interfaces.begin(), vm.interfaces.end(),
                  [&](const DesiredInterface& i) { return !have.link(i.host_name); });
  std::vector<DesiredRoute> seen_routes;
  if (seen && !interface_recreated) seen_routes = seen->routes;
  std::sort(seen_routes.begin(), seen_routes.end());
  std::vector<std::size_t> after_config = after_interfaces;
  if (routes != seen_routes) {
    after_config.push_back(b.add(h, seen ? ActionOp::change : ActionOp::create,
                                 ObjectKind::vm_routes, "routes " + vm.name, vm_target(want, vm),
                                 after_interfaces));
  }
  if (seen ? !forwarding_matches(vm, *seen) : vm.forwarding != Forwarding::none) {
    after_config.push_back(b.add(h, seen ? ActionOp::change : ActionOp::create,
                                 ObjectKind::vm_forwarding, "forwarding " + vm.name,
                                 vm_target(want, vm), after_interfaces));
  }
  // on_boot runs when the VM is made, as VNX runs it at boot; never again on an existing VM.
  if (created && !vm.on_boot.empty()) {
    b.add(h, ActionOp::create, ObjectKind::vm_boot, "on_boot " + vm.name, vm_target(want, vm),
          after_config);
  }
}

void remove_unwanted_veths(std::uint32_t h, const DesiredHost& want, const ObservedHost& have,
                           PlanBuilder& b) {
  std::set<std::string> wanted;
  for (const DesiredVm& vm : want.vms) {
    for (const DesiredInterface& i : vm.interfaces) wanted.insert(i.host_name);
  }
  for (const ObservedLink& link : have.links) {
    if (link.kind != "veth" || link.name.rfind("dv", 0) != 0 || wanted.count(link.name)) continue;
    ActionTarget t;
    t.netns = want.netns;
    t.name = link.name;
    std::size_t a =
        b.add(h, ActionOp::remove, ObjectKind::vm_interface, "interface " + link.name, t, {});
    b.provides("unveth/" + link.name, a);
  }
}

}  // namespace

void diff_vm_removals(std::uint32_t h, const DesiredHost& want, const ObservedHost& have,
                      PlanBuilder& b) {
  remove_unwanted_veths(h, want, have, b);
  if (want.simulated) return;  // the director removes VM namespaces of simulated hosts
  std::set<std::string> wanted;
  for (const DesiredVm& vm : want.vms) wanted.insert(vm.name);
  for (const auto& [name, vm] : have.vms) {
    if (wanted.count(name)) continue;
    ActionTarget t;
    t.name = vm.netns;
    b.add(h, ActionOp::remove, ObjectKind::vm_netns, "vm " + name, t, {});
  }
}

void diff_vms(std::uint32_t h, const DesiredHost& want, const ObservedHost& have,
              std::optional<std::size_t> base, PlanBuilder& b) {
  for (const DesiredVm& vm : want.vms) diff_vm(h, want, have, vm, base, b);
}

}  // namespace dcod::core
