// Uniqueness rules: names, VNIs, interface ids, MACs, and IP addresses within a net.

#include <map>
#include <unordered_map>

#include "validate/rules.h"
#include "validate/validator.h"

namespace dcod::core {

namespace {

std::string at(SourceLocation where) {
  return "line " + std::to_string(where.line);
}

/// Reports every item whose key was seen before, naming where the first one is.
template <typename Key>
class FirstSeen {
 public:
  /// True (and reported) when `key` was already seen.
  bool duplicate(const Key& key, SourceLocation where, Diagnostics& d, const std::string& path,
                 const std::string& what) {
    auto [it, inserted] = m_first.emplace(key, where);
    if (!inserted) d.error(where, path, what + " is already used at " + at(it->second));
    return !inserted;
  }

 private:
  std::map<Key, SourceLocation> m_first;
};

void check_vm_interfaces(const Scenario& s, Diagnostics& d) {
  FirstSeen<MacAddress> macs;
  FirstSeen<std::pair<std::string, IpAddress>> addresses;  // (net, address)
  for (const Vm& vm : s.vms) {
    FirstSeen<std::uint32_t> ids;
    for (const Interface& i : vm.interfaces) {
      std::string path = path_of_interface(vm, i);
      if (i.id != Interface::k_refused_id)
        ids.duplicate(i.id, i.where, d, path, "interface id " + std::to_string(i.id));
      if (i.mac) macs.duplicate(*i.mac, i.where, d, path, "mac " + i.mac->to_string());
      if (i.net.empty()) continue;
      for (const auto* list : {&i.ipv4, &i.ipv6}) {
        for (const IpPrefix& p : *list) {
          addresses.duplicate({i.net, p.address}, i.where, d, path,
                              "address " + p.address.to_string() + " in net '" + i.net + "'");
        }
      }
    }
  }
}

}  // namespace

void check_uniqueness(const Scenario& s, Diagnostics& d) {
  FirstSeen<std::string> hosts, nets, vms;
  FirstSeen<std::uint32_t> vnis;
  for (const Host& h : s.hosts) {
    if (!h.name.empty())
      hosts.duplicate(h.name, h.where, d, path_of_host(h), "host name '" + h.name + "'");
  }
  for (const Net& n : s.nets) {
    if (!n.name.empty())
      nets.duplicate(n.name, n.where, d, path_of_net(n), "net name '" + n.name + "'");
    if (n.vni != 0)
      vnis.duplicate(n.vni, n.where, d, path_of_net(n), "vni " + std::to_string(n.vni));
  }
  for (const Vm& v : s.vms) {
    if (!v.name.empty())
      vms.duplicate(v.name, v.where, d, path_of_vm(v), "VM name '" + v.name + "'");
  }
  check_vm_interfaces(s, d);
  // Two hosts sending VXLAN to one address would receive each other's tunnels.
  FirstSeen<std::string> underlay;
  for (const Host& h : s.hosts) {
    for (const std::string* a :
         {&h.underlay_address, h.proxy ? &h.proxy->underlay_address : nullptr}) {
      if (a && !a->empty())
        underlay.duplicate(*a, h.where, d, path_of_host(h), "underlay-address " + *a);
    }
  }
}

}  // namespace dcod::core
