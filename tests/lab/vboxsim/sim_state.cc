#include "sim_state.h"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace vboxsim {

using nlohmann::json;

namespace {

json to_json(const Nic& n) {
  return {{"kind", n.kind},
          {"network", n.network},
          {"mac", n.mac},
          {"cable", n.cable},
          {"promisc", n.promisc}};
}

Nic nic_of(const json& j) {
  Nic n;
  n.kind = j.value("kind", "none");
  n.network = j.value("network", "");
  n.mac = j.value("mac", "");
  n.cable = j.value("cable", true);
  n.promisc = j.value("promisc", "deny");
  return n;
}

json to_json(const Vm& v) {
  json nics = json::array(), snaps = json::array();
  for (const Nic& n : v.nics) nics.push_back(to_json(n));
  for (const Snapshot& s : v.snapshots)
    snaps.push_back({{"name", s.name}, {"uuid", s.uuid}, {"description", s.description}});
  return {{"uuid", v.uuid},
          {"name", v.name},
          {"ostype", v.ostype},
          {"memory", v.memory},
          {"cpus", v.cpus},
          {"chipset", v.chipset},
          {"state", v.state},
          {"state_time", v.state_time},
          {"folder", v.folder},
          {"description", v.description},
          {"nics", nics},
          {"extradata", v.extradata},
          {"guestprops", v.guestprops},
          {"snapshots", snaps},
          {"current_snapshot", v.current_snapshot},
          {"netns", v.netns},
          {"guest_pids", v.guest_pids}};
}

Vm vm_of(const json& j) {
  Vm v;
  v.uuid = j.value("uuid", "");
  v.name = j.value("name", "");
  v.ostype = j.value("ostype", "Other");
  v.memory = j.value("memory", 128);
  v.cpus = j.value("cpus", 1);
  v.chipset = j.value("chipset", "piix3");
  v.state = j.value("state", "poweroff");
  v.state_time = j.value("state_time", v.state_time);
  v.folder = j.value("folder", "");
  v.description = j.value("description", "");
  for (const json& n : j.value("nics", json::array())) v.nics.push_back(nic_of(n));
  v.extradata = j.value("extradata", std::map<std::string, std::string>{});
  v.guestprops = j.value("guestprops", std::map<std::string, std::string>{});
  for (const json& s : j.value("snapshots", json::array()))
    v.snapshots.push_back({s.value("name", ""), s.value("uuid", ""), s.value("description", "")});
  v.current_snapshot = j.value("current_snapshot", "");
  v.netns = j.value("netns", "");
  v.guest_pids = j.value("guest_pids", std::vector<int>{});
  return v;
}

json read_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) return json::object();
  std::stringstream text;
  text << in.rdbuf();
  json j = json::parse(text.str(), nullptr, false);
  return j.is_object() ? j : json::object();
}

void write_json(const std::string& path, const json& j) {
  std::string tmp = path + ".tmp";
  std::ofstream(tmp) << j.dump(1) << "\n";
  std::rename(tmp.c_str(), path.c_str());
}

Config config_of(const json& j, const std::string& dir) {
  Config c;
  c.delay_ms = j.value("delay_ms", 0);
  c.lock_errors = j.value("lock_errors", 0);
  c.realize = j.value("realize", false);
  c.machine_folder = j.value("machine_folder", dir + "/VirtualBox VMs");
  c.drive_c = j.value("drive_c", "");
  c.adapters = j.value("adapters", std::map<std::string, std::string>{});
  c.bridged = j.value("bridged", std::vector<std::string>{"eth0"});
  c.boot = j.value("boot", std::map<std::string, std::string>{});
  c.self = j.value("self", "VBoxManage");
  return c;
}

}  // namespace

Vm* State::find(const std::string& name_or_uuid) {
  for (Vm& v : vms) {
    if (v.uuid == name_or_uuid || v.name == name_or_uuid) return &v;
  }
  return nullptr;
}

namespace {

/// 64-bit FNV-1a: what makes UUIDs and MACs of different hosts differ, as random ones would.
std::uint64_t fnv(const std::string& text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  return h;
}

}  // namespace

std::string State::new_uuid() {
  char text[48];
  std::uint64_t n = fnv(seed + "/" + std::to_string(counter++));
  std::snprintf(text, sizeof text, "%08llx-%04llx-4%03llx-8%03llx-%012llx",
                static_cast<unsigned long long>(n >> 32),
                static_cast<unsigned long long>((n >> 16) & 0xffff),
                static_cast<unsigned long long>(n & 0xfff),
                static_cast<unsigned long long>((n >> 20) & 0xfff),
                static_cast<unsigned long long>(fnv(std::to_string(n)) & 0xffffffffffffull));
  return text;
}

std::string State::new_mac() {
  char text[16];
  std::uint64_t n = fnv(seed + "/mac/" + std::to_string(counter++));
  std::snprintf(text, sizeof text, "080027%06llX", static_cast<unsigned long long>(n & 0xffffff));
  return text;
}

State load_state(const std::string& dir) {
  State s;
  s.seed = dir;
  json j = read_json(dir + "/registry.json");
  for (const json& v : j.value("vms", json::array())) s.vms.push_back(vm_of(v));
  s.global_extradata = j.value("global_extradata", std::map<std::string, std::string>{});
  s.counter = j.value("counter", 1);
  s.config = config_of(read_json(dir + "/sim.json"), dir);
  return s;
}

void save_state(const std::string& dir, const State& s) {
  json vms = json::array();
  for (const Vm& v : s.vms) vms.push_back(to_json(v));
  write_json(dir + "/registry.json",
             {{"vms", vms}, {"global_extradata", s.global_extradata}, {"counter", s.counter}});
}

void save_config(const std::string& dir, const Config& c) {
  json j = read_json(dir + "/sim.json");
  j["lock_errors"] = c.lock_errors;
  write_json(dir + "/sim.json", j);
}

std::size_t nic_slots(const std::string& chipset) {
  return chipset == "ich9" ? 36 : 8;
}

}  // namespace vboxsim
