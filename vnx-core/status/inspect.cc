// Builds the --status report: each desired VM interface and VTEP of a host matched against what
// was observed and against the plan's actions on that host.

#include "status/inspect.h"

#include <algorithm>
#include <set>

#include "plan/plan_text.h"

namespace dcod::core {

const char* state_word(RowState state) {
  switch (state) {
    case RowState::in_sync:
      return "in sync";
    case RowState::drift:
      return "drift";
    case RowState::missing:
      return "missing";
  }
  return "?";
}

namespace {

bool is_vtep_part(ObjectKind kind) {
  return kind == ObjectKind::bridge || kind == ObjectKind::tunnel ||
         kind == ObjectKind::flood_entry || kind == ObjectKind::fdb_entry ||
         kind == ObjectKind::neigh_entry;
}

/// The plan's actions on one place, and what they touch.
struct Touched {
  std::size_t actions = 0;
  std::set<std::string> vms;                               // the VM itself or its config
  std::set<std::pair<std::string, std::uint32_t>> ifaces;  // (vm, interface id)
  std::set<std::uint32_t> vnis;                            // a VTEP's parts

  Touched(const Plan& plan, const std::string& place) {
    for (const Action& a : plan.actions) {
      if (plan.place_of(a) != place) continue;
      ++actions;
      std::string vm = vm_of(a);
      bool per_interface = a.kind == ObjectKind::vm_interface || a.kind == ObjectKind::vm_addresses;
      if (!vm.empty() && per_interface)
        ifaces.insert({vm, a.target.iface.id});
      else if (!vm.empty())
        vms.insert(vm);
      else if (is_vtep_part(a.kind))
        vnis.insert(a.target.vtep.vni);
    }
  }
};

std::vector<std::string> texts(const std::vector<IpPrefix>& prefixes) {
  std::vector<std::string> out;
  for (const IpPrefix& p : prefixes) out.push_back(p.to_string());
  return out;
}

RowState interface_state(const ObservedVm* vm, const DesiredInterface* i, const Touched& t,
                         const std::string& name) {
  if (!vm) return RowState::missing;
  if (i && !vm->interfaces.count(i->id)) return RowState::missing;
  bool touched = t.vms.count(name) || (i && t.ifaces.count({name, i->id}));
  return touched ? RowState::drift : RowState::in_sync;
}

/// The rows of the VMs the host should hold, then of those found that it should not.
std::vector<InterfaceRow> interface_rows(const DesiredHost& want, const ObservedHost& seen,
                                         const Touched& t) {
  std::vector<InterfaceRow> rows;
  for (const DesiredVm& vm : want.vms) {
    auto found = seen.vms.find(vm.name);
    const ObservedVm* o = found == seen.vms.end() ? nullptr : &found->second;
    if (vm.interfaces.empty())
      rows.push_back({vm.name,
                      "",
                      "",
                      0,
                      "",
                      {},
                      interface_state(o, nullptr, t, vm.name),
                      true,
                      o != nullptr});
    for (const DesiredInterface& i : vm.interfaces)
      rows.push_back({vm.name, i.label(), i.net, i.vni, i.mac.to_string(), texts(i.addresses),
                      interface_state(o, &i, t, vm.name), true, o != nullptr});
  }
  for (const auto& [name, o] : seen.vms) {
    bool wanted = std::any_of(want.vms.begin(), want.vms.end(),
                              [&, name = name](const DesiredVm& vm) { return vm.name == name; });
    if (wanted) continue;
    if (o.interfaces.empty())
      rows.push_back({name, "", "", 0, "", {}, RowState::drift, false, true});
    for (const auto& [id, i] : o.interfaces)
      rows.push_back({name, "eth" + std::to_string(id), i.net, i.vni.value_or(0),
                      i.mac ? i.mac->to_string() : "",
                      texts(i.addresses.value_or(std::vector<IpPrefix>{})), RowState::drift, false,
                      true});
  }
  return rows;
}

std::vector<VtepRow> vtep_rows(const DesiredHost& want, const ObservedHost& seen,
                               const Touched& t) {
  std::vector<VtepRow> rows;
  for (const DesiredVtep& v : want.vteps) {
    VtepRow row{v.vni, v.net, {}, RowState::in_sync};
    for (const Endpoint& peer : v.flood) row.flood.push_back(peer.describe());
    if (!seen.vteps.count(v.vni))
      row.state = RowState::missing;
    else if (t.vnis.count(v.vni))
      row.state = RowState::drift;
    rows.push_back(std::move(row));
  }
  for (const auto& [vni, o] : seen.vteps) {
    bool wanted = std::any_of(want.vteps.begin(), want.vteps.end(),
                              [&, vni = vni](const DesiredVtep& v) { return v.vni == vni; });
    if (wanted) continue;
    std::string net = o.tunnel ? o.tunnel->net : o.bridge ? o.bridge->net : "";
    rows.push_back({vni, net, {}, RowState::drift, false});
  }
  return rows;
}

bool holds_nothing(const ObservedHost& seen) {
  return seen.vms.empty() && seen.vteps.empty() && !seen.base.exists;
}

HostStatus host_status(std::uint32_t h, const DesiredState& desired, const ObservedState& observed,
                       const Plan& plan, const std::vector<Move>& moved) {
  const DesiredHost& want = desired.hosts[h];
  const ObservedHost& seen = observed.hosts[h];
  HostStatus s;
  s.name = want.name;
  if (want.present)  // a host gone from the scenario has no end point to show
    s.endpoint = want.endpoint.known() ? want.endpoint.address : "known once its proxy runs";
  auto refusal = std::find_if(plan.refusals.begin(), plan.refusals.end(),
                              [&](const Refusal& r) { return r.host == h; });
  if (!seen.reachable) {
    s.state = "unreachable";
    s.why = describe(seen.error);
    return s;
  }
  if (refusal != plan.refusals.end()) {
    s.state = "refused";
    s.why = describe_with_hint(refusal->why);
    return s;
  }
  Touched t(plan, want.name);
  s.to_fix = t.actions;
  s.interfaces = interface_rows(want, seen, t);
  s.vteps = vtep_rows(want, seen, t);
  s.lines = host_lines(plan, want.name, moved);
  bool wants_something = !want.vms.empty() || !want.vteps.empty();
  s.state = holds_nothing(seen) && wants_something ? "not created"
            : t.actions                            ? "drift"
                                                   : "in sync";
  return s;
}

/// A place the plan works on that is no longer one of the scenario's hosts (or the director).
HostStatus place_status(const std::string& place, const Plan& plan,
                        const std::vector<Move>& moved) {
  HostStatus s;
  s.name = place;
  s.director = place == plan.host_names.back();
  Touched t(plan, place);
  s.to_fix = t.actions;
  s.lines = host_lines(plan, place, moved);
  s.state = t.actions ? "drift" : "in sync";
  return s;
}

std::vector<NetRow> net_rows(const Scenario& scenario, const DesiredState& desired,
                             const ObservedState& observed, const Plan& plan) {
  std::vector<NetRow> rows;
  for (const Net& net : scenario.nets) {
    NetRow row{net.name, net.vni, {}, RowState::in_sync};
    bool found = false;
    for (std::uint32_t h = 0; h < desired.hosts.size(); ++h) {
      const DesiredHost& host = desired.hosts[h];
      bool carries = std::any_of(host.vteps.begin(), host.vteps.end(),
                                 [&](const DesiredVtep& v) { return v.vni == net.vni; });
      if (carries) row.hosts.push_back(host.name);
      found |= observed.hosts[h].vteps.count(net.vni) > 0;
    }
    bool touched = std::any_of(plan.actions.begin(), plan.actions.end(), [&](const Action& a) {
      return a.target.vtep.vni == net.vni || a.target.iface.vni == net.vni;
    });
    row.state = !found && !row.hosts.empty() ? RowState::missing
                : touched                    ? RowState::drift
                                             : RowState::in_sync;
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string overall(const ObservedState& observed, const Plan& plan) {
  bool unobserved = !observed.site.reachable || !plan.refusals.empty() ||
                    std::any_of(observed.hosts.begin(), observed.hosts.end(),
                                [](const ObservedHost& h) { return !h.reachable; });
  if (unobserved) return "not observed";
  if (plan.empty()) return "in sync";
  bool nothing = !observed.site.underlay_exists && observed.site.leftovers.empty() &&
                 std::all_of(observed.hosts.begin(), observed.hosts.end(), holds_nothing);
  return nothing ? "not created" : "drift";
}

}  // namespace

StatusReport inspect(const Scenario& scenario, const DesiredState& desired,
                     const ObservedState& observed, const Plan& plan) {
  StatusReport r;
  r.scenario = desired.scenario;
  std::vector<Move> moved = moves(plan);
  r.nets = net_rows(scenario, desired, observed, plan);
  std::set<std::string> hosts;
  for (std::uint32_t h = 0; h < desired.hosts.size(); ++h) {
    if (!desired.hosts[h].present && observed.hosts[h].reachable &&
        Touched(plan, desired.hosts[h].name).actions == 0)
      continue;  // gone from the scenario, and nothing of it is left there
    r.hosts.push_back(host_status(h, desired, observed, plan, moved));
    hosts.insert(desired.hosts[h].name);
  }
  for (const std::string& place : plan.places()) {
    if (!hosts.count(place)) r.hosts.push_back(place_status(place, plan, moved));
  }
  r.state = overall(observed, plan);
  return r;
}

}  // namespace dcod::core
