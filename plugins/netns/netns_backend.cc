#include "netns/netns_backend.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <future>
#include <sstream>

#include "desire/naming.h"
#include "linux/batch_script.h"
#include "linux/iproute_parse.h"
#include "linux/proxy_configurator.h"
#include "linux/sections.h"
#include "netlink/netns_reader.h"
#include "netns/netns_steps.h"
#include "shell/posix.h"
#include "transport/kept_session.h"
#include "util/json.h"
#include "util/parallel.h"

namespace dcod::plugins {

namespace {

/// On a remote host every VM namespace of the scenario, each read by one `ip -batch` process:
/// links and addresses, static routes of both families, forwarding, on three lines.
std::string remote_vms_script(const std::string& scenario) {
  // A shell glob, not `ip netns list`, which opens every namespace on the host to print its id.
  std::string prefix = core::vm_netns_name(scenario, "");
  return "for path in /run/netns/" + sh_quote(prefix) +
         "*; do\n  [ -e \"$path\" ] || continue\n  ns=${path##*/}\n"
         "  echo \"@@section vm:$ns\"\n  ip -n \"$ns\" -d -j -batch - "
         "<<'DCOD_OBSERVE'\naddr show\n"
         "route show table all proto static\nnetconf show\nDCOD_OBSERVE\ndone\n";
}

/// Forwarding of the "all" pseudo-interface of one family in `ip -j netconf show` output.
bool forwarding_of(const Json& netconf, const std::string& family) {
  if (!netconf.is_array()) return false;
  for (const Json& entry : netconf) {
    if (string_or(entry, "family") == family && string_or(entry, "interface") == "all")
      return flag_of(entry, "forwarding");
  }
  return false;
}

/// A VM namespace read by remote_vms_script().
Expected<core::ObservedVm> read_remote_vm(const std::string& netns, const std::string& output) {
  std::istringstream lines(output);
  std::string links_json, routes_json, netconf_json;
  std::getline(lines, links_json);
  std::getline(lines, routes_json);
  std::getline(lines, netconf_json);
  core::ObservedVm seen;
  seen.netns = netns;
  auto links = parse_links(links_json);
  if (!links) return links.error();
  seen.links = std::move(*links);
  auto routes = parse_routes(routes_json);
  if (!routes) return routes.error();
  seen.routes = std::move(*routes);
  auto netconf = parse_json(netconf_json.empty() ? "[]" : netconf_json);
  if (!netconf) return Error{"cannot read `ip -j netconf show` in " + netns, ""};
  seen.forwarding_v4 = forwarding_of(*netconf, "inet");
  seen.forwarding_v6 = forwarding_of(*netconf, "inet6");
  return seen;
}

/// Debug log of every script run on a host, with its duration (one logger per subsystem).
void log_script(const char* what, const std::string& host, std::size_t items,
                std::chrono::steady_clock::time_point start) {
  auto logger = spdlog::get("backend");
  if (!logger) return;
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start);
  logger->debug("{} {}: {} items in {} ms", what, host, items, ms.count());
}

core::ObservedHost unreachable(std::string why) {
  core::ObservedHost h;
  h.reachable = false;
  h.error = std::move(why);
  return h;
}

}  // namespace

NetnsBackend::NetnsBackend(const core::DesiredState& desired, std::chrono::milliseconds timeout,
                           RemoteAccess remote, unsigned jobs)
    : m_desired(desired),
      m_timeout(timeout),
      m_remote(std::move(remote)),
      m_jobs(jobs),
      m_connections(desired.hosts.size()),
      m_connect_errors(desired.hosts.size()),
      m_round_trips(desired.hosts.size()) {}

Transport* NetnsBackend::transport_for(std::uint32_t host, std::string* error) {
  if (host >= m_desired.hosts.size() || m_desired.hosts[host].simulated) return &m_local;
  if (m_connections[host]) return m_connections[host].get();
  if (m_connect_errors[host].empty()) {
    auto endpoint = m_remote.endpoints.find(m_desired.hosts[host].name);
    auto refused = m_remote.refused.find(m_desired.hosts[host].name);
    if (refused != m_remote.refused.end()) {
      m_connect_errors[host] = refused->second;
    } else if (endpoint == m_remote.endpoints.end()) {
      m_connect_errors[host] = "no way to reach host " + m_desired.hosts[host].name + " was given";
    } else if (auto connected = connect_kept(endpoint->second, m_remote.options)) {
      m_connections[host] = std::move(*connected);
      return m_connections[host].get();
    } else {
      m_connect_errors[host] =
          connected.error().message +
          (connected.error().hint.empty() ? "" : " (" + connected.error().hint + ")");
    }
  }
  if (error) *error = m_connect_errors[host];
  return nullptr;
}

std::string NetnsBackend::host_script(const core::DesiredHost& host) const {
  ProxyConfigurator proxy(host.netns, core::ownership_alias_prefix(m_desired.scenario));
  if (!host.simulated) return proxy.observe_script() + remote_vms_script(m_desired.scenario);
  std::string exists = "[ -e /run/netns/" + sh_quote(host.netns) + " ]";
  return section_marker("exists") + "\n" + exists + " && echo yes\nif " + exists + "; then\n" +
         proxy.observe_script() + "fi\n";
}

core::ObservedHost NetnsBackend::observe_host(std::size_t h) {
  const core::DesiredHost& host = m_desired.hosts[h];
  std::string why;
  Transport* transport = transport_for(static_cast<std::uint32_t>(h), &why);
  if (!transport) return unreachable(why);
  auto start = std::chrono::steady_clock::now();
  ++m_round_trips[h];
  auto result = transport->run_script(host_script(host), m_timeout);
  log_script("observe", host.name, host.vms.size(), start);
  if (!result) return unreachable(result.error().message);
  if (result->timed_out) return unreachable("observing " + host.name + " timed out");
  auto sections = split_sections(result->out);
  core::ObservedHost seen;
  seen.netns_exists = !host.simulated || sections["exists"].find("yes") != std::string::npos;
  if (seen.netns_exists) {
    ProxyConfigurator proxy(host.netns, core::ownership_alias_prefix(m_desired.scenario));
    auto read = proxy.read(sections, seen);
    if (!read) return unreachable(read.error().message);
  }
  if (!host.simulated) {
    const std::string prefix = core::vm_netns_name(m_desired.scenario, "");
    for (const auto& [name, text] : sections) {
      if (name.rfind("vm:", 0) != 0) continue;
      std::string netns = name.substr(3);
      auto observed = read_remote_vm(netns, text);
      if (!observed) return unreachable(observed.error().message);
      seen.vms[netns.substr(prefix.size())] = std::move(*observed);
    }
    return seen;
  }
  // VM namespaces of simulated hosts are on this machine: read in-process, no process each.
  for (const core::DesiredVm& vm : host.vms) {
    if (::access(("/run/netns/" + vm.netns).c_str(), F_OK) != 0) continue;
    auto observed = read_netns(vm.netns);
    if (!observed) return unreachable(observed.error().message);
    seen.vms[vm.name] = std::move(*observed);
  }
  return seen;
}

core::ObservedMachine NetnsBackend::observe_machine() {
  // In-process: a directory listing, not `ip netns list` (which opens every namespace), and
  // the underlay read through rtnetlink. No child process on a run with nothing to change.
  core::ObservedMachine machine;
  const std::string prefix = core::scenario_netns_prefix(m_desired.scenario) + ".";
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/run/netns", ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0) machine.netns.push_back(name);
  }
  std::sort(machine.netns.begin(), machine.netns.end());
  const std::string underlay = core::underlay_netns_name(m_desired.scenario);
  if (std::find(machine.netns.begin(), machine.netns.end(), underlay) == machine.netns.end())
    return machine;
  auto seen = read_netns(underlay);
  if (!seen) return machine;
  const std::string bridge(core::k_underlay_bridge);
  for (const core::ObservedLink& l : seen->links) {
    if (l.name == bridge && l.up) machine.underlay_bridge = true;
    if (l.master == bridge && l.up) machine.underlay_ports.push_back(l.name);
  }
  return machine;
}

core::ObservedState NetnsBackend::observe() {
  core::ObservedState state;
  auto machine = std::async(std::launch::async, [this] { return observe_machine(); });
  state.hosts.resize(m_desired.hosts.size());
  parallel_for(state.hosts.size(), parallel_width(m_jobs, state.hosts.size()),
               [&](std::size_t h) { state.hosts[h] = observe_host(h); });
  state.machine = machine.get();
  return state;
}

std::string NetnsBackend::round_trips() const {
  std::string out;
  for (std::size_t h = 0; h < m_desired.hosts.size(); ++h) {
    out += (out.empty() ? "" : ", ") + m_desired.hosts[h].name + " " +
           std::to_string(m_round_trips[h].load());
  }
  return out;
}

std::vector<core::ActionResult> NetnsBackend::run(const core::Plan& plan, std::uint32_t host,
                                                  const std::vector<std::size_t>& batch) {
  std::string why;
  Transport* transport = transport_for(host, &why);
  std::string host_netns = host < m_desired.hosts.size() ? m_desired.hosts[host].netns : "";
  if (!transport) return std::vector<core::ActionResult>(batch.size(), {false, why});
  ProxyConfigurator proxy(host_netns, core::ownership_alias_prefix(m_desired.scenario));
  BatchScript script;
  for (std::size_t i : batch) {
    const core::Action& a = plan.actions[i];
    script.add(ProxyConfigurator::handles(a.kind) ? proxy.steps(a) : netns_steps(a, host_netns));
  }
  auto start = std::chrono::steady_clock::now();
  if (host < m_round_trips.size()) ++m_round_trips[host];
  auto result = transport->run_script(script.text(), m_timeout);
  log_script("apply", plan.host_names[host], batch.size(), start);
  if (!result)
    return std::vector<core::ActionResult>(batch.size(), {false, result.error().message});
  std::string fallback = result->timed_out
                             ? "timed out after " + std::to_string(m_timeout.count() / 1000) + " s"
                             : "the script ended early: " + result->err;
  return script.results(result->out, fallback);
}

}  // namespace dcod::plugins
