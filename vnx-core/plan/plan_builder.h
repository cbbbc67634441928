#pragma once

// Internal to the diff: appends actions to a plan and remembers which action creates what, so
// that later actions can depend on it.

#include <map>
#include <optional>
#include <string>

#include "observe/observed_state.h"
#include "plan/action.h"

namespace dcod::core {

/// Collects actions; an index is valid for the whole build.
class PlanBuilder {
 public:
  explicit PlanBuilder(Plan& plan) : m_plan(plan) {}

  /// Adds an action and returns its index.
  std::size_t add(std::uint32_t host, ActionOp op, ObjectKind kind, std::string summary,
                  ActionTarget target, std::vector<std::size_t> deps);
  /// Remembers that action `index` makes `key` (e.g. "h1/bridge/dcb100") exist.
  void provides(const std::string& key, std::size_t index) { m_providers[key] = index; }
  /// The action that makes `key` exist in this plan, if any.
  std::optional<std::size_t> provider(const std::string& key) const;
  Plan& plan() { return m_plan; }

 private:
  Plan& m_plan;
  std::map<std::string, std::size_t> m_providers;
};

/// Appends `index` to `deps` when set.
void depend_on(std::vector<std::size_t>& deps, std::optional<std::size_t> index);

/// Per-host parts of the diff.
void diff_proxy(std::uint32_t h, const DesiredHost& want, const ObservedHost& have,
                std::optional<std::size_t> base, PlanBuilder& b);
/// Deletes owned veths not wanted on this host; runs for every host before any diff_vms().
void diff_vm_removals(std::uint32_t h, const DesiredHost& want, const ObservedHost& have,
                      PlanBuilder& b);
void diff_vms(std::uint32_t h, const DesiredHost& want, const ObservedHost& have,
              std::optional<std::size_t> base, PlanBuilder& b);

}  // namespace dcod::core
