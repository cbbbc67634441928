// --create's first stage on a VirtualBox host: the proxy VM is started headless when it is off
// (its underlay NIC bridged to bridge-adapter and enough free NIC slots enabled first: a slot
// that is disabled cannot be enabled while the VM runs), then its address is read from the
// guest properties its guest reports, with a bounded wait.

#include <thread>

#include "virtualbox/vbox_naming.h"
#include "virtualbox/vbox_observation.h"
#include "virtualbox/vbox_slots.h"
#include "virtualbox/virtualbox_host.h"

namespace dcod::plugins {

namespace {

constexpr const char* k_net_properties = "/VirtualBox/GuestInfo/Net/*";

/// modifyvm options that bridge NIC 1 to the adapter when it is not.
std::vector<std::string> underlay_options(const VBoxMachine& proxy, const core::ProxySpec& spec) {
  const VBoxNic* nic1 = proxy.nic(1);
  if (spec.bridge_adapter.empty() ||
      (nic1 && nic1->kind == "bridged" && nic1->network == spec.bridge_adapter))
    return {};
  return {"--nic1", "bridged", "--bridgeadapter1", spec.bridge_adapter};
}

}  // namespace

Expected<core::Endpoint> VirtualBoxHost::bring_up_endpoint() {
  std::lock_guard<std::recursive_mutex> lock(m_mutex);
  auto v = view();
  if (!v) return v.error();
  if (!(*v)->proxy) return proxy_missing();
  bool started = false;
  if (!(*v)->proxy->running()) {
    auto up = start_proxy();
    if (!up) return up.error();
    started = true;
  }
  if (started || proxy_address_now().empty()) {
    auto waited = wait_for_proxy(started);
    if (!waited) return waited.error();
  }
  std::string address = proxy_address_now();
  if (address.empty())
    return where(Error{"proxy VM '" + m_spec.host.proxy->vm + "' did not tell its address within " +
                           std::to_string(m_spec.proxy_wait.count()) + " s",
                       "check that it gets an address on its bridged NIC 1 and runs the "
                       "VirtualBox guest additions, or give <proxy underlay-address=...>",
                       ErrorCode::timed_out});
  return core::Endpoint{m_spec.host.name, address};
}

Expected<bool> VirtualBoxHost::start_proxy() {
  // While it is off every slot can be set, a disabled one too: each VNI the host carries gets
  // its slot now (recorded first, so that a cut run leaves a record, not an unknown slot), on
  // its internal network, promiscuous, cable in; the bridge actions later find them in place.
  const VBoxMachine& proxy = *m_view->proxy;
  auto records =
      m_driver.run({{read_call({"getextradata", proxy.uuid, "enumerate"})}}, "proxy slots");
  if (!records) return records.error();
  auto data = parse_extradata_list((*records)[0][0].out);
  if (!data) return where(data.error());
  VBoxChain chain;
  std::vector<std::string> modify = underlay_options(proxy, *m_spec.host.proxy);
  for (std::uint32_t vni : m_spec.vnis) {
    if (slot_of_vni(m_spec.scenario, proxy, vni)) continue;
    std::string why;
    auto slot = choose_slot(proxy, *data, m_spec.scenario, vni, m_taken, why);
    if (!slot) continue;  // the bridge action says why
    std::string k = std::to_string(*slot);
    m_taken.insert(*slot);
    m_promisc_set.insert(*slot);
    chain.push_back(change_call(
        {"setextradata", proxy.uuid, slot_key(*slot), slot_value(m_spec.scenario, vni)}));
    modify.insert(modify.end(),
                  {"--nic" + k, "intnet", "--intnet" + k, intnet_name(m_spec.scenario, vni),
                   "--nicpromisc" + k, "allow-all", "--cableconnected" + k, "on"});
  }
  if (!modify.empty()) {
    modify.insert(modify.begin(), {"modifyvm", proxy.uuid});
    chain.push_back(change_call(std::move(modify)));
  }
  chain.push_back(change_call({"startvm", proxy.uuid, "--type", "headless"}));
  auto replies = m_driver.run({chain}, "start proxy");
  if (!replies) return replies.error();
  for (std::size_t k = 0; k < chain.size(); ++k) {
    const VBoxReply& r = (*replies)[0][k];
    if (failed(r, *m_spec.platform))
      return where(Error{"starting proxy VM '" + proxy.name + "': " + call_text(chain[k]) + ": " +
                             failure_text(r, *m_spec.platform),
                         "", lock_error(r) ? ErrorCode::busy : ErrorCode::failed});
  }
  return true;
}

Expected<bool> VirtualBoxHost::wait_for_proxy(bool started) {
  const std::string p = m_view->proxy->uuid;
  auto deadline = std::chrono::steady_clock::now() + m_spec.proxy_wait;
  // A guest just started has told nothing yet: wait at once. Else look first.
  for (bool first = !started;; first = false) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return true;  // the caller says what is still unknown
    std::vector<VBoxChain> chains;
    if (!first) {
      auto wait = std::min<std::chrono::milliseconds>(left, std::chrono::seconds(5));
      chains.push_back({read_call({"guestproperty", "wait", p, k_net_properties, "--timeout",
                                   std::to_string(wait.count()), "--fail-on-timeout"})});
    }
    chains.push_back({read_call({"showvminfo", p, "--machinereadable"})});
    chains.push_back(
        {read_call({"guestproperty", "enumerate", p, "--patterns", k_net_properties})});
    auto replies = m_driver.run(chains, "proxy address");
    if (!replies) return replies.error();
    const auto& info = (*replies)[chains.size() - 2][0];
    const auto& props = (*replies)[chains.size() - 1][0];
    auto parsed = parse_machine_readable(info.out);
    if (parsed) {
      if (auto m = machine_from(*parsed)) m_view->proxy = std::move(*m);
    }
    if (!failed(props, *m_spec.platform)) {
      if (auto read = parse_guest_properties(props.out)) m_view->proxy_props = std::move(*read);
    }
    if (!m_view->proxy->running())
      return where(Error{"proxy VM '" + m_view->proxy->name + "' stopped (" + m_view->proxy->state +
                         ") while starting"});
    // Known, or (a static address) the guest is up: it has told something.
    bool known = !proxy_address(*m_view->proxy, m_view->proxy_props).empty();
    bool guest_up = !m_view->proxy_props.empty();
    if (known || (!m_spec.host.proxy->underlay_address.empty() && guest_up)) return true;
  }
}

}  // namespace dcod::plugins
