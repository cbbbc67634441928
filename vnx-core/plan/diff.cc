// The diff: desired vs observed, host by host, plus the director's machine-level objects
// (underlay, namespaces of simulated hosts and of VMs no host wants any more).

#include "plan/diff.h"

#include <algorithm>
#include <set>

#include "desire/naming.h"
#include "plan/plan_builder.h"

namespace dcod::core {

std::size_t PlanBuilder::add(std::uint32_t host, ActionOp op, ObjectKind kind, std::string summary,
                             ActionTarget target, std::vector<std::size_t> deps) {
  m_plan.actions.push_back(
      {host, op, kind, std::move(summary), std::move(deps), std::move(target)});
  return m_plan.actions.size() - 1;
}

std::optional<std::size_t> PlanBuilder::provider(const std::string& key) const {
  auto it = m_providers.find(key);
  if (it == m_providers.end()) return std::nullopt;
  return it->second;
}

void depend_on(std::vector<std::size_t>& deps, std::optional<std::size_t> index) {
  if (index) deps.push_back(*index);
}

namespace {

bool has_netns(const ObservedMachine& m, const std::string& name) {
  for (const std::string& n : m.netns) {
    if (n == name) return true;
  }
  return false;
}

std::optional<std::size_t> diff_underlay(const DesiredState& want, const ObservedMachine& have,
                                         std::uint32_t director, PlanBuilder& b) {
  std::string netns = underlay_netns_name(want.scenario);
  bool exists = has_netns(have, netns);
  if (!want.underlay) {
    if (!exists) return std::nullopt;
    ActionTarget t;
    t.netns = netns;
    return b.add(director, ActionOp::remove, ObjectKind::underlay, "underlay " + netns, t, {});
  }
  if (exists && have.underlay_bridge) return std::nullopt;
  ActionTarget t;
  t.netns = netns;
  t.underlay = *want.underlay;
  return b.add(director, exists ? ActionOp::change : ActionOp::create, ObjectKind::underlay,
               "underlay " + netns + " (" + want.underlay->subnet.to_string() + ")", t, {});
}

/// Namespaces of this scenario on the director that no present host or VM wants.
void remove_orphan_namespaces(const DesiredState& want, const ObservedMachine& have,
                              std::uint32_t director, PlanBuilder& b) {
  std::set<std::string> wanted = {underlay_netns_name(want.scenario)};  // diff_underlay's
  for (const DesiredHost& h : want.hosts) {
    if (!h.present) continue;
    if (h.simulated) wanted.insert(h.netns);
    for (const DesiredVm& vm : h.vms) {
      if (h.simulated) wanted.insert(vm.netns);
    }
  }
  for (const std::string& ns : have.netns) {
    if (wanted.count(ns)) continue;
    ActionTarget t;
    t.name = ns;
    b.add(director, ActionOp::remove, ObjectKind::vm_netns, "namespace " + ns, t, {});
  }
}

/// A simulated host's underlay link works: its NIC up with its address, its port on the bridge.
bool underlay_link_ok(const DesiredHost& host, const DesiredUnderlay& underlay,
                      const ObservedHost& have, const ObservedMachine& machine) {
  const ObservedLink* nic = have.link(std::string(k_host_underlay_nic));
  if (!have.netns_exists || !nic || !nic->up || nic->mtu != underlay.mtu) return false;
  auto address = parse_ip_prefix(
      host.underlay_address + "/" + std::to_string(underlay.subnet.length), IpFamily::v4);
  bool addressed =
      std::find(nic->addresses.begin(), nic->addresses.end(), *address) != nic->addresses.end();
  bool attached = std::find(machine.underlay_ports.begin(), machine.underlay_ports.end(),
                            host.underlay_port) != machine.underlay_ports.end();
  return addressed && attached;
}

/// A simulated host's namespace and underlay link; returns the action all its others wait for.
std::optional<std::size_t> diff_host_netns(std::uint32_t h, const DesiredState& want,
                                           const ObservedHost& have, const ObservedMachine& machine,
                                           std::optional<std::size_t> underlay, PlanBuilder& b) {
  const DesiredHost& host = want.hosts[h];
  if (!host.simulated || underlay_link_ok(host, *want.underlay, have, machine)) return std::nullopt;
  ActionTarget t;
  t.netns = host.netns;
  t.name = host.name;
  t.host = host;
  t.underlay = *want.underlay;
  std::vector<std::size_t> deps;
  depend_on(deps, underlay);
  return b.add(h, have.netns_exists ? ActionOp::change : ActionOp::create, ObjectKind::host_netns,
               "host " + host.name + " (underlay " + host.underlay_address + ")", t, deps);
}

}  // namespace

Plan diff(const DesiredState& want, const ObservedState& have) {
  Plan plan;
  for (const DesiredHost& h : want.hosts) plan.host_names.push_back(h.name);
  plan.host_names.push_back("director");
  PlanBuilder b(plan);
  const std::uint32_t director = plan.director();
  auto underlay = diff_underlay(want, have.machine, director, b);
  remove_orphan_namespaces(want, have.machine, director, b);
  // Removals first, on every host, so that creations can wait for them (a VM moving between
  // simulated hosts). An absent simulated host goes with its namespace, nothing else to do.
  for (std::uint32_t h = 0; h < want.hosts.size(); ++h) {
    const DesiredHost& host = want.hosts[h];
    if (!have.hosts[h].reachable || (host.simulated && !host.present)) continue;
    diff_vm_removals(h, host, have.hosts[h], b);
  }
  for (std::uint32_t h = 0; h < want.hosts.size(); ++h) {
    const DesiredHost& host = want.hosts[h];
    const ObservedHost& seen = have.hosts[h];
    if (!seen.reachable || (host.simulated && !host.present)) continue;
    auto base =
        host.present ? diff_host_netns(h, want, seen, have.machine, underlay, b) : std::nullopt;
    diff_proxy(h, host, seen, base, b);
    diff_vms(h, host, seen, base, b);
  }
  return plan;
}

}  // namespace dcod::core
