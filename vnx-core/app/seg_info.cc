// --seg-info: the placement table and its metrics (DESIGN §8), as text or JSON.

#include <cstdio>
#include <optional>

#include "app/modes.h"
#include "app/scenario_input.h"
#include "placement/metrics.h"
#include "util/json.h"
#include "util/words.h"

namespace dcod::app {

namespace {

using core::Demand;
using core::Host;
using core::Scenario;
using core::SegmentationMetrics;

/// A number, or null when there is none.
OrderedJson optional_number(std::optional<long long> value) {
  return value ? OrderedJson(*value) : OrderedJson();
}

OrderedJson resource_json(std::uint64_t used, std::optional<std::uint64_t> capacity) {
  std::optional<long long> cap, left;
  if (capacity) {
    cap = static_cast<long long>(*capacity);
    left = *cap - static_cast<long long>(used);
  }
  return {{"used", used}, {"capacity", optional_number(cap)}, {"available", optional_number(left)}};
}

OrderedJson hosts_json(const Scenario& s, const SegmentationMetrics& m) {
  OrderedJson hosts = OrderedJson::object();
  for (std::size_t h = 0; h < s.hosts.size(); ++h) {
    const Host& host = s.hosts[h];
    hosts[host.name] = {{"vms", resource_json(m.used[h].vms, host.max_vms)},
                        {"cpus", resource_json(m.used[h].cpus, host.cpus)},
                        {"memory", resource_json(m.used[h].memory_mb, host.memory_mb)}};
  }
  return hosts;
}

OrderedJson nets_json(const Scenario& s, const SegmentationMetrics& m) {
  OrderedJson nets = OrderedJson::object();
  for (std::size_t n = 0; n < s.nets.size(); ++n) {
    OrderedJson hosts = OrderedJson::array();
    for (std::uint32_t h : m.net_hosts[n]) hosts.push_back(s.hosts[h].name);
    nets[s.nets[n].name] = {
        {"vni", s.nets[n].vni}, {"span", m.net_hosts[n].size()}, {"hosts", std::move(hosts)}};
  }
  return nets;
}

std::string seg_info_json(const Scenario& s, const core::Placement& p,
                          const SegmentationMetrics& m) {
  OrderedJson placement = OrderedJson::object();
  for (std::size_t vm = 0; vm < s.vms.size(); ++vm)
    placement[s.vms[vm].name] = s.hosts[p.host_of_vm[vm]].name;
  OrderedJson out = {{"scenario", s.name},
                     {"algorithm", s.global.algorithm},
                     {"replication_cost", m.replication_cost},
                     {"flood_entries", m.flood_entries},
                     {"imbalance", m.imbalance},
                     {"hosts", hosts_json(s, m)},
                     {"nets", nets_json(s, m)},
                     {"placement", std::move(placement)}};
  return to_text(out) + "\n";
}

std::string with_capacity(std::uint64_t used, std::optional<std::uint64_t> capacity) {
  return std::to_string(used) + (capacity ? "/" + std::to_string(*capacity) : "");
}

std::string row(const char* format, auto... values) {
  char buf[512];
  std::snprintf(buf, sizeof buf, format, values...);
  return buf;
}

std::string seg_info_text(const Scenario& s, const core::Placement& p,
                          const SegmentationMetrics& m) {
  std::string out = "scenario " + s.name + ": " + counted(s.vms.size(), "VM", "VMs") + " on " +
                    counted(s.hosts.size(), "host", "hosts") + ", " +
                    counted(s.nets.size(), "net", "nets") + ", algorithm " + s.global.algorithm +
                    "\n\n";
  out += row("%-20s %10s %10s %16s\n", "host", "VMs", "cpus", "memory MB");
  for (std::size_t h = 0; h < s.hosts.size(); ++h) {
    const Host& host = s.hosts[h];
    out += row("%-20s %10s %10s %16s\n", host.name.c_str(),
               with_capacity(m.used[h].vms, host.max_vms).c_str(),
               with_capacity(m.used[h].cpus, host.cpus).c_str(),
               with_capacity(m.used[h].memory_mb, host.memory_mb).c_str());
  }
  out += "\n" + row("%-20s %10s %6s  %s\n", "net", "VNI", "span", "hosts");
  for (std::size_t n = 0; n < s.nets.size(); ++n) {
    std::string hosts;
    for (std::uint32_t h : m.net_hosts[n]) hosts += (hosts.empty() ? "" : " ") + s.hosts[h].name;
    out += row("%-20s %10u %6zu  %s\n", s.nets[n].name.c_str(), s.nets[n].vni,
               m.net_hosts[n].size(), hosts.c_str());
  }
  out += "\nplacement\n";
  for (std::size_t vm = 0; vm < s.vms.size(); ++vm) {
    out += row("  %-20s -> %s\n", s.vms[vm].name.c_str(), s.hosts[p.host_of_vm[vm]].name.c_str());
  }
  out += row("\nreplication cost %llu, flood entries %llu, imbalance %.2f\n",
             static_cast<unsigned long long>(m.replication_cost),
             static_cast<unsigned long long>(m.flood_entries), m.imbalance);
  return out;
}

}  // namespace

int run_seg_info(const Invocation& invocation) {
  const CliOptions& options = invocation.options;
  auto scenario = load_scenario_for(options, invocation.backends.catalog());
  if (!scenario) return k_exit_usage;
  auto placement = place_for(*scenario, invocation.backends.catalog());
  if (!placement) return k_exit_usage;
  SegmentationMetrics metrics = core::measure_placement(*scenario, *placement);
  std::string text = options.format == "json" ? seg_info_json(*scenario, *placement, metrics)
                                              : seg_info_text(*scenario, *placement, metrics);
  return write_output(options, text) ? k_exit_ok : k_exit_failed;
}

}  // namespace dcod::app
