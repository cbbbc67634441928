#include "virtualbox/virtualbox_host.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "linux/proxy_configurator.h"
#include "linux/sections.h"
#include "session/kept_session.h"
#include "virtualbox/vbox_observation.h"

namespace dcod::plugins {

namespace {

/// Debug log of every text run, as for netns hosts.
void log_text(const char* what, const std::string& host,
              std::chrono::steady_clock::time_point start) {
  auto logger = spdlog::get("backend");
  if (!logger) return;
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start);
  logger->debug("{} {}: {} ms", what, host, ms.count());
}

std::chrono::seconds call_limit(std::chrono::milliseconds timeout) {
  auto s = std::chrono::duration_cast<std::chrono::seconds>(timeout);
  return s.count() > 0 ? s : std::chrono::seconds(300);
}

}  // namespace

VirtualBoxHost::VirtualBoxHost(VirtualBoxHostSpec spec)
    : m_spec(std::move(spec)),
      m_driver(
          *m_spec.platform,
          m_spec.host.vboxmanage.empty() ? m_spec.platform->default_vboxmanage
                                         : m_spec.host.vboxmanage,
          [this](const std::string& text, const char* what) -> Expected<ProcessResult> {
            auto s = host_session();
            if (!s) return s.error();
            return run_on(**s, text, "VBoxManage (" + std::string(what) + ")");
          },
          call_limit(m_spec.timeout)) {}

VirtualBoxHost::~VirtualBoxHost() {
  if (auto logger = spdlog::get("backend"))
    logger->debug(
        "{}: {} round trips to the host, {} to its proxy VM; {} VBoxManage calls, {} "
        "changing",
        m_spec.host.name, m_round_trips.load() - m_proxy_trips.load(), m_proxy_trips.load(),
        m_driver.calls(), m_driver.mutating_calls());
}

Error VirtualBoxHost::proxy_missing() const {
  return where(Error{"proxy VM '" + m_spec.host.proxy->vm + "' is not registered on the host",
                     "VirtualBox keeps one registry per user: the SSH user" +
                         (m_spec.login.user.empty() ? "" : " (" + m_spec.login.user + ")") +
                         " may not be the user who owns the VM; log in as that user, or create "
                         "the VM, or name another in <proxy vm=...>",
                     ErrorCode::failed});
}

Error VirtualBoxHost::where(Error e) const {
  return on_host(std::move(e), m_spec.host.name);
}

Expected<ProcessResult> VirtualBoxHost::run_on(Session& session, const std::string& text,
                                               const std::string& what) {
  auto start = std::chrono::steady_clock::now();
  ++m_round_trips;
  if (&session == m_proxy_session.get()) ++m_proxy_trips;
  auto result = session.run(text, m_spec.timeout);
  log_text(what.c_str(), m_spec.host.name, start);
  if (!result) {
    Error e = result.error();
    e.message = what + ": " + e.message;  // what ran, when the host's answer was the trouble
    return where(e);
  }
  if (result->timed_out)
    return where(
        Error{what + " timed out after " + std::to_string(m_spec.timeout.count() / 1000) + " s", "",
              ErrorCode::timed_out});
  return result;
}

Expected<Session*> VirtualBoxHost::host_session() {
  std::lock_guard<std::recursive_mutex> lock(m_mutex);
  if (m_host_session) return m_host_session.get();
  if (m_host_error) return *m_host_error;
  auto made = m_spec.connect ? m_spec.connect(m_spec.host.address)
                             : connect_kept(m_spec.login, m_spec.ssh, *m_spec.platform->dialect);
  if (!made) {
    m_host_error = where(made.error());
    return *m_host_error;
  }
  if (auto refused = check_shell(**made)) {
    m_host_error = *refused;
    return *m_host_error;
  }
  m_host_session = std::move(*made);
  return m_host_session.get();
}

std::optional<Error> VirtualBoxHost::check_shell(Session& session) {
  const ShellDialect& dialect = *m_spec.platform->dialect;
  const std::string probe = dialect.probe();
  if (probe.empty()) return std::nullopt;
  auto printed = run_on(session, probe, "check the shell");
  if (!printed) return printed.error();
  auto home = dialect.probed(*printed);
  if (!home) return where(home.error());
  m_home = *home;
  return std::nullopt;
}

Expected<Session*> VirtualBoxHost::proxy_session() {
  std::lock_guard<std::recursive_mutex> lock(m_mutex);
  std::string address = proxy_address_now();
  if (address.empty())
    return where(Error{
        "proxy VM '" + m_spec.host.proxy->vm + "' runs, but its guest has not told its address",
        "check that the VirtualBox guest additions run in it, or give <proxy "
        "underlay-address=...>",
        ErrorCode::unreachable});
  if (m_proxy_session && m_proxy_session_address == address) return m_proxy_session.get();
  SshEndpoint login = m_spec.proxy_login;
  login.address = address;
  auto made = m_spec.connect_proxy ? m_spec.connect_proxy(address)
                                   : connect_kept(login, m_spec.ssh, posix_dialect());
  if (!made) {
    Error e = made.error();
    e.message = "proxy VM '" + m_spec.host.proxy->vm + "' at " + address + ": " + e.message;
    return where(e);
  }
  m_proxy_session = std::move(*made);
  m_proxy_session_address = address;
  return m_proxy_session.get();
}

Expected<HostView> VirtualBoxHost::read_view() {
  // The VMs placed here and those the record remembers are read by name; without a record,
  // every VM is listed to find the scenario's by their names and markers.
  ViewRequest request{m_spec.scenario, m_spec.host.proxy->vm, m_spec.vms, !m_spec.recorded_vms};
  if (m_spec.recorded_vms) {
    for (const std::string& vm : *m_spec.recorded_vms) {
      if (std::find(request.vms.begin(), request.vms.end(), vm) == request.vms.end())
        request.vms.push_back(vm);
    }
  }
  auto replies = m_driver.run(host_view_chains(request), "observe");
  if (!replies) return replies.error();
  auto view = read_host_view(request, *replies, *m_spec.platform);
  if (!view) return where(view.error());
  if (!view->unread.empty()) {
    auto more = m_driver.run(unread_chains(*view), "observe leftovers");
    if (!more) return more.error();
    auto read = read_unread(request, *more, *m_spec.platform, *view);
    if (!read) return where(read.error());
  }
  return view;
}

Expected<HostView*> VirtualBoxHost::view() {
  std::lock_guard<std::recursive_mutex> lock(m_mutex);
  if (m_view) return &*m_view;
  if (m_view_error) return *m_view_error;
  auto read = read_view();
  if (!read) {
    m_view_error = read.error();
    return *m_view_error;
  }
  m_view = std::move(*read);
  return &*m_view;
}

std::string VirtualBoxHost::proxy_address_now() const {
  const core::ProxySpec& proxy = *m_spec.host.proxy;
  if (!proxy.underlay_address.empty()) return proxy.underlay_address;
  if (!m_view || !m_view->proxy || !m_view->proxy->running()) return "";
  return proxy_address(*m_view->proxy, m_view->proxy_props);
}

Expected<core::Endpoint> VirtualBoxHost::endpoint() {
  std::lock_guard<std::recursive_mutex> lock(m_mutex);
  const core::Host& h = m_spec.host;
  if (!h.proxy->underlay_address.empty()) return core::Endpoint{h.name, h.proxy->underlay_address};
  // As far as the host tells without changing anything; a host that cannot be read now is
  // reported when it is observed.
  (void)view();
  std::string address = proxy_address_now();
  if (address.empty()) address = h.underlay_address;  // a departed host's, from the record
  return core::Endpoint{h.name, address};
}

core::ObservedHost VirtualBoxHost::observe(const core::DesiredHost& want) {
  std::lock_guard<std::recursive_mutex> lock(m_mutex);
  auto v = view();
  if (!v) return core::ObservedHost::unreachable(v.error());
  const HostView& seen = **v;
  if (!seen.proxy) return core::ObservedHost::unreachable(proxy_missing());
  return observe_proxy(seen, want);
}

core::ObservedHost VirtualBoxHost::observe_proxy(const HostView& view,
                                                 const core::DesiredHost& want) {
  ProxyConfigurator proxy("", m_spec.scenario, m_spec.global.udp_port);
  ProxyObservation inside;
  if (view.proxy->running()) {  // a proxy VM that is off holds no bridges or tunnels
    auto session = proxy_session();
    if (!session) return core::ObservedHost::unreachable(session.error());
    auto result = run_on(**session, proxy.observe_script(), "observe proxy");
    if (!result) return core::ObservedHost::unreachable(result.error());
    auto read = proxy.read(split_sections(result->out));
    if (!read) return core::ObservedHost::unreachable(where(read.error()));
    inside = std::move(*read);
  }
  return observed_vbox_host(m_spec.scenario, view, std::move(inside), want);
}

Expected<std::vector<core::CommandOutcome>> VirtualBoxHost::run_in_vm(
    const std::string& vm, const std::vector<core::VmCommand>&, bool) {
  return where(Error{"running commands is not supported for VirtualBox VMs ('" + vm + "')",
                     "reach the guest over its own network or console; guest control comes later",
                     ErrorCode::invalid});
}

}  // namespace dcod::plugins
