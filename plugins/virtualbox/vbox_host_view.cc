#include "virtualbox/vbox_host_view.h"

#include "virtualbox/vbox_naming.h"

namespace dcod::plugins {

namespace {

constexpr const char* k_net_properties = "/VirtualBox/GuestInfo/Net/*";

Error vboxmanage_fails(const VBoxReply& reply, const VBoxPlatform& platform) {
  if (reply.ran && reply.exit_status == 127)
    return Error{"VBoxManage was not found on the host",
                 "install VirtualBox there, or give the host vboxmanage=\"PATH\"",
                 ErrorCode::failed};
  return Error{"VBoxManage failed: " + failure_text(reply, platform),
               "check that VirtualBox works for the SSH user on that host", ErrorCode::failed};
}

/// A machine from showvminfo's reply, or nullopt when it names no VM (not registered).
Expected<std::optional<VBoxMachine>> machine_of(const VBoxReply& reply,
                                                const VBoxPlatform& platform) {
  if (failed(reply, platform)) {
    if (reply.err.find("Could not find a registered machine") != std::string::npos)
      return std::optional<VBoxMachine>{};
    return Error{"VBoxManage showvminfo failed: " + failure_text(reply, platform)};
  }
  auto info = parse_machine_readable(reply.out);
  if (!info) return info.error();
  auto m = machine_from(*info);
  if (!m) return m.error();
  return std::optional<VBoxMachine>{std::move(*m)};
}

}  // namespace

std::vector<VBoxChain> host_view_chains(const ViewRequest& request) {
  std::vector<VBoxChain> chains = {
      {read_call({"showvminfo", request.proxy, "--machinereadable"})},
      {read_call({"guestproperty", "enumerate", request.proxy, "--patterns", k_net_properties})},
  };
  for (const std::string& vm : request.vms)
    chains.push_back(
        {read_call({"showvminfo", vbox_vm_name(request.scenario, vm), "--machinereadable"})});
  if (request.list) chains.push_back({read_call({"list", "vms"})});
  return chains;
}

Expected<HostView> read_host_view(const ViewRequest& request,
                                  const std::vector<std::vector<VBoxReply>>& replies,
                                  const VBoxPlatform& platform) {
  HostView view;
  const VBoxReply& proxy_reply = replies[0][0];
  if (proxy_reply.ran && proxy_reply.exit_status == 127)
    return vboxmanage_fails(proxy_reply, platform);
  auto proxy = machine_of(proxy_reply, platform);
  if (!proxy) return proxy.error();
  view.proxy = std::move(*proxy);
  if (view.proxy && !failed(replies[1][0], platform)) {
    auto props = parse_guest_properties(replies[1][0].out);
    if (!props) return props.error();
    view.proxy_props = std::move(*props);
  }
  std::map<std::string, bool> asked;
  for (std::size_t k = 0; k < request.vms.size(); ++k) {
    asked[vbox_vm_name(request.scenario, request.vms[k])] = true;
    auto vm = machine_of(replies[2 + k][0], platform);
    if (!vm) return vm.error();
    if (*vm) view.vms.emplace(request.vms[k], std::move(**vm));
  }
  if (!request.list) return view;
  const VBoxReply& list = replies.back()[0];
  if (failed(list, platform)) return vboxmanage_fails(list, platform);
  auto listed = parse_list_vms(list.out);
  if (!listed) return listed.error();
  view.listed = std::move(*listed);
  const std::string prefix = request.scenario + "-";
  for (const ListedVm& l : view.listed) {
    if (l.name.rfind(prefix, 0) == 0 && !asked.count(l.name)) view.unread.push_back(l);
  }
  return view;
}

std::vector<VBoxChain> unread_chains(const HostView& view) {
  std::vector<VBoxChain> chains;
  for (const ListedVm& l : view.unread) {
    chains.push_back({read_call({"getextradata", l.uuid, "enumerate"})});
    chains.push_back({read_call({"showvminfo", l.uuid, "--machinereadable"})});
  }
  return chains;
}

Expected<bool> read_unread(const ViewRequest& request,
                           const std::vector<std::vector<VBoxReply>>& replies,
                           const VBoxPlatform& platform, HostView& view) {
  for (std::size_t k = 0; k < view.unread.size(); ++k) {
    const VBoxReply& data = replies[2 * k][0];
    if (failed(data, platform)) continue;  // gone meanwhile
    auto extradata = parse_extradata_list(data.out);
    if (!extradata) return extradata.error();
    auto scenario = extradata->find(k_scenario_key), name = extradata->find(k_vm_key);
    if (scenario == extradata->end() || scenario->second != request.scenario ||
        name == extradata->end())
      continue;  // named like one, but not the scenario's
    auto vm = machine_of(replies[2 * k + 1][0], platform);
    if (!vm) return vm.error();
    if (*vm) view.vms.emplace(name->second, std::move(**vm));
  }
  view.unread.clear();
  return true;
}

std::string proxy_address(const VBoxMachine& proxy,
                          const std::map<std::string, std::string>& props) {
  const VBoxNic* underlay = proxy.nic(1);
  if (!underlay || underlay->mac.empty()) return "";
  const std::string base = "/VirtualBox/GuestInfo/Net/";
  for (const auto& [key, value] : props) {
    if (key.rfind(base, 0) != 0 || key.size() < base.size() + 4) continue;
    if (key.compare(key.size() - 4, 4, "/MAC") != 0 || value != underlay->mac) continue;
    std::string index = key.substr(base.size(), key.size() - base.size() - 4);
    auto ip = props.find(base + index + "/V4/IP");
    if (ip != props.end()) return ip->second;
  }
  return "";
}

}  // namespace dcod::plugins
