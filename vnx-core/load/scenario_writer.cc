#include "load/scenario_writer.h"

#include <sstream>

namespace dcod::core {

namespace {

std::string escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '"')
      out += "&quot;";
    else
      out += c;
  }
  return out;
}

/// Writes ` name="value"` when the value is not empty.
class Attributes {
 public:
  Attributes& add(std::string_view name, const std::string& value) {
    if (!value.empty()) m_text += " " + std::string(name) + "=\"" + escaped(value) + "\"";
    return *this;
  }
  template <typename T>
  Attributes& add(std::string_view name, const std::optional<T>& value) {
    if (value) add(name, std::to_string(*value));
    return *this;
  }
  const std::string& text() const { return m_text; }

 private:
  std::string m_text;
};

std::string chipset_name(Chipset c) {
  return c == Chipset::piix3 ? "piix3" : c == Chipset::ich9 ? "ich9" : "";
}

std::string os_name(HostOs os) {
  return os == HostOs::linux ? "linux" : os == HostOs::windows ? "windows" : "";
}

std::string decimal_text(double d) {
  std::ostringstream out;
  out << d;
  return out.str();
}

void write_global(std::ostream& out, const Global& g, bool any_simulated) {
  const Global defaults;
  Attributes seg, overlay;
  if (g.algorithm_given || g.algorithm != defaults.algorithm) seg.add("algorithm", g.algorithm);
  if (g.imbalance != defaults.imbalance) seg.add("imbalance", decimal_text(g.imbalance));
  if (g.seed != defaults.seed) seg.add("seed", std::to_string(g.seed));
  if (g.udp_port != defaults.udp_port) overlay.add("udp-port", std::to_string(g.udp_port));
  if (g.underlay_mtu != defaults.underlay_mtu)
    overlay.add("underlay-mtu", std::to_string(g.underlay_mtu));
  bool underlay = any_simulated && g.underlay_subnet != defaults.underlay_subnet;
  if (seg.text().empty() && overlay.text().empty() && !underlay) return;
  out << "  <global>\n";
  if (!seg.text().empty()) out << "    <segmentation" << seg.text() << "/>\n";
  if (!overlay.text().empty()) out << "    <overlay" << overlay.text() << "/>\n";
  if (underlay) out << "    <underlay subnet=\"" << g.underlay_subnet.to_string() << "\"/>\n";
  out << "  </global>\n\n";
}

void write_host(std::ostream& out, const Host& h) {
  Attributes a;
  a.add("name", h.name).add("backend", h.backend).add("os", os_name(h.os));
  a.add("address", h.address).add("underlay-address", h.underlay_address);
  if (h.port != 22) a.add("port", std::to_string(h.port));
  a.add("user", h.user).add("identity", h.identity);
  a.add("password-env", h.password_env).add("password-file", h.password_file);
  a.add("vboxmanage", h.vboxmanage).add("cpus", h.cpus).add("memory", h.memory_mb);
  a.add("max-vms", h.max_vms);
  if (!h.proxy) {
    out << "  <host" << a.text() << "/>\n";
    return;
  }
  const ProxySpec& p = *h.proxy;
  Attributes pa;
  pa.add("vm", p.vm).add("bridge-adapter", p.bridge_adapter);
  pa.add("underlay-address", p.underlay_address).add("user", p.user);
  pa.add("identity", p.identity).add("password-env", p.password_env);
  pa.add("password-file", p.password_file).add("chipset", chipset_name(p.chipset));
  out << "  <host" << a.text() << ">\n    <proxy" << pa.text() << "/>\n  </host>\n";
}

void write_interface(std::ostream& out, const Interface& i) {
  Attributes a;
  a.add("id", std::to_string(i.id)).add("net", i.net);
  if (i.mac) a.add("mac", i.mac->to_string());
  if (i.ipv4.empty() && i.ipv6.empty()) {
    out << "    <if" << a.text() << "/>\n";
    return;
  }
  out << "    <if" << a.text() << ">";
  for (const IpPrefix& p : i.ipv4) out << "<ipv4>" << p.to_string() << "</ipv4>";
  for (const IpPrefix& p : i.ipv6) out << "<ipv6>" << p.to_string() << "</ipv6>";
  out << "</if>\n";
}

std::string forwarding_name(Forwarding f) {
  return f == Forwarding::ipv4 ? "ipv4" : f == Forwarding::ipv6 ? "ipv6" : "ip";
}

void write_vm(std::ostream& out, const Vm& vm) {
  Attributes a;
  a.add("name", vm.name).add("host", vm.pinned_host);
  const Vm defaults;
  if (vm.cpus != defaults.cpus) a.add("cpus", std::to_string(vm.cpus));
  if (vm.memory_mb != defaults.memory_mb) a.add("memory", std::to_string(vm.memory_mb));
  a.add("chipset", chipset_name(vm.chipset));
  if (vm.on_director) a.add("director", "yes");
  out << "  <vm" << a.text() << ">\n";
  if (vm.image) {
    Attributes i;
    i.add("clone-of", vm.image->clone_of).add("snapshot", vm.image->snapshot);
    i.add("ova", vm.image->ova);
    out << "    <image" << i.text() << "/>\n";
  }
  for (const Interface& i : vm.interfaces) write_interface(out, i);
  for (const Route& r : vm.routes) {
    out << "    <route gw=\"" << r.gateway.to_string() << "\">"
        << (r.destination ? r.destination->to_string() : "default") << "</route>\n";
  }
  if (vm.forwarding != Forwarding::none)
    out << "    <forwarding type=\"" << forwarding_name(vm.forwarding) << "\"/>\n";
  for (const Exec& e : vm.execs)
    out << "    <exec seq=\"" << escaped(e.seq) << "\">" << escaped(e.command) << "</exec>\n";
  out << "  </vm>\n";
}

void write_groups(std::ostream& out, const char* kind, const std::vector<VmGroup>& groups) {
  for (const VmGroup& g : groups) {
    std::string vms;
    for (const std::string& v : g.vms) vms += (vms.empty() ? "" : " ") + v;
    out << "    <" << kind << " vms=\"" << escaped(vms) << "\"/>\n";
  }
}

}  // namespace

std::string write_scenario(const Scenario& s, const std::string& comment) {
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  if (!comment.empty()) out << "<!-- " << comment << " -->\n";
  out << "<scenario name=\"" << escaped(s.name) << "\" version=\"1\">\n";
  bool any_simulated = false;
  for (const Host& h : s.hosts) any_simulated = any_simulated || h.is_simulated();
  write_global(out, s.global, any_simulated);
  for (const Host& h : s.hosts) write_host(out, h);
  out << "\n";
  for (const Net& n : s.nets)
    out << "  <net name=\"" << escaped(n.name) << "\" vni=\"" << n.vni << "\"/>\n";
  out << "\n";
  for (const Vm& vm : s.vms) write_vm(out, vm);
  if (!s.affinity.empty() || !s.anti_affinity.empty()) {
    out << "\n  <constraints>\n";
    write_groups(out, "affinity", s.affinity);
    write_groups(out, "anti-affinity", s.anti_affinity);
    out << "  </constraints>\n";
  }
  out << "</scenario>\n";
  return out.str();
}

}  // namespace dcod::core
