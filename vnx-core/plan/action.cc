#include "plan/action.h"

#include <algorithm>

namespace dcod::core {

char op_symbol(ActionOp op) {
  switch (op) {
    case ActionOp::create:
      return '+';
    case ActionOp::change:
      return '~';
    case ActionOp::remove:
      return '-';
  }
  return '?';
}

const char* op_verb(ActionOp op) {
  switch (op) {
    case ActionOp::create:
      return "create";
    case ActionOp::change:
      return "change";
    case ActionOp::remove:
      return "delete";
  }
  return "?";
}

std::vector<std::string> Plan::places() const {
  std::vector<std::string> out(host_names.begin(), host_names.end() - 1);
  for (const Action& a : actions) {
    const std::string& place = place_of(a);
    if (std::find(out.begin(), out.end(), place) == out.end() && place != host_names.back())
      out.push_back(place);
  }
  out.push_back(host_names.back());
  return out;
}

}  // namespace dcod::core
