#include "load/vnx/vnx_loader.h"

#include <algorithm>
#include <set>

#include "load/element_counts.h"
#include "load/vnx/vnx_readers.h"
#include "load/vnx/vnx_values.h"

namespace dcod::core {

namespace {

/// Gives every net its VNI: the one the hosts file pins for its name, else one from its name.
void assign_vnis(Scenario& s, const Scenario& hosts, Diagnostics& d) {
  std::map<std::string, std::uint32_t> pinned;
  std::set<std::uint32_t> used;
  for (const Net& n : hosts.nets) {
    pinned[n.name] = n.vni;
    used.insert(n.vni);
  }
  std::set<std::string> named;
  for (Net& net : s.nets) {
    named.insert(net.name);
    auto pin = pinned.find(net.name);
    if (pin != pinned.end()) {
      net.vni = pin->second;
      continue;
    }
    std::uint32_t salt = 0;
    do net.vni = vni_from_name(s.name, net.name, salt++);
    while (used.count(net.vni));
    used.insert(net.vni);
  }
  for (const Net& n : hosts.nets) {
    if (!named.count(n.name))
      d.warning({}, "", "net '" + n.name + "' of " + hosts.file + " is no net of the scenario",
                "its vni= pins nothing; remove it or correct the name");
  }
}

/// Expands cmd-seq `name` of one VM into the sequences it runs, in order.
class SequenceExpander {
 public:
  SequenceExpander(const std::map<std::string, CommandSequence>& own,
                   const std::map<std::string, CommandSequence>& global)
      : m_own(own), m_global(global) {}

  const CommandSequence* find(const std::string& name) const {
    auto it = m_own.find(name);
    if (it != m_own.end()) return &it->second;
    auto g = m_global.find(name);
    return g == m_global.end() ? nullptr : &g->second;
  }

  /// The leaf sequences of `name`; false when a cmd-seq names itself through others.
  bool expand(const std::string& name, std::vector<std::string>& out,
              std::vector<std::string>& stack) const {
    const CommandSequence* seq = find(name);
    if (!seq) {
      out.push_back(name);  // no cmd-seq: the exec commands of that name
      return true;
    }
    if (std::find(stack.begin(), stack.end(), name) != stack.end()) return false;
    stack.push_back(name);
    for (const std::string& member : seq->members) {
      if (member == name) {
        out.push_back(member);  // a cmd-seq may run the exec commands of its own name
        continue;
      }
      if (!expand(member, out, stack)) return false;
    }
    stack.pop_back();
    return true;
  }

 private:
  const std::map<std::string, CommandSequence>& m_own;
  const std::map<std::string, CommandSequence>& m_global;
};

/// Reports each cmd-seq of `own` (global ones: `own` empty) that runs itself through others.
void check_sequences(const std::map<std::string, CommandSequence>& own,
                     const std::map<std::string, CommandSequence>& global,
                     std::set<std::string>& reported) {
  SequenceExpander expander(own, global);
  for (const auto& [name, seq] : own.empty() ? global : own) {
    std::vector<std::string> leaves, stack;
    if (expander.expand(name, leaves, stack) || !seq.element) continue;
    if (reported.insert(name).second)
      seq.element->error("cmd-seq '" + name + "' runs itself through the sequences it names",
                         "a cmd-seq may name other cmd-seq, but not in a circle");
  }
}

/// Adds to `vm` the commands of each cmd-seq, as exec commands of the cmd-seq's own name (one
/// that runs itself was reported by check_sequences and adds nothing).
void expand_sequences(Vm& vm, const VnxReading& reading) {
  static const std::map<std::string, CommandSequence> none;
  auto own = reading.vm_sequences.find(vm.name);
  SequenceExpander expander(own == reading.vm_sequences.end() ? none : own->second,
                            reading.global_sequences);
  std::set<std::string> names;
  for (const auto& [name, seq] : reading.global_sequences) names.insert(name);
  if (own != reading.vm_sequences.end())
    for (const auto& [name, seq] : own->second) names.insert(name);
  const std::vector<Exec> written = vm.execs;
  for (const std::string& name : names) {
    std::vector<std::string> leaves, stack;
    if (!expander.expand(name, leaves, stack)) continue;
    for (const std::string& leaf : leaves) {
      for (const Exec& e : written)
        if (e.seq == leaf) vm.execs.push_back({name, e.command, e.where});
    }
  }
}

void read_root_children(const ElementReader& root, Scenario& s, VnxReading& reading) {
  ElementCounts counts;
  for (const ElementReader& child : root.children()) {
    std::string_view kind = child.element_name();
    if (!counts.admit(kind, child)) continue;
    if (kind == "global") read_vnx_global(child, s, reading);
    if (kind == "net") s.nets.push_back(read_vnx_net(child, reading));
    if (kind == "vm") s.vms.push_back(read_vnx_vm(child, reading));
    if (kind == "host") {
      auto host = read_vnx_host(child, reading);
      if (!host) continue;
      auto taken = std::find_if(s.vms.begin(), s.vms.end(),
                                [&](const Vm& vm) { return vm.name == host->name; });
      if (taken == s.vms.end()) {
        s.vms.push_back(std::move(*host));
      } else {
        child.error("<host> becomes the director VM '" + host->name + "', and a <vm> (line " +
                        std::to_string(taken->where.line) + ") already has that name",
                    "rename that VM");
      }
    }
  }
}

/// What the hosts file brings: its <global> and hosts. Its places are in another file, so
/// they are not given (a message about them names no line of the VNX file).
void take_hosts(const Scenario& hosts, Scenario& s) {
  s.global = hosts.global;
  s.global.segmentation_where = s.global.overlay_where = s.global.underlay_where = {};
  s.hosts = hosts.hosts;
  for (Host& h : s.hosts) {
    h.where = {};
    if (h.proxy) h.proxy->where = {};
  }
}

/// The director VM (<host>) pinned to the first simulated host, through which the director
/// joins its nets; with no simulated host it cannot join them, and it is left out.
void place_director(Scenario& s, Diagnostics& d) {
  auto director =
      std::find_if(s.vms.begin(), s.vms.end(), [](const Vm& vm) { return vm.on_director; });
  if (director == s.vms.end()) return;
  auto host =
      std::find_if(s.hosts.begin(), s.hosts.end(), [](const Host& h) { return h.is_simulated(); });
  if (host != s.hosts.end()) {
    director->pinned_host = host->name;
    return;
  }
  d.warning(director->where, "/vnx/host",
            "the director joins nets only through a simulated host, and the hosts have none",
            "ignored: the director stays out of the nets; add a host without address to the "
            "hosts file to join them");
  s.vms.erase(director);
}

}  // namespace

void read_vnx_scenario(const ElementReader& root, const Scenario& hosts, Scenario& s,
                       Diagnostics& d) {
  VnxReading reading;
  s.where = root.where();
  s.from_vnx = true;
  read_root_children(root, s, reading);
  if (s.name.empty())
    root.error("the scenario has no <global><scenario_name>",
               "dcod names its namespaces and VMs after it: add one");
  take_hosts(hosts, s);
  place_director(s, d);
  assign_vnis(s, hosts, d);
  std::set<std::string> reported;
  check_sequences({}, reading.global_sequences, reported);
  for (const auto& [vm, own] : reading.vm_sequences)
    check_sequences(own, reading.global_sequences, reported);
  for (Vm& vm : s.vms) expand_sequences(vm, reading);
  reading.unsupported.report(d);
}

}  // namespace dcod::core
