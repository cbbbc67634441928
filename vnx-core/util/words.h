#pragma once

// Counting and listing words in messages: "1 net", "2 nets", "hv1, hv2 and hv3".

#include <cstddef>
#include <string>
#include <vector>

namespace dcod {

/// "<n> <one>" for n == 1, else "<n> <many>".
inline std::string counted(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

/// "a", "a and b", "a, b and c".
inline std::string listed_names(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

}  // namespace dcod
