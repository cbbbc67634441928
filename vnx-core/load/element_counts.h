#pragma once

// The most one scenario may hold, in either language: far beyond any lab a desk or a set of
// sites runs, and low enough that the largest scenario is loaded, checked and planned within
// 256 MB (tests/bench/run_seg_bench.sh).

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "load/element_reader.h"

namespace dcod::core {

inline constexpr std::size_t k_max_file_bytes = 16u << 20;
inline constexpr std::size_t k_max_hosts = 10'000;
inline constexpr std::size_t k_max_nets = 100'000;
inline constexpr std::size_t k_max_vms = 50'000;

/// Counts the hosts, nets and VMs read so far and refuses those beyond their limit, with one
/// error per kind at the first element too many.
class ElementCounts {
 public:
  /// True when `child`, a `kind` element, is within its limit; the first past it is reported.
  bool admit(std::string_view kind, const ElementReader& child) {
    std::size_t limit = kind == "host"  ? k_max_hosts
                        : kind == "net" ? k_max_nets
                        : kind == "vm"  ? k_max_vms
                                        : 0;
    if (limit == 0) return true;
    std::size_t& n = m_counts[std::string(kind)];
    if (++n <= limit) return true;
    if (n == limit + 1) {
      child.error("more than " + grouped(limit) + " <" + std::string(kind) +
                      "> elements: dcod takes at most " + grouped(limit) + " in one scenario",
                  "split the lab into scenarios of their own");
    }
    return false;
  }

 private:
  /// 50000 as "50,000".
  static std::string grouped(std::size_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
      out += digits[i];
    }
    return out;
  }
  std::map<std::string, std::size_t> m_counts;
};

}  // namespace dcod::core
