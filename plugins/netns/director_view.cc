#include "netns/director_view.h"

#include "netns/netns_naming.h"

namespace dcod::plugins {

namespace {

/// The loopback a director VM's view shows: up and marked for `host`, as a finished VM's is.
LinuxLink marked_loopback(const std::string& scenario, const std::string& host) {
  LinuxLink lo;
  lo.name = "lo";
  lo.up = true;
  lo.alias = vm_marker(scenario, host);
  return lo;
}

}  // namespace

std::map<std::string, NamespaceView> director_vm_views(const std::string& scenario,
                                                       const NamespaceView& own) {
  std::map<std::string, NamespaceView> views;
  for (const LinuxLink& l : own.links) {
    auto owner = director_link_owner(l.alias, scenario);
    auto id = director_link_id(l.name);
    if (!owner || !id || l.name != director_link_name(scenario, owner->second, *id)) continue;
    auto [at, fresh] = views.try_emplace(owner->second);
    NamespaceView& view = at->second;
    if (fresh) view.links.push_back(marked_loopback(scenario, owner->first));
    LinuxLink guest = l;
    guest.name = guest_interface_name(*id);
    view.links.push_back(std::move(guest));
    auto routes = own.routes_by_link.find(l.name);
    if (routes != own.routes_by_link.end())
      view.routes.insert(view.routes.end(), routes->second.begin(), routes->second.end());
  }
  return views;
}

}  // namespace dcod::plugins
