#pragma once

// State record, format 2 (DESIGN §6). Written to <state dir>/state.json after every --create
// and removed by a --destroy that finished: the scenario name and every host dcod has touched,
// with its backend, how it is reached and where its tunnels end. Observation is the truth; the
// record only remembers hosts that have since left the XML so that their objects can still be
// removed. Format 1 (no backend, no end point) is read as netns hosts whose end point is their
// address. <state dir>/lock is held with flock() for the whole run so that two runs on one
// scenario never interleave.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "model/scenario.h"
#include "util/expected.h"

namespace dcod::core {

/// A host as the record remembers it.
struct RecordedHost {
  std::string name;
  std::string backend = "netns";
  bool simulated = false;
  std::string address;   // how it is reached; empty for a simulated host
  std::string endpoint;  // where its tunnels end, when known
  std::uint16_t port = 22;
  std::string user;
  std::string identity;    // a key file path (never a secret itself)
  std::string os;          // "linux", "windows" or empty
  std::string vboxmanage;  // a VirtualBox host's VBoxManage, when not the default
  std::string proxy_vm;    // a VirtualBox host's proxy VM, and how it is logged in to
  std::string proxy_user;
  std::string proxy_identity;    // a key file path
  std::vector<std::string> vms;  // the scenario's VMs dcod holds there (or may, after a failure)
  auto operator<=>(const RecordedHost&) const = default;
};

/// The host as the run works with it again after it has left the scenario: its recorded end
/// point stands as its underlay address (and as its proxy VM's, for a VirtualBox host).
Host host_of_record(const RecordedHost& recorded);

/// The record of one scenario.
struct StateRecord {
  std::string scenario;
  std::vector<RecordedHost> hosts;
};

/// The state directory: `explicit_dir` when given, else $XDG_STATE_HOME/dcod/<scenario>, else
/// ~/.local/state/dcod/<scenario>, else /var/lib/dcod/<scenario>.
std::string state_dir_for(const std::string& scenario, const std::string& explicit_dir);

/// Reads <dir>/state.json; an empty record when there is none.
Expected<StateRecord> read_state_record(const std::string& dir);
/// A state record from its text; `where` names it in the error of a damaged one.
Expected<StateRecord> parse_state_record(const std::string& text, const std::string& where);
/// Writes `text` to `path` whole or not at all: into a temporary file beside it, flushed to
/// disk, then renamed over it; on failure the file before stays and no temporary is left. A
/// file that holds `text` already is left alone.
Expected<bool> write_whole(const std::string& path, const std::string& text);
/// Writes <dir>/state.json through write_whole().
Expected<bool> write_state_record(const std::string& dir, const StateRecord& record);
/// Removes <dir>/state.json.
void remove_state_record(const std::string& dir);

/// An exclusive flock() on <dir>/lock, released when destroyed (or when the process dies).
class ScenarioLock {
 public:
  /// Waits up to `wait` for the lock; an error names the scenario when another run holds it.
  static Expected<std::unique_ptr<ScenarioLock>> acquire(const std::string& dir,
                                                         const std::string& scenario,
                                                         std::chrono::milliseconds wait);
  ~ScenarioLock();
  ScenarioLock(const ScenarioLock&) = delete;
  ScenarioLock& operator=(const ScenarioLock&) = delete;

 private:
  explicit ScenarioLock(int fd) : m_fd(fd) {}
  int m_fd;
};

}  // namespace dcod::core
