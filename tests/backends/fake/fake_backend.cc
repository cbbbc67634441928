#include "fake_backend.h"

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>

#include "util/json.h"

namespace dcod::test {

namespace {

using core::ActionOp;
using core::ObjectKind;

std::string hosts_dir() {
  const char* dir = std::getenv("DCOD_FAKE_HOSTS");
  return dir && *dir ? dir : "/tmp";
}

Json read_state(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = parse_json(text.str().empty() ? "{}" : text.str());
  Json state = parsed && parsed->is_object() ? *parsed : Json::object();
  for (const char* key : {"vteps", "vms", "foreign"}) {
    if (!state.contains(key)) state[key] = Json::object();
  }
  return state;
}

core::ObservedVtep vtep_of(const Json& v) {
  core::ObservedVtep o;
  std::string net = string_or(v, "net");
  o.bridge = core::ObservedBridge{net, static_cast<std::uint32_t>(number_or(v, "mtu")), true};
  o.tunnel = core::ObservedTunnel{net,
                                  static_cast<std::uint32_t>(number_or(v, "vni")),
                                  string_or(v, "local"),
                                  static_cast<std::uint16_t>(number_or(v, "port")),
                                  false,
                                  true,
                                  true,
                                  static_cast<std::uint32_t>(number_or(v, "mtu")),
                                  true};
  for (const Json& f : v["flood"]) o.flood.push_back(f.get<std::string>());
  for (const auto& [mac, dst] : v["fdb"].items())
    o.fdb.push_back({*core::parse_mac(mac), dst.get<std::string>()});
  for (const auto& [ip, mac] : v["neigh"].items())
    o.neigh.push_back({*core::parse_ip_address(ip), *core::parse_mac(mac.get<std::string>())});
  return o;
}

/// A fake VM manages its interfaces' nets and MACs and its resources; addresses, routes and
/// forwarding are the guest's own business (left out: nullopt), as on a VirtualBox host.
core::ObservedVm vm_of(const Json& v) {
  core::ObservedVm o;
  o.cpus = static_cast<std::uint32_t>(number_or(v, "cpus"));
  o.memory_mb = static_cast<std::uint64_t>(number_or(v, "memory"));
  for (const auto& [id, i] : v["interfaces"].items()) {
    core::ObservedInterface oi;
    oi.net = string_or(i, "net");
    oi.vni = static_cast<std::uint32_t>(number_or(i, "vni"));
    oi.mac = core::parse_mac(string_or(i, "mac"));
    oi.up = true;
    o.interfaces[static_cast<std::uint32_t>(std::stoul(id))] = oi;
  }
  return o;
}

Json vtep_json(const core::DesiredVtep& v) {
  return {{"vni", v.vni},          {"net", v.net},           {"local", v.local.address},
          {"port", v.port},        {"mtu", v.mtu},           {"flood", Json::array()},
          {"fdb", Json::object()}, {"neigh", Json::object()}};
}

Json vm_json(const core::DesiredVm& vm) {
  return {{"cpus", vm.cpus}, {"memory", vm.memory_mb}, {"interfaces", Json::object()}};
}

/// One action on the file's state.
void apply(const core::Action& a, Json& state) {
  const core::ActionTarget& t = a.target;
  const std::string vni = std::to_string(t.vtep.vni);
  Json& vteps = state["vteps"];
  Json& vms = state["vms"];
  const bool remove = a.op == ActionOp::remove;
  switch (a.kind) {
    case ObjectKind::bridge:
    case ObjectKind::tunnel:
      if (remove)
        vteps.erase(vni);
      else if (!vteps.contains(vni) || t.recreate)
        vteps[vni] = vtep_json(t.vtep);
      else
        vteps[vni]["net"] = t.vtep.net;
      break;
    case ObjectKind::flood_entry: {
      Json& flood = vteps[vni]["flood"];
      for (auto it = flood.begin(); it != flood.end(); ++it) {
        if (*it == t.peer.address) {
          flood.erase(it);
          break;
        }
      }
      if (!remove) flood.push_back(t.peer.address);
      break;
    }
    case ObjectKind::fdb_entry:
      if (remove)
        vteps[vni]["fdb"].erase(t.fdb.mac.to_string());
      else
        vteps[vni]["fdb"][t.fdb.mac.to_string()] = t.fdb.dst;
      break;
    case ObjectKind::neigh_entry:
      if (remove)
        vteps[vni]["neigh"].erase(t.neigh.ip.to_string());
      else
        vteps[vni]["neigh"][t.neigh.ip.to_string()] = t.neigh.mac.to_string();
      break;
    case ObjectKind::vm:
      if (remove)
        vms.erase(t.name);
      else if (!vms.contains(t.name))
        vms[t.name] = vm_json(t.vm);
      else
        vms[t.name].update({{"cpus", t.vm.cpus}, {"memory", t.vm.memory_mb}});
      break;
    case ObjectKind::vm_interface:
      if (remove)
        vms[t.name]["interfaces"].erase(std::to_string(t.iface.id));
      else
        vms[t.name]["interfaces"][std::to_string(t.iface.id)] = {
            {"net", t.iface.net}, {"vni", t.iface.vni}, {"mac", t.iface.mac.to_string()}};
      break;
    default:  // addresses, routes, forwarding, on_boot: the guest's own business here
      break;
  }
}

class FakeHost : public core::HostBackend {
 public:
  explicit FakeHost(core::Host host) : m_host(std::move(host)) {}

  Expected<core::Endpoint> endpoint() override {
    return core::Endpoint{
        m_host.name, m_host.underlay_address.empty() ? m_host.address : m_host.underlay_address};
  }

  core::ObservedHost observe(const core::DesiredHost&) override {
    std::lock_guard<std::mutex> lock(m_mutex);
    Json state = read_state(path(".json"));
    core::ObservedHost seen;
    for (const auto& [vni, v] : state["vteps"].items())
      seen.vteps[static_cast<std::uint32_t>(std::stoul(vni))] = vtep_of(v);
    for (const auto& [name, v] : state["vms"].items()) seen.vms[name] = vm_of(v);
    for (const auto& [vni, owner] : state["foreign"].items()) {
      seen.foreign_vnis[static_cast<std::uint32_t>(std::stoul(vni))] =
          core::ForeignUse{owner.get<std::string>(), "fake device " + vni};
    }
    return seen;
  }

  std::vector<core::ActionResult> run(const core::Plan& plan,
                                      const std::vector<std::size_t>& batch) override {
    std::lock_guard<std::mutex> lock(m_mutex);
    Json state = read_state(path(".json"));
    std::ofstream log(path(".log"), std::ios::app);
    for (std::size_t i : batch) {
      apply(plan.actions[i], state);
      log << core::op_verb(plan.actions[i].op) << " " << plan.actions[i].summary << "\n";
    }
    std::ofstream(path(".json")) << state.dump(1) << "\n";
    return std::vector<core::ActionResult>(batch.size(), {true, ""});
  }

  Expected<std::vector<core::CommandOutcome>> run_in_vm(
      const std::string& vm, const std::vector<core::VmCommand>& commands, bool) override {
    std::vector<core::CommandOutcome> out;
    for (const core::VmCommand& c : commands) {
      std::string line = "fake " + m_host.name + "/" + vm + ":";
      for (const std::string& a : c.argv) line += " " + a;
      out.push_back({true, 0, line + "\n", ""});
    }
    return out;
  }

 private:
  std::string path(const char* suffix) const { return hosts_dir() + "/" + m_host.name + suffix; }

  core::Host m_host;
  std::mutex m_mutex;
};

core::BackendTraits fake_traits() {
  core::BackendTraits t;
  t.name = "fake";
  t.label = "fake";
  t.address_hint = "a fake host's address is its tunnel end point";
  t.proxy_hint = "a fake host has its VTEP in its file";
  return t;
}

Expected<plugins::BackendSet> create_fake(const plugins::BackendContext& ctx,
                                          const std::vector<std::uint32_t>& hosts) {
  plugins::BackendSet set;
  for (std::uint32_t h : hosts) set.hosts.push_back(std::make_unique<FakeHost>(ctx.hosts[h]));
  return set;
}

}  // namespace

plugins::BackendFactory fake_backend_factory() {
  return {fake_traits(), "hosts that are JSON files (tests only)", false, create_fake};
}

}  // namespace dcod::test
