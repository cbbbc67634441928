#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace dcod {

/// Levenshtein distance between two strings (bytes, case-sensitive).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `wrong` if it is close enough to be a likely typo.
std::optional<std::string> closest_match(std::string_view wrong,
                                         std::span<const std::string> candidates);

/// "did you mean 'x'?" for the closest candidate, or "" when none is close.
std::string did_you_mean(std::string_view wrong, std::span<const std::string> candidates);

}  // namespace dcod
