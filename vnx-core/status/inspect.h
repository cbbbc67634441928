#pragma once

// --status as data, the way containerlab's `inspect` shows a lab: per host a row per VM
// interface and per VTEP, each with how it stands against the scenario, and the plan's lines of
// what to fix. Built from the desired state, what was observed and the plan; rendered as a
// table or as JSON.

#include <cstdint>
#include <string>
#include <vector>

#include "desire/desired_state.h"
#include "model/scenario.h"
#include "observe/observed_state.h"
#include "plan/action.h"

namespace dcod::core {

/// How one row stands: "in sync", "drift" (something to change or remove), "missing".
enum class RowState { in_sync, drift, missing };

/// "in sync", "drift" or "missing".
const char* state_word(RowState state);

/// One interface of a VM on a host (a VM without interfaces has one row with no interface).
struct InterfaceRow {
  std::string vm;
  std::string interface;  // "eth0"; empty for a VM without interfaces
  std::string net;
  std::uint32_t vni = 0;
  std::string mac;
  std::vector<std::string> addresses;
  RowState state = RowState::in_sync;
  bool wanted = true;     // false: found, but the scenario does not want it here
  bool vm_found = false;  // the VM itself was found
};

/// The VTEP of one VNI on a host and the hosts it floods to.
struct VtepRow {
  std::uint32_t vni = 0;
  std::string net;
  std::vector<std::string> flood;  // "hv2 (198.18.0.2)"
  RowState state = RowState::in_sync;
  bool wanted = true;  // false: found, but the host no longer carries the VNI
};

/// One host, or a place that is no longer a host of the scenario but still holds some of it.
struct HostStatus {
  std::string name;
  bool director = false;  // the director's own share: the simulated underlay, leftovers
  std::string endpoint;   // "198.18.0.1", "known once its proxy runs"; empty: not a host now
  std::string state;      // "in sync", "drift", "not created", "unreachable", "refused"
  std::string why;        // unreachable or refused: the reason
  std::size_t to_fix = 0;
  std::vector<InterfaceRow> interfaces;
  std::vector<VtepRow> vteps;
  std::vector<std::string> lines;  // the plan's lines for it
};

/// One net across the hosts that carry it.
struct NetRow {
  std::string name;
  std::uint32_t vni = 0;
  std::vector<std::string> hosts;
  RowState state = RowState::in_sync;
};

/// The whole --status.
struct StatusReport {
  std::string scenario;
  /// "in sync", "drift", "not created" (nothing of it anywhere), "not observed" (a host could
  /// not be observed or was refused).
  std::string state;
  std::vector<NetRow> nets;
  std::vector<HostStatus> hosts;  // the scenario's hosts, places no longer in it, the director
  bool in_sync() const { return state == "in sync"; }
};

/// Puts the status together; `scenario` names the nets.
StatusReport inspect(const Scenario& scenario, const DesiredState& desired,
                     const ObservedState& observed, const Plan& plan);

/// The status as tables, one block per host.
std::string status_table(const StatusReport& report);

/// The status as JSON (README "--status --format json").
std::string status_json(const StatusReport& report);

}  // namespace dcod::core
