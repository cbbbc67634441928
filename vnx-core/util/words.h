#pragma once

// Counting words in messages: "1 net", "2 nets".

#include <cstddef>
#include <string>

namespace dcod {

/// "<n> <one>" for n == 1, else "<n> <many>".
inline std::string counted(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace dcod
