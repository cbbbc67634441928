#include "observe/observed_state.h"

namespace dcod::core {

namespace {

const ObservedLink* find_link(const std::vector<ObservedLink>& links, const std::string& name) {
  for (const ObservedLink& l : links) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

}  // namespace

const ObservedLink* ObservedVm::link(const std::string& name) const {
  return find_link(links, name);
}
const ObservedLink* ObservedHost::link(const std::string& name) const {
  return find_link(links, name);
}

}  // namespace dcod::core
