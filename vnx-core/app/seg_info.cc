// --seg-info: the placement table and its metrics (DESIGN §8), as text or JSON.

#include <cstdio>
#include <optional>

#include "app/modes.h"
#include "app/scenario_input.h"
#include "placement/metrics.h"
#include "util/json_writer.h"

namespace dcod::app {

namespace {

using core::Demand;
using core::Host;
using core::Scenario;
using core::SegmentationMetrics;

std::optional<long long> remaining(std::optional<std::uint64_t> capacity, std::uint64_t used) {
  if (!capacity) return std::nullopt;
  return static_cast<long long>(*capacity) - static_cast<long long>(used);
}

void resource_json(JsonWriter& w, const char* key, std::uint64_t used,
                   std::optional<std::uint64_t> capacity) {
  w.begin_object(key);
  w.integer("used", static_cast<long long>(used));
  w.optional_integer("capacity", capacity ? std::optional<long long>(*capacity) : std::nullopt);
  w.optional_integer("available", remaining(capacity, used));
  w.end_object();
}

void hosts_json(JsonWriter& w, const Scenario& s, const SegmentationMetrics& m) {
  w.begin_object("hosts");
  for (std::size_t h = 0; h < s.hosts.size(); ++h) {
    const Host& host = s.hosts[h];
    w.begin_object(host.name);
    resource_json(w, "vms", m.used[h].vms, host.max_vms);
    resource_json(w, "cpus", m.used[h].cpus, host.cpus);
    resource_json(w, "memory", m.used[h].memory_mb, host.memory_mb);
    w.end_object();
  }
  w.end_object();
}

void nets_json(JsonWriter& w, const Scenario& s, const SegmentationMetrics& m) {
  w.begin_object("nets");
  for (std::size_t n = 0; n < s.nets.size(); ++n) {
    w.begin_object(s.nets[n].name);
    w.integer("vni", s.nets[n].vni);
    w.integer("span", static_cast<long long>(m.net_hosts[n].size()));
    w.begin_array("hosts");
    for (std::uint32_t h : m.net_hosts[n]) w.string_element(s.hosts[h].name);
    w.end_array();
    w.end_object();
  }
  w.end_object();
}

std::string seg_info_json(const Scenario& s, const core::Placement& p,
                          const SegmentationMetrics& m) {
  JsonWriter w;
  w.begin_object();
  w.string("scenario", s.name);
  w.string("algorithm", s.global.algorithm);
  w.integer("replication_cost", static_cast<long long>(m.replication_cost));
  w.integer("flood_entries", static_cast<long long>(m.flood_entries));
  w.number("imbalance", m.imbalance);
  hosts_json(w, s, m);
  nets_json(w, s, m);
  w.begin_object("placement");
  for (std::size_t vm = 0; vm < s.vms.size(); ++vm) {
    w.string(s.vms[vm].name, s.hosts[p.host_of_vm[vm]].name);
  }
  w.end_object();
  w.end_object();
  return w.text() + "\n";
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
  std::string out = "scenario " + s.name + ": " + std::to_string(s.vms.size()) + " VMs on " +
                    std::to_string(s.hosts.size()) + " hosts, " + std::to_string(s.nets.size()) +
                    " nets, algorithm " + s.global.algorithm + "\n\n";
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

int run_seg_info(const CliOptions& options) {
  auto scenario = load_scenario_for(options);
  if (!scenario) return k_exit_usage;
  auto placement = place_for(*scenario);
  if (!placement) return k_exit_usage;
  SegmentationMetrics metrics = core::measure_placement(*scenario, *placement);
  std::string text = options.format == "json" ? seg_info_json(*scenario, *placement, metrics)
                                              : seg_info_text(*scenario, *placement, metrics);
  return write_output(options, text) ? k_exit_ok : k_exit_failed;
}

}  // namespace dcod::app
