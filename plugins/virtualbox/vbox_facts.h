#pragma once

// What a batch of actions on a VirtualBox host needs read before it changes anything, in one
// round trip: the extradata of every existing VM it changes or removes (dcod touches only VMs
// whose marker says they are the scenario's), the proxy VM's slot records when slots are
// assigned or returned, the current snapshot of a base cloned without snapshot=, and the
// host's machine folder when a VM is imported.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "plan/action.h"
#include "virtualbox/vbox_driver.h"

namespace dcod::plugins {

/// What to read.
struct FactsRequest {
  std::set<std::string> markers_of;  // VM UUIDs
  std::string proxy;                 // set: read its extradata
  std::set<std::string> bases;       // VMs whose current snapshot to read
  bool machine_folder = false;
};

/// What was read.
struct VBoxFacts {
  std::map<std::string, std::map<std::string, std::string>> extradata;  // by VM UUID
  std::map<std::string, std::string> proxy_records;                     // its extradata
  std::map<std::string, std::string> base_snapshots;  // base -> current snapshot; "" none
  std::map<std::string, std::string> base_errors;     // base -> why it cannot be read
  std::string machine_folder;
};

/// The chains that read it, in the order read_facts() expects.
std::vector<VBoxChain> facts_chains(const FactsRequest& request);
/// Reads the replies; an error when one of them is not what VBoxManage prints.
Expected<VBoxFacts> read_facts(const FactsRequest& request,
                               const std::vector<std::vector<VBoxReply>>& replies,
                               const VBoxPlatform& platform);

}  // namespace dcod::plugins
