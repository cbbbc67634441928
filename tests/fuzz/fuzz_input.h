#pragma once

// What every fuzz target shares: the libFuzzer entry point it defines, and a way to cut one
// input into the parts a reader takes (a selector byte, then NUL-separated texts).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

/// The one function each target defines; libFuzzer calls it, and so does the replay main.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace dcod::fuzz {

/// The input as text, bytes as they are (NULs and invalid UTF-8 included).
inline std::string as_text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

/// The input cut at its NUL bytes into at least `parts` texts (missing ones empty).
inline std::vector<std::string> parts_of(const std::string& text, std::size_t parts) {
  std::vector<std::string> out(1);
  for (char c : text) {
    if (c == '\0' && out.size() < parts)
      out.emplace_back();
    else
      out.back() += c;
  }
  out.resize(std::max(out.size(), parts));
  return out;
}

}  // namespace dcod::fuzz
