#pragma once

// Internal to the diff: appends actions to a plan and remembers which action makes or removes
// what, so that later actions can depend on it.

#include <map>
#include <optional>
#include <string>

#include "observe/observed_state.h"
#include "plan/action.h"

namespace dcod::core {

/// Collects actions; an index is valid for the whole build.
class PlanBuilder {
 public:
  /// `want` names the hosts behind end point addresses in summaries.
  PlanBuilder(Plan& plan, const DesiredState& want);

  /// Adds an action and returns its index; `change` says what a change changes.
  std::size_t add(std::uint32_t host, ActionOp op, ObjectKind kind, std::string summary,
                  ActionTarget target, std::vector<std::size_t> deps, std::string change = {});
  /// Remembers that action `index` makes or removes `key` (e.g. "h1/bridge/100", "gone/vm/a1").
  void provides(const std::string& key, std::size_t index) { m_providers[key] = index; }
  /// The action that makes or removes `key` in this plan, if any.
  std::optional<std::size_t> provider(const std::string& key) const;
  /// "hv2 (198.18.0.2)" for an address some host has as its end point, else the address.
  std::string peer_name(const std::string& address) const;
  Plan& plan() { return m_plan; }

 private:
  Plan& m_plan;
  std::map<std::string, std::size_t> m_providers;
  std::map<std::string, std::string> m_host_at;  // end point address -> host
};

/// Appends `index` to `deps` when set.
void depend_on(std::vector<std::size_t>& deps, std::optional<std::size_t> index);

/// Per-host parts of the diff.
void diff_vteps(std::uint32_t h, const DesiredHost& want, const ObservedHost& have,
                std::optional<std::size_t> base, PlanBuilder& b);
/// Removes the VMs found on a host that it should not hold; runs for every host before any
/// diff_vms(), so that a VM moving in from another host waits for its removal there.
void diff_vm_removals(std::uint32_t h, const DesiredHost& want, const ObservedHost& have,
                      PlanBuilder& b);
void diff_vms(std::uint32_t h, const DesiredHost& want, const ObservedHost& have,
              std::optional<std::size_t> base, PlanBuilder& b);

}  // namespace dcod::core
