#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/scenario.h"
#include "placement/host_usage.h"
#include "placement/placement.h"
#include "util/expected.h"

namespace dcod::seg {

/// VMs that must move together (an affinity group, or one VM), with what they need.
struct Unit {
  std::vector<std::uint32_t> vms;
  core::Demand demand;
  std::optional<std::uint32_t> pin;       // host index all its VMs are pinned to
  std::vector<std::uint32_t> apart_from;  // units that must not share its host
};

/// Splits a valid scenario into units, in the order of each unit's first VM.
std::vector<Unit> build_units(const core::Scenario& scenario);

/// A placement under construction: which unit is where and what each host holds.
class Assignment {
 public:
  /// Starts empty: no unit placed, every host unused.
  Assignment(const core::Scenario& scenario, const std::vector<Unit>& units);

  /// Empty when `unit` may go to `host`; otherwise the reason (capacity or anti-affinity).
  std::optional<std::string> why_not(std::uint32_t unit, std::uint32_t host) const;
  /// Puts a unit on a host and books its demand there (the caller checked why_not()).
  void assign(std::uint32_t unit, std::uint32_t host);
  std::optional<std::uint32_t> host_of(std::uint32_t unit) const { return m_host_of_unit[unit]; }
  const core::HostUsage& usage() const { return m_usage; }
  /// Places every pinned unit on its host, or says which host cannot take which VM.
  std::optional<Error> place_pinned();
  /// The error for a free unit that fits nowhere: every host with its reason (a few shown).
  Error nowhere_error(std::uint32_t unit) const;
  /// The finished placement; every unit must be assigned.
  core::Placement placement() const;

 private:
  std::string describe(std::uint32_t unit) const;

  const core::Scenario* m_scenario;
  const std::vector<Unit>* m_units;
  core::HostUsage m_usage;
  std::vector<std::optional<std::uint32_t>> m_host_of_unit;
};

}  // namespace dcod::seg
