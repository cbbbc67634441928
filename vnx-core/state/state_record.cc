#include "state/state_record.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "util/json.h"

namespace dcod::core {

namespace fs = std::filesystem;

std::string state_dir_for(const std::string& scenario, const std::string& explicit_dir) {
  if (!explicit_dir.empty()) return explicit_dir;
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg) {
    return std::string(xdg) + "/dcod/" + scenario;
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return std::string(home) + "/.local/state/dcod/" + scenario;
  }
  return "/var/lib/dcod/" + scenario;
}

Expected<StateRecord> read_state_record(const std::string& dir) {
  std::ifstream in(dir + "/state.json");
  if (!in) return StateRecord{};
  std::stringstream text;
  text << in.rdbuf();
  return parse_state_record(text.str(), dir + "/state.json");
}

Expected<StateRecord> parse_state_record(const std::string& text, const std::string& where) {
  StateRecord record;
  auto json = parse_json(text);
  if (!json || !json->is_object()) {
    return Error{"the state record " + where +
                     " is damaged: " + (json ? "not a JSON object" : json.error().message),
                 "remove it; observation finds everything on hosts still in the scenario"};
  }
  record.scenario = string_or(*json, "scenario");
  auto hosts = json->find("hosts");
  if (hosts == json->end() || !hosts->is_array()) return record;
  for (const Json& h : *hosts) {
    RecordedHost r;
    r.name = string_or(h, "name");
    r.backend = string_or(h, "backend", "netns");
    r.simulated = flag_of(h, "simulated");
    r.address = string_or(h, "address");
    // Format 1 kept a simulated host's underlay address, and no end point, in "address".
    r.endpoint = string_or(h, "endpoint", r.address);
    if (r.simulated) r.address.clear();
    double port = number_or(h, "port", 22);
    if (!(port >= 1 && port <= 65535) || port != static_cast<std::uint16_t>(port)) {
      return Error{"the state record " + where + " is damaged: host '" + r.name +
                       "' has no port in 1..65535",
                   "remove it; observation finds everything on hosts still in the scenario"};
    }
    r.port = static_cast<std::uint16_t>(port);
    r.user = string_or(h, "user");
    r.identity = string_or(h, "identity");
    r.os = string_or(h, "os");
    r.vboxmanage = string_or(h, "vboxmanage");
    r.proxy_vm = string_or(h, "proxy_vm");
    r.proxy_user = string_or(h, "proxy_user");
    r.proxy_identity = string_or(h, "proxy_identity");
    auto vms = h.find("vms");
    if (vms != h.end() && vms->is_array()) {
      for (const Json& vm : *vms) {
        if (vm.is_string()) r.vms.push_back(vm.get<std::string>());
      }
    }
    if (!r.name.empty()) record.hosts.push_back(std::move(r));
  }
  return record;
}

namespace {

/// What to do about a state directory dcod cannot write to, by the reason.
std::string unwritable_hint(int error, const std::string& dir) {
  switch (error) {
    case ENOSPC:
    case EDQUOT:
      return "free some space on the file system of " + dir + ", or give --state-dir another";
    case EROFS:
      return dir + " is on a read-only file system: give --state-dir a writable directory";
    default:
      return "give --state-dir a directory dcod can write";
  }
}

/// The error of a failed write of `path`, with the temporary file `tmp` removed.
Error unwritten(const std::string& path, const std::string& tmp, int error) {
  ::unlink(tmp.c_str());
  std::string dir = fs::path(path).parent_path().string();
  return Error{"cannot write " + path + ": " + std::strerror(error) + "; the record before stays",
               unwritable_hint(error, dir)};
}

/// Writes all of `text` to `fd`; false with errno set when the file system refuses some.
bool write_all(int fd, const std::string& text) {
  for (std::size_t done = 0; done < text.size();) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = ENOSPC;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

/// True when the file at `path` holds exactly `text`.
bool holds(const std::string& path, const std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string found(text.size() + 1, '\0');  // one more: a longer file does not hold it
  in.read(found.data(), static_cast<std::streamsize>(found.size()));
  return static_cast<std::size_t>(in.gcount()) == text.size() &&
         found.compare(0, text.size(), text) == 0;
}

}  // namespace

Expected<bool> write_whole(const std::string& path, const std::string& text) {
  if (holds(path, text)) return true;  // a run that changed nothing: no write, no fsync
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return unwritten(path, tmp, errno);
  if (!write_all(fd, text) || ::fsync(fd) != 0) {
    int error = errno;
    ::close(fd);
    return unwritten(path, tmp, error);
  }
  if (::close(fd) != 0) return unwritten(path, tmp, errno);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return unwritten(path, tmp, errno);
  // The rename itself reaches the disk with the directory; an error here loses nothing written.
  int dir = ::open(fs::path(path).parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return true;
}

Expected<bool> write_state_record(const std::string& dir, const StateRecord& record) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  OrderedJson hosts = OrderedJson::array();
  for (const RecordedHost& h : record.hosts) {
    hosts.push_back({{"name", h.name},
                     {"backend", h.backend},
                     {"simulated", h.simulated},
                     {"address", h.address},
                     {"endpoint", h.endpoint},
                     {"port", h.port},
                     {"user", h.user},
                     {"identity", h.identity},
                     {"os", h.os},
                     {"vboxmanage", h.vboxmanage},
                     {"proxy_vm", h.proxy_vm},
                     {"proxy_user", h.proxy_user},
                     {"proxy_identity", h.proxy_identity},
                     {"vms", h.vms}});
  }
  OrderedJson w = {{"format", 2}, {"scenario", record.scenario}, {"hosts", std::move(hosts)}};
  return write_whole(dir + "/state.json", to_text(w) + "\n");
}

Host host_of_record(const RecordedHost& r) {
  Host h;
  h.name = r.name;
  h.backend = r.backend;
  h.os = r.os == "windows" ? HostOs::windows
         : r.os == "linux" ? HostOs::linux
                           : HostOs::unspecified;
  h.address = r.simulated ? "" : r.address;
  h.underlay_address = r.endpoint;
  h.port = r.port;
  h.user = r.user;
  h.identity = r.identity;
  h.vboxmanage = r.vboxmanage;
  if (!r.proxy_vm.empty()) {
    ProxySpec proxy;
    proxy.vm = r.proxy_vm;
    proxy.underlay_address = r.endpoint;
    proxy.user = r.proxy_user;
    proxy.identity = r.proxy_identity;
    h.proxy = proxy;
  }
  return h;
}

void remove_state_record(const std::string& dir) {
  std::error_code ec;
  fs::remove(dir + "/state.json", ec);
}

Expected<std::unique_ptr<ScenarioLock>> ScenarioLock::acquire(const std::string& dir,
                                                              const std::string& scenario,
                                                              std::chrono::milliseconds wait) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::string path = dir + "/lock";
  // Not O_CLOEXEC on purpose: the scripts dcod starts inherit the lock, so when dcod is killed
  // the next run still waits until the scripts it left running have finished.
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT, 0644);
  if (fd < 0) {
    int error = errno;
    return Error{"cannot open the lock " + path + ": " + std::strerror(error),
                 unwritable_hint(error, dir)};
  }
  auto deadline = std::chrono::steady_clock::now() + wait;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd);
      return Error{"another dcod run holds the lock of scenario '" + scenario + "' (" + path + ")",
                   "wait for it to finish, then run again"};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return std::unique_ptr<ScenarioLock>(new ScenarioLock(fd));
}

ScenarioLock::~ScenarioLock() {
  ::close(m_fd);
}

}  // namespace dcod::core
