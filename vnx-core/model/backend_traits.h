#pragma once

// What the scenario language asks of the hosts of one backend. Each backend plugin states its
// own traits; the loader and the validator apply them, so that they know no backend by name.

#include <string>
#include <vector>

namespace dcod::core {

/// The rules of the language for the hosts of one backend, with the words used in messages.
struct BackendTraits {
  std::string name;                  // as written in backend="..."
  std::string label;                 // in messages: "a <label> host"
  bool simulates = false;            // a host without address is simulated on this machine; else it
                                     // needs an address
  std::string address_hint;          // why it needs an address
  std::vector<std::string> systems;  // the os= values it runs on, in the order messages list them
  bool needs_os = false;
  std::string os_hint;  // for a host whose os= it does not run on
  bool takes_proxy = false;
  bool needs_proxy = false;
  std::string proxy_hint;  // why it needs a <proxy>, or why it has none
  bool takes_vboxmanage = false;
  bool needs_image = false;  // VMs placed on such a host need an <image>
  /// Its VMs' network adapters are bounded by their chipset (nic_limit), and a host's VNIs by
  /// the free adapters of its proxy VM (all but the bridged one).
  bool chipset_limits = false;
  /// It sets addresses, routes and forwarding inside its VMs and runs their commands; else
  /// those are the guest's own business (informational).
  bool configures_guests = true;
};

/// The traits of every backend of a build, in registration order.
using BackendCatalog = std::vector<BackendTraits>;

/// The traits called `name`, or nullptr.
inline const BackendTraits* find_traits(const BackendCatalog& catalog, const std::string& name) {
  for (const BackendTraits& t : catalog) {
    if (t.name == name) return &t;
  }
  return nullptr;
}
/// Not for a temporary catalog: the pointer would outlive it.
const BackendTraits* find_traits(BackendCatalog&& catalog, const std::string& name) = delete;

}  // namespace dcod::core
