// The VTEP part of the diff: per VNI a bridge, a VXLAN tunnel device, flood, FDB and neighbour
// entries; VTEPs of VNIs the host no longer carries are removed.

#include <algorithm>
#include <string_view>

#include "diff/change_words.h"
#include "diff/plan_builder.h"

namespace dcod::core {

namespace {

/// The name of a VTEP's part in summaries: "blue (VNI 100)".
std::string of_net(const DesiredVtep& v) {
  return v.net + " (VNI " + std::to_string(v.vni) + ")";
}

bool tunnel_matches(const ObservedTunnel& t, const DesiredVtep& v) {
  return t.vni == v.vni && t.local == v.local.address && t.port == v.port && !t.learning && t.proxy;
}

/// `keys` sorted, each once: looked up by binary search (a VTEP of a wide lab holds an entry
/// per remote VM, and a tree of them costs an allocation per entry).
template <typename Key>
std::vector<Key> sorted_once(std::vector<Key> keys) {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

/// True when `key` is in `sorted` (made by sorted_once).
template <typename Key>
bool among(const std::vector<Key>& sorted, const Key& key) {
  return std::binary_search(sorted.begin(), sorted.end(), key);
}

/// The entries found, by `key` (the first found first among equal keys).
template <typename Entry, typename KeyOf>
std::vector<const Entry*> by_key(const std::vector<Entry>& found, KeyOf key) {
  std::vector<const Entry*> out;
  out.reserve(found.size());
  for (const Entry& e : found) out.push_back(&e);
  std::stable_sort(out.begin(), out.end(),
                   [&](const Entry* a, const Entry* b) { return key(*a) < key(*b); });
  return out;
}

/// The first entry found whose key is `k`; nullptr when there is none.
template <typename Entry, typename KeyOf, typename Key>
const Entry* first_with(const std::vector<const Entry*>& sorted, KeyOf key, const Key& k) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), k,
                             [&](const Entry* e, const Key& x) { return key(*e) < x; });
  return it != sorted.end() && !(k < key(**it)) ? *it : nullptr;
}

/// The context every action of one VTEP shares.
struct VtepDiff {
  std::uint32_t h;
  const DesiredHost& want;
  const DesiredVtep& v;
  const ObservedVtep* seen;  // nullptr: nothing of it was found
  PlanBuilder& b;

  /// The VTEP as its actions name it: without its entry lists, which each entry's own action
  /// holds (a copy of them in every action grows as hosts × entries², a gigabyte for 100 hosts).
  ActionTarget target() const {
    ActionTarget t;
    t.vtep.vni = v.vni;
    t.vtep.net = v.net;
    t.vtep.local = v.local;
    t.vtep.port = v.port;
    t.vtep.mtu = v.mtu;
    t.vtep.where = v.where;
    return t;
  }

  /// Adds an action; one that needs this host's end point waits for it while it is not known.
  std::size_t add(ActionOp op, ObjectKind kind, std::string summary, ActionTarget t,
                  std::vector<std::size_t> deps, const std::string& waits_for = {}) {
    std::size_t a = b.add(h, op, kind, std::move(summary), std::move(t), std::move(deps));
    std::string needed = !waits_for.empty() ? waits_for : v.local.known() ? "" : want.name;
    b.plan().actions[a].waits_for = needed;
    return a;
  }

  /// Says what action `a` changes.
  std::size_t changing(std::size_t a, std::string change) {
    b.plan().actions[a].change = std::move(change);
    return a;
  }

  std::optional<std::size_t> bridge(std::vector<std::size_t> deps) {
    const auto& found = seen ? seen->bridge : std::nullopt;
    std::string what = "bridge of " + of_net(v);
    if (!found) return add(ActionOp::create, ObjectKind::bridge, what, target(), deps);
    if (found->mtu == v.mtu && found->up && found->net == v.net && found->joined)
      return std::nullopt;
    ChangeList change;
    change.add("net", found->net, v.net);
    change.add("MTU", std::to_string(found->mtu), std::to_string(v.mtu));
    change.add("link", up_down(found->up), "up");
    if (!found->joined) change.note("its proxy's NIC joined again");
    return changing(add(ActionOp::change, ObjectKind::bridge, what, target(), deps), change.text());
  }

  /// What differs in a tunnel device found.
  std::string retunneling(const ObservedTunnel& found) const {
    ChangeList change;
    change.add("VNI", std::to_string(found.vni), std::to_string(v.vni));
    change.add("local", found.local.empty() ? "none" : found.local,
               v.local.known() ? v.local.address : "known once its proxy runs");
    change.add("port", std::to_string(found.port), std::to_string(v.port));
    change.add("learning", on_off(found.learning), "off");
    change.add("proxy", on_off(found.proxy), "on");
    change.add("net", found.net, v.net);
    change.add("MTU", std::to_string(found.mtu), std::to_string(v.mtu));
    change.add("link", up_down(found.up), "up");
    if (!found.attached) change.note("attached to its bridge again");
    return change.text();
  }

  /// The action that makes, remakes or changes the tunnel, and whether it starts empty.
  std::pair<std::optional<std::size_t>, bool> tunnel(std::vector<std::size_t> deps) {
    const auto& found = seen ? seen->tunnel : std::nullopt;
    std::string what = "vxlan of " + of_net(v) + ", local " +
                       (v.local.known() ? v.local.address : "known once the proxy runs");
    if (!found) return {add(ActionOp::create, ObjectKind::tunnel, what, target(), deps), true};
    if (!tunnel_matches(*found, v)) {
      ActionTarget t = target();
      t.recreate = true;  // the kernel cannot change id, local or port in place
      std::size_t a = add(ActionOp::change, ObjectKind::tunnel, what, t, deps);
      return {changing(a, retunneling(*found) + " (made anew)"), true};
    }
    if (!found->attached || found->mtu != v.mtu || !found->up || found->net != v.net) {
      std::size_t a = add(ActionOp::change, ObjectKind::tunnel, what, target(), deps);
      return {changing(a, retunneling(*found)), false};
    }
    return {std::nullopt, false};
  }

  void flood(bool fresh, const std::vector<std::size_t>& deps) {
    std::vector<std::string_view> found;
    if (seen && !fresh) found.assign(seen->flood.begin(), seen->flood.end());
    const std::vector<std::string_view> present = sorted_once(std::move(found));
    std::vector<std::string_view> known;
    bool some_unknown = false;
    for (const Endpoint& peer : v.flood) {
      some_unknown |= !peer.known();
      if (peer.known()) known.push_back(peer.address);
      if (peer.known() && among(present, std::string_view(peer.address))) continue;
      ActionTarget t = target();
      t.peer = peer;
      add(ActionOp::create, ObjectKind::flood_entry, "flood " + v.net + " -> " + peer.describe(),
          std::move(t), deps, peer.known() ? "" : peer.host);
    }
    // While a peer's end point is not known, an entry towards an unknown address may be its.
    if (some_unknown) return;
    const std::vector<std::string_view> wanted = sorted_once(std::move(known));
    for (std::string_view address : present) {
      if (among(wanted, address)) continue;
      ActionTarget t = target();
      t.peer = Endpoint{"", std::string(address)};
      add(ActionOp::remove, ObjectKind::flood_entry,
          "flood " + v.net + " -> " + b.peer_name(std::string(address)), std::move(t), deps);
    }
  }

  void fdb(bool fresh, const std::vector<std::size_t>& deps) {
    static const std::vector<FdbEntry> none;
    const std::vector<FdbEntry>& found = seen && !fresh ? seen->fdb : none;
    auto mac_of = [](const FdbEntry& e) -> const MacAddress& { return e.mac; };
    const std::vector<const FdbEntry*> found_by_mac = by_key(found, mac_of);
    std::vector<MacAddress> wanted_macs;
    for (const RemoteMac& e : v.fdb) wanted_macs.push_back(e.mac);
    const std::vector<MacAddress> wanted = sorted_once(std::move(wanted_macs));
    for (const RemoteMac& e : v.fdb) {
      const FdbEntry* has = first_with(found_by_mac, mac_of, e.mac);
      if (!e.dst.known() && has) continue;  // it may be right: not known yet
      if (has && has->dst == e.dst.address) continue;
      ActionTarget t = target();
      t.fdb = FdbEntry{e.mac, e.dst.address};
      std::string entry = "fdb " + v.net + " " + e.mac.to_string();
      const std::string waits = e.dst.known() ? "" : e.dst.host;
      if (!has) {
        add(ActionOp::create, ObjectKind::fdb_entry, entry + " -> " + e.dst.describe(),
            std::move(t), deps, waits);
        continue;
      }
      std::size_t a =
          add(ActionOp::change, ObjectKind::fdb_entry, entry, std::move(t), deps, waits);
      changing(a, b.peer_name(has->dst) + " → " + e.dst.describe());
    }
    for (const FdbEntry& s : found) {
      if (among(wanted, s.mac)) continue;
      ActionTarget t = target();
      t.fdb = s;
      add(ActionOp::remove, ObjectKind::fdb_entry, "fdb " + v.net + " " + s.mac.to_string(),
          std::move(t), deps);
    }
  }

  void neigh(bool fresh, const std::vector<std::size_t>& deps) {
    static const std::vector<NeighEntry> none;
    const std::vector<NeighEntry>& found = seen && !fresh ? seen->neigh : none;
    const std::vector<NeighEntry> found_exactly = sorted_once(found);
    auto ip_of = [](const NeighEntry& e) -> const IpAddress& { return e.ip; };
    const std::vector<const NeighEntry*> found_by_ip = by_key(found, ip_of);
    std::vector<IpAddress> wanted_ips;
    for (const NeighEntry& e : v.neigh) wanted_ips.push_back(e.ip);
    const std::vector<IpAddress> wanted = sorted_once(std::move(wanted_ips));
    for (const NeighEntry& e : v.neigh) {
      if (among(found_exactly, e)) continue;
      const NeighEntry* other = first_with(found_by_ip, ip_of, e.ip);
      ActionTarget t = target();
      t.neigh = e;
      std::string entry = "neigh " + v.net + " " + e.ip.to_string();
      if (!other) {
        add(ActionOp::create, ObjectKind::neigh_entry, entry + " " + e.mac.to_string(),
            std::move(t), deps);
        continue;
      }
      std::size_t a = add(ActionOp::change, ObjectKind::neigh_entry, entry, std::move(t), deps);
      changing(a, "MAC " + other->mac.to_string() + " → " + e.mac.to_string());
    }
    for (const NeighEntry& s : found) {
      if (among(wanted, s.ip)) continue;
      ActionTarget t = target();
      t.neigh = s;
      add(ActionOp::remove, ObjectKind::neigh_entry, "neigh " + v.net + " " + s.ip.to_string(),
          std::move(t), deps);
    }
  }
};

/// The VTEPs of VNIs the host no longer carries: tunnel and bridge, whichever was found.
void remove_unwanted(std::uint32_t h, const DesiredHost& want, const ObservedHost& have,
                     PlanBuilder& b) {
  for (const auto& [vni, seen] : have.vteps) {
    bool wanted = std::any_of(want.vteps.begin(), want.vteps.end(),
                              [&, vni = vni](const DesiredVtep& v) { return v.vni == vni; });
    if (wanted) continue;
    ActionTarget t;
    t.vtep.vni = vni;
    t.vtep.net = seen.tunnel ? seen.tunnel->net : seen.bridge ? seen.bridge->net : "";
    std::string what = " of " + (t.vtep.net.empty() ? std::string("?") : t.vtep.net) + " (VNI " +
                       std::to_string(vni) + ")";
    if (seen.tunnel) b.add(h, ActionOp::remove, ObjectKind::tunnel, "vxlan" + what, t, {});
    if (seen.bridge) b.add(h, ActionOp::remove, ObjectKind::bridge, "bridge" + what, t, {});
  }
}

}  // namespace

void diff_vteps(std::uint32_t h, const DesiredHost& want, const ObservedHost& have,
                std::optional<std::size_t> base, PlanBuilder& b) {
  for (const DesiredVtep& v : want.vteps) {
    auto found = have.vteps.find(v.vni);
    VtepDiff d{h, want, v, found == have.vteps.end() ? nullptr : &found->second, b};
    std::vector<std::size_t> deps;
    depend_on(deps, base);
    auto bridge = d.bridge(deps);
    if (bridge) b.provides(want.name + "/bridge/" + std::to_string(v.vni), *bridge);
    std::vector<std::size_t> tunnel_deps = deps;
    depend_on(tunnel_deps, bridge);
    auto [tunnel, fresh] = d.tunnel(tunnel_deps);
    std::vector<std::size_t> entry_deps = deps;
    depend_on(entry_deps, tunnel);
    d.flood(fresh, entry_deps);
    d.fdb(fresh, entry_deps);
    d.neigh(fresh, entry_deps);
  }
  remove_unwanted(h, want, have, b);
}

}  // namespace dcod::core
