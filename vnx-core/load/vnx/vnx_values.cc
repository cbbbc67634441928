#include "load/vnx/vnx_values.h"

#include <cctype>
#include <charconv>
#include <vector>

namespace dcod::core {

namespace {

std::string_view trimmed(std::string_view s) {
  auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

std::optional<std::uint64_t> whole(std::string_view digits) {
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty())
    return std::nullopt;
  return n;
}

/// 64-bit FNV-1a: the same on every machine and every run, so a net keeps its VNI.
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  // Mixed once more, so that names differing in their last character (Net0, Net1) get VNIs
  // far apart rather than a fixed step apart.
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

}  // namespace

std::optional<std::uint64_t> vnx_memory_mb(std::string_view text) {
  text = trimmed(text);
  if (text.size() < 2) return std::nullopt;
  char unit = static_cast<char>(std::toupper(static_cast<unsigned char>(text.back())));
  auto n = whole(text.substr(0, text.size() - 1));
  if (!n || (unit != 'M' && unit != 'G')) return std::nullopt;
  if (unit == 'G') {
    if (*n > (std::uint64_t{1} << 20)) return std::nullopt;
    return *n * 1024;
  }
  return *n;
}

std::optional<std::uint32_t> vnx_mask_length(std::string_view mask, IpFamily family) {
  mask = trimmed(mask);
  if (mask.find('.') == std::string_view::npos) {
    auto n = whole(mask);
    std::uint32_t max = family == IpFamily::v4 ? 32 : 128;
    if (!n || *n > max) return std::nullopt;
    return static_cast<std::uint32_t>(*n);
  }
  if (family != IpFamily::v4) return std::nullopt;
  auto dotted = parse_ip_address(std::string(mask));
  if (!dotted || dotted->family != IpFamily::v4) return std::nullopt;
  std::uint32_t bits = 0;
  for (int i = 0; i < 4; ++i) bits = (bits << 8) | dotted->bytes[i];
  std::uint32_t length = 0;
  while (length < 32 && (bits & (0x80000000u >> length))) ++length;
  std::uint32_t expected = length == 0 ? 0 : ~std::uint32_t{0} << (32 - length);
  if (bits != expected) return std::nullopt;
  return length;
}

std::string sanitized_scenario_name(std::string_view name) {
  std::string out;
  for (unsigned char c : trimmed(name)) {
    bool kept = std::isalnum(c) || c == '_' || c == '-';
    out += kept ? static_cast<char>(c) : '-';
  }
  if (out.empty() || !std::isalpha(static_cast<unsigned char>(out[0]))) out = "vnx-" + out;
  if (out.size() > 24) out.resize(24);
  while (out.size() > 1 && out.back() == '-') out.pop_back();
  return out;
}

std::uint32_t vni_from_name(std::string_view scenario, std::string_view net, std::uint32_t salt) {
  std::string key = std::string(scenario) + "/" + std::string(net);
  if (salt > 0) key += "/" + std::to_string(salt);
  return static_cast<std::uint32_t>(fnv1a(key) % 16777215u) + 1;
}

std::vector<std::string> comma_list(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = trimmed(text.substr(start, comma - start));
    if (!item.empty()) out.emplace_back(item);
    start = comma + 1;
  }
  return out;
}

}  // namespace dcod::core
