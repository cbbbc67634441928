#pragma once

// Internal to the diff: what a change changes, in the words a plan line shows after the object
// ("address 10.1.0.2/24 → 10.1.0.12/24, MTU 1500 → 1450").

#include <string>
#include <string_view>
#include <vector>

#include "desire/desired_state.h"

namespace dcod::core {

/// The differences of one object, collected in order and joined by ", ".
class ChangeList {
 public:
  /// Notes "what from → to" when from and to differ.
  void add(std::string_view what, const std::string& from, const std::string& to);
  /// Notes a plain remark ("left half made").
  void note(std::string text);
  /// Everything noted, or `fallback` when nothing was.
  std::string text(std::string_view fallback = {}) const;

 private:
  std::vector<std::string> m_parts;
};

/// "10.1.0.1/24 fd00::1/64" in sorted order, or "none".
std::string listed(std::vector<IpPrefix> prefixes);
/// "default via 10.1.0.254, 10.9.0.0/16 via 10.1.0.254" in sorted order, or "none".
std::string listed(std::vector<DesiredRoute> routes);
/// "address 10.1.0.2/24 → 10.1.0.12/24": only the addresses that go and those that come.
std::string changed_addresses(const std::vector<IpPrefix>& found,
                              const std::vector<IpPrefix>& wanted);
/// "address" for at most one on each side, else "addresses".
std::string address_word(std::size_t before, std::size_t after);
/// "up" or "down".
std::string up_down(bool up);
/// "on" or "off".
std::string on_off(bool on);

}  // namespace dcod::core
