#include "diff/change_words.h"

#include <algorithm>

namespace dcod::core {

void ChangeList::add(std::string_view what, const std::string& from, const std::string& to) {
  if (from != to) m_parts.push_back(std::string(what) + " " + from + " → " + to);
}

void ChangeList::note(std::string text) {
  m_parts.push_back(std::move(text));
}

std::string ChangeList::text(std::string_view fallback) const {
  if (m_parts.empty()) return std::string(fallback);
  std::string out = m_parts.front();
  for (std::size_t i = 1; i < m_parts.size(); ++i) out += ", " + m_parts[i];
  return out;
}

std::string listed(std::vector<IpPrefix> prefixes) {
  if (prefixes.empty()) return "none";
  std::sort(prefixes.begin(), prefixes.end());
  std::string out;
  for (const IpPrefix& p : prefixes) out += (out.empty() ? "" : " ") + p.to_string();
  return out;
}

std::string listed(std::vector<DesiredRoute> routes) {
  if (routes.empty()) return "none";
  std::sort(routes.begin(), routes.end());
  std::string out;
  for (const DesiredRoute& r : routes) {
    std::string to = r.destination ? r.destination->to_string() : "default";
    out += (out.empty() ? "" : ", ") + to + " via " + r.gateway.to_string();
  }
  return out;
}

std::string changed_addresses(const std::vector<IpPrefix>& found,
                              const std::vector<IpPrefix>& wanted) {
  std::vector<IpPrefix> going, coming;
  for (const IpPrefix& p : found) {
    if (std::find(wanted.begin(), wanted.end(), p) == wanted.end()) going.push_back(p);
  }
  for (const IpPrefix& p : wanted) {
    if (std::find(found.begin(), found.end(), p) == found.end()) coming.push_back(p);
  }
  return address_word(going.size(), coming.size()) + " " + listed(going) + " → " + listed(coming);
}

std::string address_word(std::size_t before, std::size_t after) {
  return before > 1 || after > 1 ? "addresses" : "address";
}

std::string up_down(bool up) {
  return up ? "up" : "down";
}

std::string on_off(bool on) {
  return on ? "on" : "off";
}

}  // namespace dcod::core
