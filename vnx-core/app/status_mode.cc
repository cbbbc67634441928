// --status: desired vs observed per host, drift marked (text or JSON). Nothing is changed.

#include <algorithm>
#include <iostream>

#include "app/modes.h"
#include "app/reconcile.h"
#include "app/scenario_input.h"
#include "diff/diff.h"
#include "observe/observe.h"
#include "util/json.h"
#include "util/words.h"

namespace dcod::app {

namespace {

/// The plan's lines for one host: what differs there.
std::vector<std::string> drift_of(const core::Plan& plan, std::uint32_t host) {
  std::vector<std::string> lines;
  for (const core::Action& a : plan.actions) {
    if (a.host == host) lines.push_back(std::string(1, core::op_symbol(a.op)) + " " + a.summary);
  }
  return lines;
}

/// One net across hosts: where it should be, and whether any action of the plan touches it there.
struct NetStatus {
  const core::Net* net = nullptr;
  std::vector<std::string> hosts;
  std::size_t drift = 0;
};

std::vector<NetStatus> net_status(const Reconcile& r, const core::Plan& plan) {
  std::vector<NetStatus> out;
  for (const core::Net& net : r.scenario.nets) {
    NetStatus n;
    n.net = &net;
    for (const core::DesiredHost& h : r.desired.hosts) {
      for (const core::DesiredVtep& v : h.vteps) {
        if (v.vni == net.vni) n.hosts.push_back(h.name);
      }
    }
    for (const core::Action& a : plan.actions) {
      bool on_net = a.target.vtep.vni == net.vni || a.target.iface.vni == net.vni;
      n.drift += on_net ? 1 : 0;
    }
    out.push_back(std::move(n));
  }
  return out;
}

std::string status_text(const Reconcile& r, const core::ObservedState& seen,
                        const core::Plan& plan) {
  std::string out;
  for (const NetStatus& n : net_status(r, plan)) {
    std::string hosts;
    for (const std::string& h : n.hosts) hosts += " " + h;
    out += "net " + n.net->name + " (VNI " + std::to_string(n.net->vni) + ") on" +
           (hosts.empty() ? " no host" : hosts) + ": " +
           (n.drift ? "DRIFT, " + std::to_string(n.drift) + " to fix" : std::string("in sync")) +
           "\n";
  }
  for (std::uint32_t h = 0; h < plan.host_names.size(); ++h) {
    bool is_host = h < r.desired.hosts.size();
    std::vector<std::string> drift = drift_of(plan, h);
    std::string line = plan.host_names[h] + ": ";
    auto refusal = std::find_if(plan.refusals.begin(), plan.refusals.end(),
                                [&](const core::Refusal& x) { return x.host == h; });
    if (is_host && !seen.hosts[h].reachable) {
      line += "UNREACHABLE (" + describe(seen.hosts[h].error) + ")";
    } else if (refusal != plan.refusals.end()) {
      line += "REFUSED (" + describe(refusal->why) + ")";
    } else if (drift.empty()) {
      line += "in sync";
    } else {
      line += "DRIFT, " + std::to_string(drift.size()) + " to fix";
    }
    if (is_host) {
      const core::DesiredHost& d = r.desired.hosts[h];
      line +=
          " [" + counted(d.vteps.size(), "VNI", "VNIs") + ", " + counted(d.vms.size(), "VM", "VMs");
      std::size_t present = 0;
      for (const core::DesiredVm& vm : d.vms) present += seen.hosts[h].vms.count(vm.name);
      line += ", " + std::to_string(present) + " present]";
    }
    out += line + "\n";
    for (const std::string& d : drift) out += "  " + d + "\n";
  }
  return out;
}

OrderedJson strings(const std::vector<std::string>& lines) {
  OrderedJson out = OrderedJson::array();
  for (const std::string& line : lines) out.push_back(line);
  return out;
}

OrderedJson host_json(const core::DesiredHost& d, const core::ObservedHost& seen,
                      const std::vector<std::string>& drift) {
  OrderedJson vnis = OrderedJson::array(), vms = OrderedJson::object();
  for (const core::DesiredVtep& v : d.vteps) vnis.push_back(v.vni);
  for (const core::DesiredVm& vm : d.vms)
    vms[vm.name] = seen.vms.count(vm.name) ? "present" : "missing";
  return {{"reachable", seen.reachable},
          {"error", seen.reachable ? OrderedJson() : OrderedJson(describe(seen.error))},
          {"in_sync", drift.empty() && seen.reachable},
          {"vnis", std::move(vnis)},
          {"vms", std::move(vms)},
          {"drift", strings(drift)}};
}

std::string status_json(const Reconcile& r, const core::ObservedState& seen,
                        const core::Plan& plan) {
  OrderedJson hosts = OrderedJson::object(), nets = OrderedJson::object();
  for (std::uint32_t h = 0; h < r.desired.hosts.size(); ++h)
    hosts[r.desired.hosts[h].name] =
        host_json(r.desired.hosts[h], seen.hosts[h], drift_of(plan, h));
  for (const NetStatus& n : net_status(r, plan))
    nets[n.net->name] = {
        {"vni", n.net->vni}, {"hosts", strings(n.hosts)}, {"in_sync", n.drift == 0}};
  OrderedJson out = {{"scenario", r.scenario.name},
                     {"in_sync", plan.empty()},
                     {"hosts", std::move(hosts)},
                     {"nets", std::move(nets)},
                     {"director_drift", strings(drift_of(plan, plan.director()))}};
  return to_text(out) + "\n";
}

}  // namespace

int run_status(const Invocation& invocation) {
  const CliOptions& options = invocation.options;
  auto r = prepare(invocation);
  if (!r) return k_exit_usage;
  core::ObservedState observed = core::observe(r->desired, r->backends, options.jobs);
  core::Plan plan = core::diff(r->desired, observed);
  std::string text =
      options.format == "json" ? status_json(*r, observed, plan) : status_text(*r, observed, plan);
  bool unreachable = std::any_of(observed.hosts.begin(), observed.hosts.end(),
                                 [](const core::ObservedHost& h) { return !h.reachable; }) ||
                     !plan.refusals.empty();
  if (!write_output(options, text)) return k_exit_failed;
  return unreachable ? k_exit_failed : k_exit_ok;
}

}  // namespace dcod::app
