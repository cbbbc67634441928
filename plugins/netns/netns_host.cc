#include "netns/netns_host.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "desire/desired_state.h"
#include "linux/batch_script.h"
#include "linux/proxy_configurator.h"
#include "linux/sections.h"
#include "netlink/netns_batch.h"
#include "netlink/netns_reader.h"
#include "netns/netns_naming.h"
#include "netns/netns_steps.h"
#include "netns/vm_view.h"
#include "session/kept_session.h"
#include "shell/posix.h"

namespace dcod::plugins {

namespace {

/// Debug log of every text run on a host, with its duration (one logger per subsystem).
void log_text(const char* what, const std::string& host, std::size_t items,
              std::chrono::steady_clock::time_point start) {
  auto logger = spdlog::get("backend");
  if (!logger) return;
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start);
  logger->debug("{} {}: {} items in {} ms", what, host, items, ms.count());
}

/// The base of a simulated host: its namespace, and its underlay link as found in it.
core::ObservedBase base_of(bool exists, const LinkIndex& links, const DeskView& desk,
                           const std::string& host) {
  core::ObservedBase base;
  base.exists = exists;
  auto nic = links.find(std::string(k_host_underlay_nic));
  if (nic == links.end()) return base;
  base.addresses = nic->second->addresses;
  base.mtu = nic->second->mtu;
  base.up = nic->second->up;
  base.attached = desk.underlay_ports.count(underlay_port_name(host)) > 0;
  return base;
}

core::ObservedHost with_proxy(ProxyObservation proxy) {
  core::ObservedHost seen;
  seen.vteps = std::move(proxy.vteps);
  seen.foreign_vnis = std::move(proxy.foreign_vnis);
  return seen;
}

}  // namespace

NetnsHost::NetnsHost(NetnsHostSpec spec, std::shared_ptr<Desk> desk)
    : m_spec(std::move(spec)), m_desk(std::move(desk)) {}

Error NetnsHost::where(Error e) const {
  return on_host(std::move(e), m_spec.host.name);
}

Expected<core::Endpoint> NetnsHost::endpoint() {
  const core::Host& h = m_spec.host;
  if (!h.underlay_address.empty()) return core::Endpoint{h.name, h.underlay_address};
  if (simulated()) {
    return core::Endpoint{
        h.name, core::nth_address(m_spec.global.underlay_subnet, 1 + *m_spec.simulated_rank)};
  }
  if (auto ip = core::parse_ip_address(h.address)) return core::Endpoint{h.name, ip->to_string()};
  return Error{"host '" + h.name + "' has the address '" + h.address +
                   "', a name; VXLAN tunnels need an IP address",
               "give underlay-address= the IP address other hosts send VXLAN to",
               ErrorCode::invalid, ErrorContext{h.name, "", "", h.where.line, h.where.column}};
}

std::optional<Error> NetnsHost::check(const core::DesiredHost& want) const {
  std::map<std::string, std::string> owner;
  for (const core::DesiredVm& vm : want.vms) {
    for (const core::DesiredInterface& i : vm.interfaces) {
      auto [it, fresh] = owner.emplace(host_veth_name(vm.name, i.id), vm.name);
      if (!fresh && it->second != vm.name) {
        return Error{"VMs '" + it->second + "' and '" + vm.name + "' on host '" + want.name +
                         "' would share the interface name " + it->first,
                     "rename one of them", ErrorCode::invalid};
      }
    }
  }
  return std::nullopt;
}

Expected<Session*> NetnsHost::session() {
  std::lock_guard<std::mutex> lock(m_session_mutex);
  if (m_session) return m_session.get();
  if (m_session_error) return *m_session_error;
  if (simulated() && !m_spec.connect) {
    m_session = std::make_unique<LocalSession>(posix_dialect());
    return m_session.get();
  }
  auto connected =
      m_spec.connect ? m_spec.connect() : connect_kept(*m_spec.login, m_spec.ssh, posix_dialect());
  if (!connected) {
    m_session_error = where(connected.error());
    return *m_session_error;
  }
  m_session = std::move(*connected);
  return m_session.get();
}

Expected<ProcessResult> NetnsHost::run_text(const std::string& text, const char* what,
                                            std::size_t items) {
  auto s = session();
  if (!s) return s.error();
  auto start = std::chrono::steady_clock::now();
  ++m_round_trips;
  auto result = (*s)->run(text, m_spec.timeout);
  log_text(what, m_spec.host.name, items, start);
  if (!result) return where(result.error());
  return result;
}

std::string NetnsHost::observe_script() const {
  ProxyConfigurator proxy("", m_spec.scenario, m_spec.global.udp_port);
  return proxy.observe_script() + remote_vms_script(m_spec.scenario);
}

core::ObservedHost NetnsHost::observe(const core::DesiredHost& want) {
  if (simulated()) return observe_simulated(want);
  auto result = run_text(observe_script(), "observe", want.vms.size());
  if (!result) return core::ObservedHost::unreachable(result.error());
  if (result->timed_out)
    return core::ObservedHost::unreachable(
        where(Error{"observing the host timed out after " +
                        std::to_string(m_spec.timeout.count() / 1000) + " s",
                    "", ErrorCode::timed_out}));
  return observe_remote(result->out);
}

core::ObservedHost NetnsHost::observe_simulated(const core::DesiredHost& want) {
  // On this machine, in-process: the host's namespace through rtnetlink, no child process.
  std::string netns = host_netns_name(m_spec.scenario, m_spec.host.name);
  bool exists = netns_exists(netns);
  ProxyConfigurator proxy(netns, m_spec.scenario, m_spec.global.udp_port);
  ProxyObservation found;
  if (exists) {
    auto view = read_netns(netns, m_spec.removing ? k_links_only : NamespaceParts{false, true});
    if (!view) return core::ObservedHost::unreachable(where(view.error()));
    found = proxy.interpret(std::move(*view));
  }
  std::vector<LinuxLink> host_links = std::move(found.links);
  LinkIndex links = index_links(host_links);
  core::ObservedHost seen = with_proxy(std::move(found));
  const DeskView& desk = m_desk->view();
  seen.base = base_of(exists, links, desk, m_spec.host.name);
  std::set<std::string> wanted;
  bool joins_director = false;
  for (const core::DesiredVm& vm : want.vms) {
    wanted.insert(vm.name);
    joins_director = joins_director || vm.on_director;
  }
  if (joins_director && desk.director_unreadable)
    return core::ObservedHost::unreachable(where(*desk.director_unreadable));
  for (const std::string& vm : wanted) {
    auto unreadable = desk.unreadable.find(vm);
    if (unreadable != desk.unreadable.end())
      return core::ObservedHost::unreachable(where(unreadable->second));
  }
  for (const auto& [vm, inside] : m_desk->vms_of(m_spec.host.name, wanted))
    seen.vms[vm] = observed_vm(m_spec.scenario, m_spec.host.name, vm, *inside, links);
  return seen;
}

core::ObservedHost NetnsHost::observe_remote(const std::string& output) {
  auto sections = split_sections(output);
  ProxyConfigurator proxy("", m_spec.scenario, m_spec.global.udp_port);
  auto read = proxy.read(sections);
  if (!read) return core::ObservedHost::unreachable(where(read.error()));
  std::vector<LinuxLink> host_links = std::move(read->links);
  LinkIndex links = index_links(host_links);
  core::ObservedHost seen = with_proxy(std::move(*read));
  const std::string prefix = vm_netns_name(m_spec.scenario, "");
  for (const auto& [name, text] : sections) {
    if (name.rfind("vm:", 0) != 0) continue;
    std::string netns = name.substr(3);
    auto inside = read_remote_vm(netns, text);
    if (!inside) return core::ObservedHost::unreachable(where(inside.error()));
    std::string vm = netns.substr(prefix.size());
    seen.vms[vm] = observed_vm(m_spec.scenario, m_spec.host.name, vm, *inside, links);
  }
  return seen;
}

std::vector<core::ActionResult> NetnsHost::run(const core::Plan& plan,
                                               const std::vector<std::size_t>& batch) {
  NetnsPlace place{m_spec.scenario, m_spec.host.name,
                   simulated() ? host_netns_name(m_spec.scenario, m_spec.host.name) : "",
                   simulated() ? netns_batch_tool() : ""};
  ProxyConfigurator proxy(place.host_netns, m_spec.scenario, m_spec.global.udp_port);
  BatchScript script;
  for (std::size_t i : batch) {
    const core::Action& a = plan.actions[i];
    script.add(ProxyConfigurator::handles(a.kind) ? proxy.steps(a) : netns_steps(a, place));
  }
  auto result = run_text(script.text(), "apply", batch.size());
  if (!result)
    return std::vector<core::ActionResult>(batch.size(),
                                           core::ActionResult::failure(result.error()));
  std::string fallback =
      result->timed_out ? "timed out after " + std::to_string(m_spec.timeout.count() / 1000) + " s"
                        : "the script ended early: " + result->err;
  std::vector<core::ActionResult> results = script.results(result->out, fallback);
  for (core::ActionResult& r : results) r.retryable = r.retryable || (!r.ok && result->timed_out);
  if (simulated()) mark_if_vanished(plan, batch, results);
  return results;
}

void NetnsHost::mark_if_vanished(const core::Plan& plan, const std::vector<std::size_t>& batch,
                                 std::vector<core::ActionResult>& results) const {
  bool failed = std::any_of(results.begin(), results.end(),
                            [](const core::ActionResult& r) { return !r.ok; });
  bool makes_it = std::any_of(batch.begin(), batch.end(), [&](std::size_t i) {
    return plan.actions[i].kind == core::ObjectKind::host;
  });
  const std::string netns = host_netns_name(m_spec.scenario, m_spec.host.name);
  if (!failed || makes_it || std::filesystem::exists("/run/netns/" + netns)) return;
  for (core::ActionResult& r : results) {
    if (r.ok) continue;
    r.error = "host " + m_spec.host.name + " went away during the run (its namespace " + netns +
              " is gone): " + r.error;
    r.retryable = true;  // the next run makes the host again
  }
}

namespace {

/// The words that run a command in a VM's namespace. Through env(1), so that a command that
/// does not exist exits 127 and one that cannot run 126, as in a shell (`ip netns exec` says 1).
std::vector<std::string> in_vm(const std::string& netns) {
  return {"ip", "netns", "exec", netns, "env", "--"};
}

}  // namespace

Expected<std::vector<core::CommandOutcome>> NetnsHost::run_in_vm(
    const std::string& vm, const std::vector<core::VmCommand>& commands, bool attach) {
  const std::string netns = vm_netns_name(m_spec.scenario, vm);
  if (simulated() && attach && commands.size() == 1) {
    // The VM is on this machine: the command gets dcod's own terminal (an interactive shell).
    if (::access(("/run/netns/" + netns).c_str(), F_OK) != 0)
      return Error{"VM '" + vm + "' does not exist", "run --create first"};
    std::vector<std::string> argv = in_vm(netns);
    argv.insert(argv.end(), commands[0].argv.begin(), commands[0].argv.end());
    auto status = run_attached(argv);
    if (!status) return status.error();
    return std::vector<core::CommandOutcome>{{true, *status, "", ""}};
  }
  std::vector<ShellCommand> wrapped;
  for (const core::VmCommand& c : commands) {
    ShellCommand s{in_vm(netns)};
    s.argv.insert(s.argv.end(), c.argv.begin(), c.argv.end());
    wrapped.push_back(std::move(s));
  }
  const ShellDialect& dialect = posix_dialect();
  const std::string nonce = new_marker_nonce();
  auto text = dialect.batch(wrapped, nonce);
  if (!text) return where(text.error());
  auto result = run_text(*text, "exec", commands.size());
  if (!result) return result.error();
  if (result->timed_out)
    return where(Error{"the commands in VM '" + vm + "' timed out", "", ErrorCode::timed_out});
  return dialect.outcomes(*result, commands.size(), nonce);
}

}  // namespace dcod::plugins
