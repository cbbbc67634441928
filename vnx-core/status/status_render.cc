// The --status report in words: a headline, the nets, then a block of tables per host; or as
// JSON with the same states.

#include <map>

#include "status/inspect.h"
#include "util/json.h"
#include "util/text_table.h"
#include "util/words.h"

namespace dcod::core {

namespace {

std::string or_dash(const std::string& text) {
  return text.empty() ? "-" : text;
}

std::string joined(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : separator) + p;
  return out;
}

/// "hv1 and hv3": the hosts in a state.
std::string hosts_in(const StatusReport& r, const std::string& state, std::size_t* to_fix) {
  std::vector<std::string> names;
  for (const HostStatus& h : r.hosts) {
    if (h.state != state) continue;
    names.push_back(h.name);
    if (to_fix) *to_fix += h.to_fix;
  }
  return listed_names(names);
}

std::string headline(const StatusReport& r) {
  std::size_t hosts = 0;
  for (const HostStatus& h : r.hosts) hosts += h.endpoint.empty() ? 0 : 1;  // the scenario's
  if (r.state == "not created")
    return r.scenario + " is not created: nothing of it is on its " +
           counted(hosts, "host", "hosts") + "; dcod --create makes it";
  if (r.state == "in sync") return r.scenario + ": in sync on " + counted(hosts, "host", "hosts");
  if (r.state == "not observed") {
    std::string unreachable = hosts_in(r, "unreachable", nullptr);
    std::string refused = hosts_in(r, "refused", nullptr);
    std::string which = unreachable.empty() ? refused
                        : refused.empty()   ? unreachable
                                            : unreachable + ", " + refused;
    return r.scenario + ": " + (which.empty() ? "the director" : which) +
           " could not be observed; the rest is below";
  }
  std::size_t to_fix = 0;
  std::string where = hosts_in(r, "drift", &to_fix);
  std::string missing = hosts_in(r, "not created", &to_fix);
  if (!missing.empty()) where += (where.empty() ? "" : ", ") + missing + " not created";
  return r.scenario + ": drift on " + where + " (" + std::to_string(to_fix) +
         " to fix); dcod --create repairs it";
}

std::string nets_table(const StatusReport& r) {
  TextTable t({"NET", "VNI", "HOSTS", "STATE"});
  for (const NetRow& n : r.nets)
    t.add({n.name, std::to_string(n.vni), or_dash(joined(n.hosts, " ")), state_word(n.state)});
  return t.text();
}

std::string host_heading(const HostStatus& h, bool director) {
  std::string where = director             ? ""
                      : h.endpoint.empty() ? " (no longer in the scenario)"
                                           : " (end point " + h.endpoint + ")";
  std::string state = h.state;
  if (h.to_fix) state += ", " + std::to_string(h.to_fix) + " to fix";
  if (!h.why.empty()) state += ": " + h.why;
  return h.name + where + ": " + state + "\n";
}

std::string host_block(const HostStatus& h, bool director) {
  std::string out = host_heading(h, director);
  if (!h.interfaces.empty()) {
    TextTable t({"VM", "IF", "NET", "MAC", "ADDRESSES", "STATE"});
    for (const InterfaceRow& i : h.interfaces)
      t.add({i.vm, or_dash(i.interface), or_dash(i.net), or_dash(i.mac),
             or_dash(joined(i.addresses, " ")), state_word(i.state)});
    out += t.text("  ");
  }
  if (!h.vteps.empty()) {
    TextTable t({"VNI", "NET", "FLOOD", "STATE"});
    for (const VtepRow& v : h.vteps)
      t.add({std::to_string(v.vni), or_dash(v.net), or_dash(joined(v.flood, ", ")),
             state_word(v.state)});
    out += t.text("  ");
  }
  if (!h.lines.empty()) {
    out += "  to fix:\n";
    for (const std::string& line : h.lines) out += "    " + line + "\n";
  }
  return out;
}

OrderedJson strings(const std::vector<std::string>& lines) {
  OrderedJson out = OrderedJson::array();
  for (const std::string& line : lines) out.push_back(line);
  return out;
}

OrderedJson host_json(const HostStatus& h) {
  OrderedJson vnis = OrderedJson::array(), vms = OrderedJson::object();
  OrderedJson interfaces = OrderedJson::array(), vteps = OrderedJson::array();
  for (const VtepRow& v : h.vteps) {
    vteps.push_back({{"vni", v.vni},
                     {"net", v.net},
                     {"flood", strings(v.flood)},
                     {"state", state_word(v.state)}});
    if (v.wanted) vnis.push_back(v.vni);
  }
  for (const InterfaceRow& i : h.interfaces) {
    if (i.wanted) vms[i.vm] = i.vm_found ? "present" : "missing";
    interfaces.push_back({{"vm", i.vm},
                          {"interface", i.interface},
                          {"net", i.net},
                          {"vni", i.vni},
                          {"mac", i.mac},
                          {"addresses", strings(i.addresses)},
                          {"state", state_word(i.state)}});
  }
  bool reachable = h.state != "unreachable";
  return {{"reachable", reachable},
          {"error", reachable ? OrderedJson() : OrderedJson(h.why)},
          {"in_sync", h.state == "in sync"},
          {"state", h.state},
          {"endpoint", h.endpoint.empty() ? OrderedJson() : OrderedJson(h.endpoint)},
          {"vnis", std::move(vnis)},
          {"vms", std::move(vms)},
          {"drift", strings(h.lines)},
          {"interfaces", std::move(interfaces)},
          {"vteps", std::move(vteps)}};
}

}  // namespace

std::string status_table(const StatusReport& r) {
  std::string out = headline(r) + "\n";
  if (r.state == "not created") return out;
  if (!r.nets.empty()) out += "\n" + nets_table(r);
  for (const HostStatus& h : r.hosts) out += "\n" + host_block(h, h.director);
  return out;
}

std::string status_json(const StatusReport& r) {
  OrderedJson hosts = OrderedJson::object(), nets = OrderedJson::object();
  OrderedJson director = OrderedJson::array();
  for (const HostStatus& h : r.hosts) {
    if (h.director)
      director = strings(h.lines);
    else
      hosts[h.name] = host_json(h);
  }
  for (const NetRow& n : r.nets)
    nets[n.name] = {{"vni", n.vni},
                    {"hosts", strings(n.hosts)},
                    {"in_sync", n.state == RowState::in_sync},
                    {"state", state_word(n.state)}};
  OrderedJson out = {{"scenario", r.scenario},  {"in_sync", r.in_sync()},
                     {"state", r.state},        {"hosts", std::move(hosts)},
                     {"nets", std::move(nets)}, {"director_drift", std::move(director)}};
  return to_text(out) + "\n";
}

}  // namespace dcod::core
