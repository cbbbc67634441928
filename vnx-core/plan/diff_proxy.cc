// The proxy part of the diff: per VNI a bridge, a VXLAN device, flood, FDB and neighbour entries;
// owned devices that are no longer wanted are deleted.

#include <algorithm>
#include <set>

#include "desire/naming.h"
#include "plan/plan_builder.h"

namespace dcod::core {

namespace {

bool vxlan_matches(const ObservedLink& link, const DesiredVni& v) {
  return link.vxlan && link.vxlan->id == v.vni && link.vxlan->local == v.local &&
         link.vxlan->port == v.port && !link.vxlan->learning && link.vxlan->proxy;
}

ActionTarget vni_target(const DesiredHost& want, const DesiredVni& v) {
  ActionTarget t;
  t.netns = want.netns;
  t.name = v.vxlan;
  t.vni = v;
  return t;
}

std::optional<std::size_t> diff_bridge(std::uint32_t h, const DesiredHost& want,
                                       const ObservedHost& have, const DesiredVni& v,
                                       std::vector<std::size_t> deps, PlanBuilder& b) {
  const ObservedLink* bridge = have.link(v.bridge);
  ActionTarget t = vni_target(want, v);
  t.name = v.bridge;
  if (!bridge) return b.add(h, ActionOp::create, ObjectKind::bridge, "bridge " + v.bridge, t, deps);
  if (bridge->mtu != v.mtu || !bridge->up || bridge->alias != v.alias) {
    return b.add(h, ActionOp::change, ObjectKind::bridge, "bridge " + v.bridge, t, deps);
  }
  return std::nullopt;
}

/// Returns the action that (re)creates or changes the VXLAN device, and whether it starts empty.
std::pair<std::optional<std::size_t>, bool> diff_vxlan(std::uint32_t h, const DesiredHost& want,
                                                       const ObservedHost& have,
                                                       const DesiredVni& v,
                                                       std::vector<std::size_t> deps,
                                                       PlanBuilder& b) {
  const ObservedLink* vx = have.link(v.vxlan);
  ActionTarget t = vni_target(want, v);
  std::string what =
      "vxlan " + v.vxlan + " (vni " + std::to_string(v.vni) + ", local " + v.local + ")";
  if (!vx) return {b.add(h, ActionOp::create, ObjectKind::vxlan, what, t, deps), true};
  if (!vxlan_matches(*vx, v)) {
    t.recreate = true;  // the kernel cannot change id, local or port in place
    return {b.add(h, ActionOp::change, ObjectKind::vxlan, what + ", recreated", t, deps), true};
  }
  if (vx->master != v.bridge || vx->mtu != v.mtu || !vx->up || vx->alias != v.alias) {
    return {b.add(h, ActionOp::change, ObjectKind::vxlan, what, t, deps), false};
  }
  return {std::nullopt, false};
}

template <typename T>
const std::vector<T>& entries_of(const std::map<std::string, std::vector<T>>& by_dev,
                                 const std::string& dev, bool fresh) {
  static const std::vector<T> none;
  auto it = by_dev.find(dev);
  return fresh || it == by_dev.end() ? none : it->second;
}

void diff_flood(std::uint32_t h, const DesiredHost& want, const ObservedHost& have,
                const DesiredVni& v, bool fresh, const std::vector<std::size_t>& deps,
                PlanBuilder& b) {
  const auto& seen = entries_of(have.flood_by_dev, v.vxlan, fresh);
  std::set<std::string> wanted(v.flood.begin(), v.flood.end());
  std::set<std::string> present(seen.begin(), seen.end());
  for (const std::string& peer : wanted) {
    if (present.count(peer)) continue;
    ActionTarget t = vni_target(want, v);
    t.peer = peer;
    b.add(h, ActionOp::create, ObjectKind::flood_entry, "flood " + v.vxlan + " -> " + peer, t,
          deps);
  }
  for (const std::string& peer : present) {
    if (wanted.count(peer)) continue;
    ActionTarget t = vni_target(want, v);
    t.peer = peer;
    b.add(h, ActionOp::remove, ObjectKind::flood_entry, "flood " + v.vxlan + " -> " + peer, t,
          deps);
  }
}

void diff_fdb(std::uint32_t h, const DesiredHost& want, const ObservedHost& have,
              const DesiredVni& v, bool fresh, const std::vector<std::size_t>& deps,
              PlanBuilder& b) {
  const auto& seen = entries_of(have.fdb_by_dev, v.vxlan, fresh);
  for (const FdbEntry& e : v.fdb) {
    bool exact = std::find(seen.begin(), seen.end(), e) != seen.end();
    if (exact) continue;
    bool other =
        std::any_of(seen.begin(), seen.end(), [&](const FdbEntry& s) { return s.mac == e.mac; });
    ActionTarget t = vni_target(want, v);
    t.fdb = e;
    b.add(h, other ? ActionOp::change : ActionOp::create, ObjectKind::fdb_entry,
          "fdb " + v.vxlan + " " + e.mac.to_string() + " -> " + e.dst, t, deps);
  }
  for (const FdbEntry& s : seen) {
    bool wanted =
        std::any_of(v.fdb.begin(), v.fdb.end(), [&](const FdbEntry& e) { return e.mac == s.mac; });
    if (wanted) continue;
    ActionTarget t = vni_target(want, v);
    t.fdb = s;
    b.add(h, ActionOp::remove, ObjectKind::fdb_entry, "fdb " + v.vxlan + " " + s.mac.to_string(), t,
          deps);
  }
}

void diff_neigh(std::uint32_t h, const DesiredHost& want, const ObservedHost& have,
                const DesiredVni& v, bool fresh, const std::vector<std::size_t>& deps,
                PlanBuilder& b) {
  const auto& seen = entries_of(have.neigh_by_dev, v.vxlan, fresh);
  for (const NeighEntry& e : v.neigh) {
    if (std::find(seen.begin(), seen.end(), e) != seen.end()) continue;
    bool other =
        std::any_of(seen.begin(), seen.end(), [&](const NeighEntry& s) { return s.ip == e.ip; });
    ActionTarget t = vni_target(want, v);
    t.neigh = e;
    b.add(h, other ? ActionOp::change : ActionOp::create, ObjectKind::neigh_entry,
          "neigh " + v.vxlan + " " + e.ip.to_string() + " " + e.mac.to_string(), t, deps);
  }
  for (const NeighEntry& s : seen) {
    bool wanted = std::any_of(v.neigh.begin(), v.neigh.end(),
                              [&](const NeighEntry& e) { return e.ip == s.ip; });
    if (wanted) continue;
    ActionTarget t = vni_target(want, v);
    t.neigh = s;
    b.add(h, ActionOp::remove, ObjectKind::neigh_entry, "neigh " + v.vxlan + " " + s.ip.to_string(),
          t, deps);
  }
}

void remove_unwanted_devices(std::uint32_t h, const DesiredHost& want, const ObservedHost& have,
                             PlanBuilder& b) {
  std::set<std::string> wanted;
  for (const DesiredVni& v : want.vnis) wanted.insert({v.bridge, v.vxlan});
  for (const ObservedLink& link : have.links) {
    bool proxy_device = link.kind == "vxlan" || link.kind == "bridge";
    if (!proxy_device || wanted.count(link.name)) continue;
    ActionTarget t;
    t.netns = want.netns;
    t.name = link.name;
    b.add(h, ActionOp::remove, link.kind == "vxlan" ? ObjectKind::vxlan : ObjectKind::bridge,
          link.kind + " " + link.name, t, {});
  }
}

}  // namespace

void diff_proxy(std::uint32_t h, const DesiredHost& want, const ObservedHost& have,
                std::optional<std::size_t> base, PlanBuilder& b) {
  for (const DesiredVni& v : want.vnis) {
    std::vector<std::size_t> deps;
    depend_on(deps, base);
    auto bridge = diff_bridge(h, want, have, v, deps, b);
    if (bridge) b.provides(want.name + "/bridge/" + v.bridge, *bridge);
    std::vector<std::size_t> vx_deps = deps;
    depend_on(vx_deps, bridge);
    auto [vxlan, fresh] = diff_vxlan(h, want, have, v, vx_deps, b);
    std::vector<std::size_t> entry_deps = deps;
    depend_on(entry_deps, vxlan);
    diff_flood(h, want, have, v, fresh, entry_deps, b);
    diff_fdb(h, want, have, v, fresh, entry_deps, b);
    diff_neigh(h, want, have, v, fresh, entry_deps, b);
  }
  remove_unwanted_devices(h, want, have, b);
}

}  // namespace dcod::core
