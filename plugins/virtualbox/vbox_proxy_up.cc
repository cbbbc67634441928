// --create's first stage on a VirtualBox host: the proxy VM is started headless when it is off
// (its underlay NIC bridged to bridge-adapter and enough free NIC slots enabled first: a slot
// that is disabled cannot be enabled while the VM runs), then its address is read from the
// guest properties its guest reports, with a bounded wait.

#include <thread>

#include "virtualbox/vbox_naming.h"
#include "virtualbox/vbox_observation.h"
#include "virtualbox/virtualbox_host.h"

namespace dcod::plugins {

namespace {

constexpr const char* k_net_properties = "/VirtualBox/GuestInfo/Net/*";

/// modifyvm options that make the proxy VM ready to start: NIC 1 bridged to the adapter, and
/// `needed` more slots enabled (null) among the disabled ones nobody has recorded.
std::vector<std::string> proxy_preparation(const VBoxMachine& proxy, const core::ProxySpec& spec,
                                           const std::map<std::string, std::string>& records,
                                           std::size_t needed) {
  std::vector<std::string> o;
  const VBoxNic* nic1 = proxy.nic(1);
  if (!spec.bridge_adapter.empty() &&
      (!nic1 || nic1->kind != "bridged" || nic1->network != spec.bridge_adapter))
    o = {"--nic1", "bridged", "--bridgeadapter1", spec.bridge_adapter};
  for (const VBoxNic& nic : proxy.nics) {
    bool recorded = records.count(slot_key(nic.slot)) > 0;
    if (nic.slot < 2 || recorded || (nic.kind != "null" && nic.kind != "none")) continue;
    if (needed == 0) break;
    --needed;
    if (nic.kind == "none") o.insert(o.end(), {"--nic" + std::to_string(nic.slot), "null"});
  }
  return o;
}

}  // namespace

Expected<core::Endpoint> VirtualBoxHost::bring_up_endpoint() {
  std::lock_guard<std::recursive_mutex> lock(m_mutex);
  auto v = view();
  if (!v) return v.error();
  if (!(*v)->proxy) {
    core::ObservedHost why = observe(core::DesiredHost{});
    return why.error;
  }
  bool started = false;
  if (!(*v)->proxy->running()) {
    auto up = start_proxy();
    if (!up) return up.error();
    started = true;
  }
  if (started || proxy_address_now().empty()) {
    auto waited = wait_for_proxy();
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
  const VBoxMachine& proxy = *m_view->proxy;
  auto records =
      m_driver.run({{read_call({"getextradata", proxy.uuid, "enumerate"})}}, "proxy slots");
  if (!records) return records.error();
  auto data = parse_extradata_list((*records)[0][0].out);
  if (!data) return where(data.error());
  std::size_t needed = m_spec.vnis.size();
  auto prepare = proxy_preparation(proxy, *m_spec.host.proxy, *data, needed);
  VBoxChain chain;
  if (!prepare.empty()) {
    std::vector<std::string> args = {"modifyvm", proxy.uuid};
    args.insert(args.end(), prepare.begin(), prepare.end());
    chain.push_back(change_call(std::move(args)));
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

Expected<bool> VirtualBoxHost::wait_for_proxy() {
  const std::string p = m_view->proxy->uuid;
  auto deadline = std::chrono::steady_clock::now() + m_spec.proxy_wait;
  for (bool first = true;; first = false) {
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
