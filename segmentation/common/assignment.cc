#include "common/assignment.h"

#include "placement/affinity_groups.h"

namespace dcod::seg {

std::vector<Unit> build_units(const core::Scenario& s) {
  core::AffinityGroups groups(s);
  std::vector<Unit> units(groups.units().size());
  for (std::size_t u = 0; u < units.size(); ++u) {
    units[u].vms = groups.units()[u];
    for (std::uint32_t vm : units[u].vms) {
      units[u].demand += core::demand_of(s.vms[vm]);
      if (!s.vms[vm].pinned_host.empty()) units[u].pin = s.host_index.at(s.vms[vm].pinned_host);
    }
  }
  for (const core::VmGroup& g : s.anti_affinity) {
    for (const std::string& a : g.vms) {
      for (const std::string& b : g.vms) {
        std::uint32_t ua = groups.unit_of(s.vm_index.at(a));
        std::uint32_t ub = groups.unit_of(s.vm_index.at(b));
        if (ua != ub) units[ua].apart_from.push_back(ub);
      }
    }
  }
  return units;
}

Assignment::Assignment(const core::Scenario& scenario, const std::vector<Unit>& units)
    : m_scenario(&scenario), m_units(&units), m_usage(scenario), m_host_of_unit(units.size()) {}

std::optional<std::string> Assignment::why_not(std::uint32_t unit, std::uint32_t host) const {
  if (auto shortfall = m_usage.shortfall(host, (*m_units)[unit].demand)) return shortfall;
  for (std::uint32_t other : (*m_units)[unit].apart_from) {
    if (m_host_of_unit[other] == host) {
      return "anti-affinity with VM '" + m_scenario->vms[(*m_units)[other].vms.front()].name + "'";
    }
  }
  return std::nullopt;
}

void Assignment::assign(std::uint32_t unit, std::uint32_t host) {
  m_host_of_unit[unit] = host;
  m_usage.add(host, (*m_units)[unit].demand);
}

std::string Assignment::describe(std::uint32_t unit) const {
  const Unit& u = (*m_units)[unit];
  std::string text = "VM '" + m_scenario->vms[u.vms.front()].name + "'";
  if (u.vms.size() > 1)
    text += " (with its affinity group of " + std::to_string(u.vms.size()) + " VMs)";
  return text;
}

std::optional<Error> Assignment::place_pinned() {
  for (std::uint32_t unit = 0; unit < m_units->size(); ++unit) {
    const Unit& u = (*m_units)[unit];
    if (!u.pin) continue;
    if (auto reason = why_not(unit, *u.pin)) {
      return Error{"host '" + m_scenario->hosts[*u.pin].name + "' cannot take pinned " +
                       describe(unit) + ": " + *reason,
                   "raise the host's capacity or move the VM with host="};
    }
    assign(unit, *u.pin);
  }
  return std::nullopt;
}

Error Assignment::nowhere_error(std::uint32_t unit) const {
  constexpr std::size_t k_shown = 4;
  std::string reasons;
  std::size_t hosts = m_scenario->hosts.size();
  for (std::uint32_t h = 0; h < hosts && h < k_shown; ++h) {
    reasons += (h ? "; " : "") + ("host '" + m_scenario->hosts[h].name + "' ") +
               why_not(unit, h).value_or("fits");
  }
  if (hosts > k_shown) reasons += "; and " + std::to_string(hosts - k_shown) + " more hosts";
  return Error{"no host can take " + describe(unit) + ": " + reasons,
               "add capacity (cpus, memory, max-vms) or hosts, or relax the constraints"};
}

core::Placement Assignment::placement() const {
  core::Placement p;
  p.host_of_vm.assign(m_scenario->vms.size(), 0);
  for (std::size_t unit = 0; unit < m_units->size(); ++unit) {
    for (std::uint32_t vm : (*m_units)[unit].vms) p.host_of_vm[vm] = *m_host_of_unit[unit];
  }
  return p;
}

}  // namespace dcod::seg
