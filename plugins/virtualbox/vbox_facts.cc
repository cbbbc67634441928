#include "virtualbox/vbox_facts.h"

#include "virtualbox/vbox_parse.h"

namespace dcod::plugins {

namespace {

/// "Default machine folder:          /root/VirtualBox VMs" of list systemproperties.
std::string machine_folder_of(const std::string& out) {
  const std::string key = "Default machine folder:";
  for (std::string_view line : output_lines(out)) {
    if (line.rfind(key, 0) != 0) continue;
    std::string_view rest = line.substr(key.size());
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    return std::string(rest);
  }
  return "";
}

}  // namespace

std::vector<VBoxChain> facts_chains(const FactsRequest& r) {
  std::vector<VBoxChain> chains;
  for (const std::string& uuid : r.markers_of)
    chains.push_back({read_call({"getextradata", uuid, "enumerate"})});
  if (!r.proxy.empty()) chains.push_back({read_call({"getextradata", r.proxy, "enumerate"})});
  for (const std::string& base : r.bases)
    chains.push_back({read_call({"showvminfo", base, "--machinereadable"})});
  if (r.machine_folder) chains.push_back({read_call({"list", "systemproperties"})});
  return chains;
}

Expected<VBoxFacts> read_facts(const FactsRequest& r,
                               const std::vector<std::vector<VBoxReply>>& replies,
                               const VBoxPlatform& platform) {
  VBoxFacts facts;
  std::size_t k = 0;
  for (const std::string& uuid : r.markers_of) {
    const VBoxReply& reply = replies[k++][0];
    if (failed(reply, platform)) continue;  // gone: nothing to guard
    auto data = parse_extradata_list(reply.out);
    if (!data) return data.error();
    facts.extradata[uuid] = std::move(*data);
  }
  if (!r.proxy.empty()) {
    const VBoxReply& reply = replies[k++][0];
    if (failed(reply, platform))
      return Error{"cannot read the extradata of proxy VM '" + r.proxy +
                   "': " + failure_text(reply, platform)};
    auto data = parse_extradata_list(reply.out);
    if (!data) return data.error();
    facts.proxy_records = std::move(*data);
  }
  for (const std::string& base : r.bases) {
    const VBoxReply& reply = replies[k++][0];
    if (failed(reply, platform)) {
      facts.base_errors[base] = failure_text(reply, platform);
      continue;
    }
    auto info = parse_machine_readable(reply.out);
    if (!info) return info.error();
    auto current = info->find("CurrentSnapshotName");
    facts.base_snapshots[base] = current == info->end() ? "" : current->second;
  }
  if (r.machine_folder) facts.machine_folder = machine_folder_of(replies[k++][0].out);
  return facts;
}

}  // namespace dcod::plugins
