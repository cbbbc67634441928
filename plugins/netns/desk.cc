#include "netns/desk.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include "linux/batch_script.h"
#include "netlink/netns_reader.h"
#include "netns/director_view.h"
#include "netns/netns_naming.h"
#include "netns/netns_steps.h"

namespace dcod::plugins {

Desk::Desk(std::string scenario, std::size_t readers, bool removing)
    : m_scenario(std::move(scenario)),
      m_readers(std::max<std::size_t>(readers, 1)),
      m_vm_parts(removing ? k_loopback_only : NamespaceParts{}) {}

const DeskView& Desk::view() {
  std::call_once(m_once, [this] { read(); });
  return m_view;
}

void Desk::read() {
  // In-process: a directory listing, not `ip netns list` (which opens every namespace), and
  // the namespaces read through rtnetlink. No child process on a run with nothing to change.
  const std::string prefix = scenario_netns_prefix(m_scenario) + ".";
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/run/netns", ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && netns_exists(name)) m_view.namespaces.push_back(name);
  }
  std::sort(m_view.namespaces.begin(), m_view.namespaces.end());
  const std::string underlay = underlay_netns_name(m_scenario);
  const std::string vm_prefix = vm_netns_name(m_scenario, "");
  std::vector<std::string> vms, vm_namespaces;
  for (const std::string& ns : m_view.namespaces) {
    if (ns.rfind(vm_prefix, 0) != 0) continue;
    vms.push_back(ns.substr(vm_prefix.size()));
    vm_namespaces.push_back(ns);
  }
  std::vector<Expected<NamespaceView>> read = read_netns_each(vm_namespaces, m_readers, m_vm_parts);
  for (std::size_t k = 0; k < vms.size(); ++k) {
    if (read[k])
      m_view.vms.emplace(vms[k], std::move(*read[k]));
    else
      m_view.unreadable.emplace(vms[k], read[k].error());
  }
  read_director_vms();
  read_occupied();
  if (!std::binary_search(m_view.namespaces.begin(), m_view.namespaces.end(), underlay)) return;
  m_view.underlay_exists = true;
  auto seen = read_netns(underlay);
  if (!seen) return;
  const std::string bridge(k_underlay_bridge);
  for (const LinuxLink& l : seen->links) {
    if (l.name == bridge) {
      m_view.underlay_up = l.up;
      m_view.underlay_mtu = l.mtu;
    }
    if (l.master == bridge && l.up) m_view.underlay_ports.insert(l.name);
  }
}

void Desk::read_director_vms() {
  auto own = read_own_netns();
  if (!own) {
    m_view.director_unreadable = own.error();
    return;
  }
  for (auto& [vm, view] : director_vm_views(m_scenario, *own)) {
    if (!m_view.vms.count(vm)) m_view.vms.emplace(vm, std::move(view));
  }
  for (const LinuxLink& l : own->links) {
    if (auto owner = director_link_owner(l.alias, m_scenario))
      m_view.director_links[owner->first].push_back(l.name);
  }
}

void Desk::read_occupied() {
  // What `ip netns pids` finds, for every namespace at once: the namespace of each process.
  if (m_view.namespaces.empty()) return;  // a scenario of remote hosts only: nothing to look for
  std::map<ino_t, const std::string*> by_inode;
  struct stat st {};
  for (const std::string& ns : m_view.namespaces) {
    if (::stat(("/run/netns/" + ns).c_str(), &st) == 0) by_inode.emplace(st.st_ino, &ns);
  }
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string pid = entry.path().filename().string();
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    if (::stat(("/proc/" + pid + "/ns/net").c_str(), &st) != 0) continue;
    auto found = by_inode.find(st.st_ino);
    if (found != by_inode.end()) m_view.occupied.insert(*found->second);
  }
}

std::map<std::string, const NamespaceView*> Desk::vms_of(const std::string& host,
                                                         const std::set<std::string>& wanted) {
  std::map<std::string, const NamespaceView*> out;
  for (const auto& [name, inside] : view().vms) {
    const LinuxLink* lo = inside.link("lo");
    auto owner = lo ? host_of_marker(lo->alias, m_scenario) : std::nullopt;
    if (owner ? *owner == host : wanted.count(name) > 0) out.emplace(name, &inside);
  }
  return out;
}

namespace {

/// Who the site leaves alone: the hosts present, and the simulated ones among them.
struct Claims {
  std::set<std::string> present, simulated;
  std::set<std::string> wanted_vms;  // VMs desired on a present simulated host
};

Claims claims_of(const core::DesiredState& want) {
  Claims c;
  for (const core::DesiredHost& h : want.hosts) {
    if (!h.present) continue;
    c.present.insert(h.name);
    if (!h.simulated) continue;
    c.simulated.insert(h.name);
    for (const core::DesiredVm& vm : h.vms) c.wanted_vms.insert(vm.name);
  }
  return c;
}

class DeskSite : public core::SiteBackend {
 public:
  DeskSite(std::shared_ptr<Desk> desk, std::chrono::milliseconds timeout)
      : m_desk(std::move(desk)), m_timeout(timeout), m_session(posix_dialect()) {}

  core::ObservedSite observe(const core::DesiredState& want) override {
    const DeskView& view = m_desk->view();
    core::ObservedSite site;
    site.underlay_exists = view.underlay_exists;
    site.underlay_up = view.underlay_up;
    site.underlay_mtu = view.underlay_mtu;
    Claims claims = claims_of(want);
    for (const std::string& ns : view.namespaces) {
      if (is_leftover(ns, view, claims)) site.leftovers.push_back(leftover(ns, view));
    }
    return site;
  }

  std::map<std::string, std::string> other_scenarios() const override {
    std::map<std::string, std::string> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/run/netns", ec)) {
      std::string name = entry.path().filename().string();
      auto end = name.find('.', 5);
      if (name.rfind("dcod.", 0) != 0 || end == std::string::npos) continue;
      std::string scenario = name.substr(5, end - 5);
      if (scenario != m_desk->scenario())
        out[scenario] = "namespaces " + scenario_netns_prefix(scenario) + ".*";
    }
    return out;
  }

  std::vector<core::ActionResult> run(const core::Plan& plan,
                                      const std::vector<std::size_t>& batch) override {
    BatchScript script;
    NetnsPlace place{m_desk->scenario(), "director", "", ""};
    const bool whole = whole_desk_goes(plan);
    for (std::size_t i : batch) {
      const core::Action& a = plan.actions[i];
      bool removal = a.kind == core::ObjectKind::leftover ||
                     (a.kind == core::ObjectKind::underlay && a.op == core::ActionOp::remove);
      script.add(whole && removal ? namespace_deleted(a) : netns_steps(a, place));
    }
    auto result = m_session.run(script.text(), m_timeout);
    if (!result)
      return std::vector<core::ActionResult>(batch.size(),
                                             core::ActionResult::failure(result.error()));
    return script.results(
        result->out, result->timed_out ? "timed out" : "the script ended early: " + result->err);
  }

 private:
  /// True when the plan removes every namespace of the scenario on this machine: then every
  /// veth pair has both ends in namespaces that go, and the kernel takes them with those.
  bool whole_desk_goes(const core::Plan& plan) const {
    std::set<std::string> removed;
    for (const core::Action& a : plan.actions) {
      if (a.kind == core::ObjectKind::leftover) removed.insert(a.target.name);
      if (a.kind == core::ObjectKind::underlay && a.op == core::ActionOp::remove)
        removed.insert(underlay_netns_name(m_desk->scenario()));
    }
    const DeskView& view = m_desk->view();
    return std::all_of(view.namespaces.begin(), view.namespaces.end(),
                       [&](const std::string& ns) { return removed.count(ns) > 0; });
  }

  /// A namespace of a desk removed as a whole, as one line of the root namespace's `ip -batch`
  /// (a process in it is ended first); a host's goes with the director's ends of its director
  /// VMs, whose pairs would otherwise outlive the call by a moment.
  std::vector<Step> namespace_deleted(const core::Action& a) const {
    const std::string& scenario = m_desk->scenario();
    const std::string ns =
        a.kind == core::ObjectKind::underlay ? underlay_netns_name(scenario) : a.target.name;
    const DeskView& view = m_desk->view();
    std::vector<Step> out;
    auto joined = view.director_links.find(a.lives_on);
    if (ns == host_netns_name(scenario, a.lives_on) && joined != view.director_links.end()) {
      for (const std::string& link : joined->second)
        out.push_back(tool_step("ip", "link del " + link));
    }
    if (view.occupied.count(ns)) {
      for (Step& s : netns_delete_steps(ns)) out.push_back(std::move(s));
    } else {
      out.push_back(tool_step("ip", "netns del " + ns));
    }
    return out;
  }

  /// A leftover namespace as people name it, with the host it lived on where it says so.
  core::Leftover leftover(const std::string& ns, const DeskView& view) const {
    const std::string& scenario = m_desk->scenario();
    const std::string host_prefix = host_netns_name(scenario, ""),
                      vm_prefix = vm_netns_name(scenario, "");
    if (ns.rfind(host_prefix, 0) == 0) {
      std::string host = ns.substr(host_prefix.size());
      return {ns, "host " + host, host, ""};
    }
    if (ns.rfind(vm_prefix, 0) != 0) return {ns, "namespace " + ns, "", ""};
    std::string vm = ns.substr(vm_prefix.size());
    auto found = view.vms.find(vm);
    const LinuxLink* lo = found == view.vms.end() ? nullptr : found->second.link("lo");
    auto owner = lo ? host_of_marker(lo->alias, scenario) : std::nullopt;
    return {ns, "vm " + vm, owner.value_or(""), vm};
  }

  /// A namespace of the scenario that no present host claims (the underlay is the site's own).
  bool is_leftover(const std::string& ns, const DeskView& view, const Claims& claims) const {
    const std::string& scenario = m_desk->scenario();
    if (ns == underlay_netns_name(scenario)) return false;
    const std::string host_prefix = host_netns_name(scenario, ""),
                      vm_prefix = vm_netns_name(scenario, "");
    if (ns.rfind(host_prefix, 0) == 0)
      return !claims.simulated.count(ns.substr(host_prefix.size()));
    if (ns.rfind(vm_prefix, 0) != 0) return true;
    std::string vm = ns.substr(vm_prefix.size());
    auto found = view.vms.find(vm);
    if (found == view.vms.end()) return false;  // not readable: nothing is known of it
    const LinuxLink* lo = found->second.link("lo");
    auto owner = lo ? host_of_marker(lo->alias, scenario) : std::nullopt;
    return owner ? !claims.present.count(*owner) : !claims.wanted_vms.count(vm);
  }

  std::shared_ptr<Desk> m_desk;
  std::chrono::milliseconds m_timeout;
  LocalSession m_session;
};

}  // namespace

std::unique_ptr<core::SiteBackend> desk_site(std::shared_ptr<Desk> desk,
                                             std::chrono::milliseconds timeout) {
  return std::make_unique<DeskSite>(std::move(desk), timeout);
}

}  // namespace dcod::plugins
