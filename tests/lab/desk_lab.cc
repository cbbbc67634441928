#include "desk_lab.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <sstream>

#include "util/json.h"

namespace dcod::test {

namespace {

std::string unique_name() {
  static std::atomic<int> counter{0};
  return "t" + std::to_string(::getpid() % 100000) + "x" + std::to_string(counter++);
}

}  // namespace

bool can_make_namespaces() {
  return ::geteuid() == 0 && have_program("ip");
}

DirectorTurn::DirectorTurn()
    : m_fd(::open("/tmp/dcod-test-director.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
  if (m_fd >= 0) ::flock(m_fd, LOCK_EX);
}

DirectorTurn::~DirectorTurn() {
  if (m_fd >= 0) ::close(m_fd);
}

DeskLab::DeskLab(const std::string& body) : m_name(unique_name()) {
  m_file = temp_dir() + "/" + m_name + ".xml";
  m_state_dir = m_file + ".state";
  rewrite(body);
}

DeskLab::DeskLab(Vnx, const std::string& vnx_text) : m_name(unique_name()) {
  m_file = temp_dir() + "/" + m_name + ".xml";
  m_state_dir = m_file + ".state";
  std::string text = vnx_text;
  auto at = text.find("@NAME@");
  if (at != std::string::npos) text.replace(at, 6, m_name);
  write_temp_file(m_name + ".xml", text);
}

DeskLab::~DeskLab() {
  dcod({"--destroy"});
  for (const std::string& ns : namespaces())
    sh("ip netns pids " + ns + " | xargs -r kill -9; ip netns del " + ns);
  for (const std::string& link : director_links()) sh("ip link del " + link);
}

void DeskLab::rewrite(const std::string& body) {
  std::string xml = "<scenario name=\"" + m_name + "\" version=\"1\">\n" + body + "</scenario>\n";
  write_temp_file(m_name + ".xml", xml);
}

CommandResult DeskLab::dcod(const std::vector<std::string>& args,
                            const std::vector<std::string>& env) const {
  std::vector<std::string> all = {"-f", m_file, "--state-dir", m_state_dir};
  all.insert(all.end(), args.begin(), args.end());
  return run_dcod(all, env);
}

CommandResult DeskLab::dcod_with_faults(const std::vector<std::string>& args,
                                        const std::vector<std::string>& hooks) const {
  std::vector<std::string> argv = {DCOD_TEST_BACKENDS_BINARY, "-f", m_file, "--state-dir",
                                   m_state_dir};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, hooks);
}

CommandResult DeskLab::exec(const std::string& vm, const std::vector<std::string>& command) const {
  std::vector<std::string> args = {"--exec", vm, "--"};
  args.insert(args.end(), command.begin(), command.end());
  return dcod(args);
}

bool DeskLab::ping(const std::string& vm, const std::string& address,
                   const std::vector<std::string>& extra) const {
  // Echo requests a fifth of a second apart until the first answer, for up to three seconds: the
  // first packet may wait for neighbour discovery, and a loaded machine is slow to answer.
  std::vector<std::string> command = {"ping", "-c", "1", "-i", "0.2", "-w", "3"};
  command.insert(command.end(), extra.begin(), extra.end());
  command.push_back(address);
  return exec(vm, command).exit_status == 0;
}

bool DeskLab::ping_from_director(const std::string& address) {
  return run_command({"ping", "-c", "1", "-i", "0.2", "-w", "3", address}).exit_status == 0;
}

std::vector<std::string> DeskLab::director_links() const {
  std::vector<std::string> out;
  auto links = parse_json(run_command({"ip", "-j", "link", "show"}).out);
  if (!links || !links->is_array()) return out;
  const std::string prefix = "dcod:" + m_name + ":director:";
  for (const Json& link : *links) {
    if (string_or(link, "ifalias").rfind(prefix, 0) == 0) out.push_back(string_or(link, "ifname"));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string plan_counts(const CommandResult& plan) {
  auto at = plan.out.find("Plan: ");
  return at == std::string::npos ? plan.out : plan.out.substr(at);
}

CommandResult DeskLab::sh(const std::string& script) {
  return run_command({"sh", "-c", script});
}

std::string DeskLab::flood_list(const std::string& host, const std::string& dev) const {
  return sh("bridge -n " + host_ns(host) + " fdb show dev " + dev +
            " | grep '^00:00:00:00:00:00' | sed 's/.* dst \\([^ ]*\\).*/\\1/' | sort | "
            "tr '\\n' ' '")
      .out;
}

std::vector<std::string> DeskLab::namespaces() const {
  std::vector<std::string> out;
  std::istringstream list(run_command({"ip", "netns", "list"}).out);
  const std::string prefix = "dcod." + m_name + ".";
  for (std::string line; std::getline(list, line);) {
    std::string name = line.substr(0, line.find(' '));
    if (name.rfind(prefix, 0) == 0) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

/// The parts of `ip -d -j addr show` that dcod sets or that change when a link is replaced;
/// counters, timers and the progress of duplicate address detection are left out.
std::string link_facts(const Json& link) {
  std::string out = string_or(link, "ifname") + " mtu " +
                    std::to_string(static_cast<int>(number_or(link, "mtu"))) + " index " +
                    std::to_string(static_cast<int>(number_or(link, "ifindex"))) + " mac " +
                    string_or(link, "address") + " master " + string_or(link, "master") +
                    " alias " + string_or(link, "ifalias");
  for (const Json& f : link.value("flags", Json::array())) out += " " + f.get<std::string>();
  const Json info = link.value("linkinfo", Json::object());
  if (string_or(info, "info_kind") == "vxlan") {
    const Json data = info.value("info_data", Json::object());
    out += " vxlan " + std::to_string(static_cast<int>(number_or(data, "id"))) + " " +
           string_or(data, "local");
  }
  for (const Json& a : link.value("addr_info", Json::array())) {
    out += " " + string_or(a, "local") + "/" +
           std::to_string(static_cast<int>(number_or(a, "prefixlen")));
  }
  return out + "\n";
}

/// Permanent FDB entries only: the bridge learns and forgets the others on its own.
std::string fdb_facts(const Json& entry) {
  if (string_or(entry, "state") != "permanent") return "";
  return "fdb " + string_or(entry, "mac") + " " + string_or(entry, "ifname") + " " +
         string_or(entry, "dst") + "\n";
}

std::string facts(const std::string& json, std::string (*one)(const Json&)) {
  auto parsed = parse_json(json);
  if (!parsed || !parsed->is_array()) return "unreadable: " + json;
  std::string out;
  for (const Json& item : *parsed) out += one(item);
  return out;
}

}  // namespace

std::string DeskLab::snapshot() const {
  std::string out;
  for (const std::string& ns : namespaces()) {
    out += "== " + ns + "\n";
    out += facts(run_command({"ip", "-n", ns, "-d", "-j", "addr", "show"}).out, link_facts);
    out += facts(run_command({"bridge", "-n", ns, "-j", "fdb", "show"}).out, fdb_facts);
    out += run_command({"ip", "-n", ns, "neigh", "show", "nud", "permanent"}).out;
    out += run_command({"ip", "-n", ns, "route", "show"}).out;
    out += run_command({"ip", "-n", ns, "-6", "route", "show"}).out;
  }
  return out;
}

namespace {

/// The MACs the kernel chose in one namespace's `ip -j link` output: every link's but the VM
/// interfaces' (eth<id>), whose MACs dcod sets. (A bridge takes one of its ports', whichever.)
std::set<std::string> kernel_macs(const std::string& ns) {
  std::set<std::string> out;
  auto links = parse_json(run_command({"ip", "-n", ns, "-j", "link", "show"}).out);
  if (!links || !links->is_array()) return out;
  for (const Json& link : *links) {
    std::string name = string_or(link, "ifname");
    if (name.rfind("eth", 0) == 0) continue;
    out.insert(string_or(link, "address"));
  }
  return out;
}

/// True for an FDB line of a multicast MAC: the kernel's, for the addresses a link listens to.
bool multicast_fdb(const std::string& line) {
  return line.rfind("fdb ", 0) == 0 && line.size() > 5 &&
         (std::stoi(line.substr(4, 2), nullptr, 16) & 1) != 0;
}

/// One snapshot line without what a rebuild changes: " index N", fe80:: addresses, kernel MACs.
std::string shaped(std::string line, const std::set<std::string>& macs) {
  std::istringstream words(line);
  std::string out;
  bool index_follows = false;
  for (std::string word; words >> word;) {
    if (index_follows || word == "index") {
      index_follows = !index_follows;
      continue;
    }
    if (word.rfind("fe80::", 0) == 0) continue;
    out += (out.empty() ? "" : " ") + (macs.count(word) ? "<kernel mac>" : word);
  }
  return out;
}

}  // namespace

std::string DeskLab::shape() const {
  std::string out;
  std::istringstream snap(snapshot());
  std::vector<std::string> lines;
  std::set<std::string> macs;
  auto flush = [&] {
    std::sort(lines.begin(), lines.end());
    for (const std::string& l : lines) out += l + "\n";
    lines.clear();
  };
  for (std::string line; std::getline(snap, line);) {
    if (line.rfind("== ", 0) == 0) {
      flush();
      out += line + "\n";
      macs = kernel_macs(line.substr(3));
      continue;
    }
    if (!multicast_fdb(line)) lines.push_back(shaped(line, macs));
  }
  flush();
  return out;
}

}  // namespace dcod::test
