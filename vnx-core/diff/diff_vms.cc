// The VM part of the diff: VMs, their interfaces, addresses, routes, forwarding and on_boot.
// Whatever an action replaces, everything that depends on it is applied again in the same run:
// routes go with the addresses and interfaces they lead through.

#include <algorithm>
#include <set>

#include "diff/change_words.h"
#include "diff/plan_builder.h"

namespace dcod::core {

namespace {

std::vector<IpPrefix> sorted(std::vector<IpPrefix> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<DesiredRoute> sorted(std::vector<DesiredRoute> v) {
  std::sort(v.begin(), v.end());
  return v;
}

/// The context every action of one VM shares.
struct VmDiff {
  std::uint32_t h;
  const DesiredHost& want;
  const DesiredVm& vm;
  const ObservedVm* seen;  // nullptr: not found (or about to be made anew)
  bool configures;         // the backend configures inside its guests
  PlanBuilder& b;

  ActionTarget target() const {
    ActionTarget t;
    t.name = vm.name;
    t.vm = vm;
    return t;
  }

  /// A VM whose on_boot commands did not run to their end (a run cut while making it): made
  /// anew, so that they run once, whole, on a fresh VM.
  bool boot_unfinished() const {
    return seen && configures && !vm.on_boot.empty() && !seen->booted;
  }

  /// The VM made anew: what is left of it goes first, its interfaces with it.
  std::size_t remade(const std::vector<std::size_t>& deps) {
    ActionTarget t = target();
    t.recreate = true;
    for (const auto& entry : seen->interfaces) {
      const std::uint32_t id = entry.first;  // not a structured binding: clang 14 lambdas
      bool listed = std::any_of(t.vm.interfaces.begin(), t.vm.interfaces.end(),
                                [&](const DesiredInterface& i) { return i.id == id; });
      if (!listed) t.vm.interfaces.push_back(DesiredInterface{id, entry.second.net, 0, {}, 0, {}});
    }
    seen = nullptr;  // its parts are made as for a new VM
    return b.add(h, ActionOp::create, ObjectKind::vm, "vm " + vm.name, t, deps,
                 "its on_boot commands did not finish: made anew");
  }

  /// The VM itself: made when missing, made anew when its boot did not finish, finished when
  /// half made, resized where the backend manages cpus and memory. Returns the action its parts
  /// wait for.
  std::optional<std::size_t> itself(const std::vector<std::size_t>& deps) {
    std::string what = "vm " + vm.name;
    if (boot_unfinished()) return remade(deps);
    if (!seen) return b.add(h, ActionOp::create, ObjectKind::vm, what, target(), deps);
    bool resized = (seen->cpus && *seen->cpus != vm.cpus) ||
                   (seen->memory_mb && *seen->memory_mb != vm.memory_mb);
    if (!seen->complete || resized)
      return b.add(h, ActionOp::change, ObjectKind::vm, what, target(), deps, resizing());
    return std::nullopt;
  }

  /// What a change of the VM itself changes.
  std::string resizing() const {
    ChangeList change;
    if (!seen->complete) change.note("left half made: finished");
    if (seen->cpus) change.add("cpus", std::to_string(*seen->cpus), std::to_string(vm.cpus));
    if (seen->memory_mb)
      change.add("memory", std::to_string(*seen->memory_mb) + " MB",
                 std::to_string(vm.memory_mb) + " MB");
    return change.text();
  }

  /// What differs in an interface's link to its net.
  static std::string relinking(const ObservedInterface& found, const DesiredInterface& i) {
    ChangeList change;
    change.add("net", found.net.empty() ? "none" : found.net, i.net);
    change.add("VTEP", found.vni ? "VNI " + std::to_string(*found.vni) : "none",
               "VNI " + std::to_string(i.vni));
    if (found.mac) change.add("MAC", found.mac->to_string(), i.mac.to_string());
    if (found.mtu) change.add("MTU", std::to_string(*found.mtu), std::to_string(i.mtu));
    change.add("link", up_down(found.up), "up");
    return change.text();
  }

  /// Makes or repairs one interface; returns the action that touches it, if any.
  std::optional<std::size_t> interface(const DesiredInterface& i, std::vector<std::size_t> deps) {
    depend_on(deps, b.provider(want.name + "/bridge/" + std::to_string(i.vni)));
    ActionTarget t = target();
    t.iface = i;
    std::string label = vm.name + "/" + i.label();
    const ObservedInterface* found = nullptr;
    if (seen) {
      auto it = seen->interfaces.find(i.id);
      if (it != seen->interfaces.end()) found = &it->second;
    }
    if (!found || !found->whole) {
      t.recreate = found != nullptr;  // what is left of it goes first
      return b.add(h, ActionOp::create, ObjectKind::vm_interface,
                   "interface " + label + " on " + i.net, t, deps,
                   found ? "what is left of it is replaced" : "");
    }
    bool link_ok = found->vni == i.vni && found->net == i.net && found->up &&
                   (!found->mac || *found->mac == i.mac) && (!found->mtu || *found->mtu == i.mtu);
    if (!link_ok) {
      return b.add(h, ActionOp::change, ObjectKind::vm_interface,
                   "interface " + label + " on " + i.net, t, deps, relinking(*found, i));
    }
    if (configures && found->addresses && sorted(*found->addresses) != sorted(i.addresses)) {
      std::string change = changed_addresses(*found->addresses, i.addresses);
      return b.add(h, ActionOp::change, ObjectKind::vm_addresses, "interface " + label, t, deps,
                   change);
    }
    return std::nullopt;
  }

  /// Interfaces found that the VM no longer has.
  void remove_interfaces(std::vector<std::size_t>& touched) {
    if (!seen) return;
    for (const auto& [id, found] : seen->interfaces) {
      bool wanted = std::any_of(vm.interfaces.begin(), vm.interfaces.end(),
                                [&, id = id](const DesiredInterface& i) { return i.id == id; });
      if (wanted) continue;
      ActionTarget t;
      t.name = vm.name;
      t.vm.name = vm.name;
      t.iface.id = id;
      t.iface.net = found.net;
      touched.push_back(b.add(h, ActionOp::remove, ObjectKind::vm_interface,
                              "interface " + vm.name + "/eth" + std::to_string(id), t, {}));
    }
  }

  /// Routes, set again when they differ or when an interface they may lead through was touched.
  std::optional<std::size_t> routes(bool interfaces_touched, const std::vector<std::size_t>& deps) {
    if (!configures || (seen && !seen->routes)) return std::nullopt;  // not the backend's business
    std::vector<DesiredRoute> found = seen ? sorted(*seen->routes) : std::vector<DesiredRoute>{};
    bool differ = sorted(vm.routes) != found;
    if (!differ && !(interfaces_touched && !vm.routes.empty())) return std::nullopt;
    std::string change = !seen    ? ""
                         : differ ? "routes " + listed(found) + " → " + listed(vm.routes)
                                  : "set again after its interfaces changed";
    return b.add(h, seen ? ActionOp::change : ActionOp::create, ObjectKind::vm_routes,
                 "routes " + vm.name, target(), deps, change);
  }

  std::optional<std::size_t> forwarding(const std::vector<std::size_t>& deps) {
    if (!configures) return std::nullopt;
    bool v4 = vm.forwarding == Forwarding::ip || vm.forwarding == Forwarding::ipv4;
    bool v6 = vm.forwarding == Forwarding::ip || vm.forwarding == Forwarding::ipv6;
    bool differ = seen ? (seen->forwarding_v4 && *seen->forwarding_v4 != v4) ||
                             (seen->forwarding_v6 && *seen->forwarding_v6 != v6)
                       : vm.forwarding != Forwarding::none;
    if (!differ) return std::nullopt;
    ChangeList change;
    if (seen && seen->forwarding_v4) change.add("IPv4", on_off(*seen->forwarding_v4), on_off(v4));
    if (seen && seen->forwarding_v6) change.add("IPv6", on_off(*seen->forwarding_v6), on_off(v6));
    return b.add(h, seen ? ActionOp::change : ActionOp::create, ObjectKind::vm_forwarding,
                 "forwarding " + vm.name, target(), deps, change.text());
  }

  void run(std::optional<std::size_t> base) {
    std::vector<std::size_t> deps;
    depend_on(deps, base);
    depend_on(deps, b.provider("gone/vm/" + vm.name));  // moving in from another host
    auto made = itself(deps);                           // may forget `seen`: a VM made anew
    depend_on(deps, made);
    bool created = made && !seen;
    std::vector<std::size_t> touched;
    remove_interfaces(touched);
    for (const DesiredInterface& i : vm.interfaces) depend_on(touched, interface(i, deps));
    std::vector<std::size_t> after_interfaces = deps;
    after_interfaces.insert(after_interfaces.end(), touched.begin(), touched.end());
    std::vector<std::size_t> after_config = after_interfaces;
    depend_on(after_config, routes(!touched.empty(), after_interfaces));
    depend_on(after_config, forwarding(after_interfaces));
    // on_boot runs when the VM is made, as VNX runs it at boot; never again on an existing VM.
    if (created && configures && !vm.on_boot.empty()) {
      b.add(h, ActionOp::create, ObjectKind::vm_boot, "on_boot " + vm.name, target(), after_config);
    }
  }
};

}  // namespace

void diff_vm_removals(std::uint32_t h, const DesiredHost& want, const ObservedHost& have,
                      PlanBuilder& b) {
  std::set<std::string> wanted;
  for (const DesiredVm& vm : want.vms) wanted.insert(vm.name);
  for (const auto& [name, vm] : have.vms) {
    if (wanted.count(name)) continue;
    ActionTarget t;
    t.name = name;
    t.vm.name = name;
    for (const auto& [id, found] : vm.interfaces) {
      if (found.whole) t.vm.interfaces.push_back(DesiredInterface{id, found.net, 0, {}, 0, {}});
    }
    b.provides("gone/vm/" + name, b.add(h, ActionOp::remove, ObjectKind::vm, "vm " + name, t, {}));
  }
}

void diff_vms(std::uint32_t h, const DesiredHost& want, const ObservedHost& have,
              std::optional<std::size_t> base, PlanBuilder& b) {
  for (const DesiredVm& vm : want.vms) {
    auto found = have.vms.find(vm.name);
    VmDiff{h, want, vm, found == have.vms.end() ? nullptr : &found->second, have.configures_guests,
           b}
        .run(base);
  }
}

}  // namespace dcod::core
