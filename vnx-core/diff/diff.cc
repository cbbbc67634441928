// The diff: desired vs observed, host by host, plus the director's site (the simulated underlay
// and what of the scenario no host claims any more).

#include "diff/diff.h"

#include <algorithm>

#include "diff/change_words.h"
#include "diff/plan_builder.h"

namespace dcod::core {

PlanBuilder::PlanBuilder(Plan& plan, const DesiredState& want) : m_plan(plan) {
  for (const DesiredHost& h : want.hosts) {
    if (h.endpoint.known()) m_host_at.emplace(h.endpoint.address, h.name);
  }
}

std::size_t PlanBuilder::add(std::uint32_t host, ActionOp op, ObjectKind kind, std::string summary,
                             ActionTarget target, std::vector<std::size_t> deps,
                             std::string change) {
  Action& a = m_plan.actions.emplace_back();  // made in place: an Action is large
  a.host = host;
  a.op = op;
  a.kind = kind;
  a.summary = std::move(summary);
  a.change = std::move(change);
  a.deps = std::move(deps);
  a.target = std::move(target);
  return m_plan.actions.size() - 1;
}

std::optional<std::size_t> PlanBuilder::provider(const std::string& key) const {
  auto it = m_providers.find(key);
  if (it == m_providers.end()) return std::nullopt;
  return it->second;
}

std::string PlanBuilder::peer_name(const std::string& address) const {
  auto it = m_host_at.find(address);
  return it == m_host_at.end() ? address : it->second + " (" + address + ")";
}

void depend_on(std::vector<std::size_t>& deps, std::optional<std::size_t> index) {
  if (index) deps.push_back(*index);
}

namespace {

std::optional<std::size_t> diff_underlay(const DesiredState& want, const ObservedSite& have,
                                         std::uint32_t director, PlanBuilder& b) {
  if (!want.underlay) {
    if (!have.underlay_exists) return std::nullopt;
    return b.add(director, ActionOp::remove, ObjectKind::underlay, "underlay", {}, {});
  }
  const DesiredUnderlay& u = *want.underlay;
  if (have.underlay_exists && have.underlay_up && have.underlay_mtu == u.mtu) return std::nullopt;
  ActionTarget t;
  t.underlay = u;
  ChangeList change;
  if (have.underlay_exists) {
    change.add("MTU", std::to_string(have.underlay_mtu), std::to_string(u.mtu));
    change.add("bridge", up_down(have.underlay_up), "up");
  }
  return b.add(director, have.underlay_exists ? ActionOp::change : ActionOp::create,
               ObjectKind::underlay, "underlay " + u.subnet.to_string(), t, {}, change.text());
}

/// Leftovers are the director's to remove; each is listed under the host it lived on.
void remove_leftovers(const ObservedSite& have, std::uint32_t director, PlanBuilder& b) {
  for (const Leftover& left : have.leftovers) {
    ActionTarget t;
    t.name = left.name;
    t.vm.name = left.vm;
    std::size_t a = b.add(director, ActionOp::remove, ObjectKind::leftover, left.label, t, {});
    b.plan().actions[a].lives_on = left.host;
    if (!left.vm.empty()) b.provides("gone/vm/" + left.vm, a);  // a VM moving to another host
  }
}

/// A simulated host's own existence: its namespace, and its link on the underlay with exactly
/// its address. Returns the action all its others wait for.
std::optional<std::size_t> diff_host_base(std::uint32_t h, const DesiredState& want,
                                          const ObservedHost& have,
                                          std::optional<std::size_t> underlay, PlanBuilder& b) {
  const DesiredHost& host = want.hosts[h];
  if (!host.simulated || !want.underlay) return std::nullopt;
  const DesiredUnderlay& u = *want.underlay;
  const ObservedBase& base = have.base;
  auto address =
      parse_ip_prefix(host.endpoint.address + "/" + std::to_string(u.subnet.length), IpFamily::v4);
  bool ok = base.exists && base.up && base.attached && base.mtu == u.mtu && address &&
            base.addresses == std::vector<IpPrefix>{*address};
  if (ok) return std::nullopt;
  ActionTarget t;
  t.name = host.name;
  t.endpoint = host.endpoint;
  t.underlay = u;
  std::vector<std::size_t> deps;
  depend_on(deps, underlay);
  ChangeList change;
  if (base.exists) {
    change.add(address_word(base.addresses.size(), 1), listed(base.addresses),
               address ? address->to_string() : host.endpoint.address);
    change.add("MTU", std::to_string(base.mtu), std::to_string(u.mtu));
    change.add("link", up_down(base.up), "up");
    if (!base.attached) change.note("joined to the underlay again");
  }
  return b.add(h, base.exists ? ActionOp::change : ActionOp::create, ObjectKind::host,
               "host " + host.name + " (underlay " + host.endpoint.address + ")", t, deps,
               change.text());
}

/// Why a host must not be touched: a VNI it should carry is held there by someone else.
std::optional<Error> foreign_use(const DesiredHost& want, const ObservedHost& have) {
  for (const DesiredVtep& v : want.vteps) {
    auto it = have.foreign_vnis.find(v.vni);
    if (it == have.foreign_vnis.end()) continue;
    return Error{"VNI " + std::to_string(v.vni) + " is already used by " + it->second.owner + " (" +
                     it->second.object + ")",
                 "give net '" + v.net + "' another vni=, or destroy the scenario that uses it",
                 ErrorCode::refused, ErrorContext{want.name, "", "", 0, 0}};
  }
  return std::nullopt;
}

/// How many actions making everything from nothing takes, about: room made once for a plan of
/// tens of thousands of actions rather than by moving them all at every doubling.
std::size_t actions_at_most_made(const DesiredState& want) {
  std::size_t n = 1;  // the underlay
  for (const DesiredHost& h : want.hosts) {
    for (const DesiredVtep& v : h.vteps) n += 2 + v.flood.size() + v.fdb.size() + v.neigh.size();
    for (const DesiredVm& vm : h.vms) n += 4 + 2 * vm.interfaces.size();
  }
  return n;
}

}  // namespace

Plan diff(const DesiredState& want, const ObservedState& have) {
  Plan plan;
  plan.file = want.file;
  plan.actions.reserve(actions_at_most_made(want));
  for (const DesiredHost& h : want.hosts) plan.host_names.push_back(h.name);
  plan.host_names.push_back("director");
  PlanBuilder b(plan, want);
  const std::uint32_t director = plan.director();
  std::optional<std::size_t> underlay;
  if (have.site.reachable) {
    underlay = diff_underlay(want, have.site, director, b);
    remove_leftovers(have.site, director, b);
  }
  // A host is worked on when it was observed, nothing forbids it, and it is not a simulated
  // host that is going: the site removes those whole.
  std::vector<bool> active(want.hosts.size());
  for (std::uint32_t h = 0; h < want.hosts.size(); ++h) {
    const DesiredHost& host = want.hosts[h];
    if (!have.hosts[h].reachable || (host.simulated && !host.present)) continue;
    if (auto refused = foreign_use(host, have.hosts[h])) {
      plan.refusals.push_back({h, *refused});
      continue;
    }
    active[h] = true;
  }
  // Removals first, on every host, so that creations can wait for them (a VM moving hosts).
  for (std::uint32_t h = 0; h < want.hosts.size(); ++h) {
    if (active[h]) diff_vm_removals(h, want.hosts[h], have.hosts[h], b);
  }
  for (std::uint32_t h = 0; h < want.hosts.size(); ++h) {
    if (!active[h]) continue;
    const DesiredHost& host = want.hosts[h];
    auto base = host.present ? diff_host_base(h, want, have.hosts[h], underlay, b) : std::nullopt;
    diff_vteps(h, host, have.hosts[h], base, b);
    diff_vms(h, host, have.hosts[h], base, b);
  }
  return plan;
}

}  // namespace dcod::core
