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

#include "util/json_value.h"
#include "util/json_writer.h"

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
  StateRecord record;
  std::ifstream in(dir + "/state.json");
  if (!in) return record;
  std::stringstream text;
  text << in.rdbuf();
  std::string error;
  auto json = parse_json(text.str(), &error);
  if (!json || !json->is_object()) {
    return Error{"the state record " + dir + "/state.json is damaged: " + error,
                 "remove it; observation finds everything on hosts still in the scenario"};
  }
  record.scenario = json->string_or("scenario");
  if (json->has("hosts") && (*json)["hosts"].is_array()) {
    for (const JsonValue& h : (*json)["hosts"].array()) {
      record.hosts.push_back({h.string_or("name"), h.has("simulated") && h["simulated"].boolean(),
                              h.string_or("address"),
                              static_cast<std::uint16_t>(h.number_or("port", 22)),
                              h.string_or("user"), h.string_or("identity")});
    }
  }
  return record;
}

Expected<bool> write_state_record(const std::string& dir, const StateRecord& record) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  JsonWriter w;
  w.begin_object();
  w.integer("format", 1);
  w.string("scenario", record.scenario);
  w.begin_array("hosts");
  for (const RecordedHost& h : record.hosts) {
    w.begin_object();
    w.string("name", h.name);
    w.boolean("simulated", h.simulated);
    w.string("address", h.address);
    w.integer("port", h.port);
    w.string("user", h.user);
    w.string("identity", h.identity);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  std::string tmp = dir + "/state.json.tmp";
  {
    std::ofstream out(tmp);
    out << w.text() << "\n";
    if (!out) return Error{"cannot write " + tmp + ": " + std::strerror(errno), ""};
  }
  fs::rename(tmp, dir + "/state.json", ec);
  if (ec) return Error{"cannot write " + dir + "/state.json: " + ec.message(), ""};
  return true;
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
  if (fd < 0)
    return Error{"cannot open the lock " + path + ": " + std::strerror(errno), "check --state-dir"};
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
