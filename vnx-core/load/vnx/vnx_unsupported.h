#pragma once

// What a VNX scenario asks for that dcod does not do: each such feature is told once, as a
// warning at its first place with what dcod does instead, however often the file uses it.

#include <map>
#include <string>
#include <string_view>

#include "load/diagnostics.h"
#include "load/element_reader.h"

namespace dcod::core {

/// Collects the features of a VNX file dcod does not carry out, to tell each once.
class UnsupportedFeatures {
 public:
  /// Notes that `e` uses `feature`: `what` says what it is, `instead` what dcod does.
  void found(const ElementReader& e, std::string_view feature, std::string what,
             std::string instead);
  /// One warning per feature at its first place, saying how many more places use it.
  void report(Diagnostics& diagnostics) const;

 private:
  struct Use {
    SourceLocation first;
    std::string path, what, instead;
    std::size_t more = 0;
  };
  std::map<std::string, Use, std::less<>> m_uses;
};

}  // namespace dcod::core
