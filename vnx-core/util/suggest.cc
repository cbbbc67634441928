#include "util/suggest.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace dcod {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: insertions, deletions, substitutions and adjacent transpositions
  // ("bleu" -> "blue" is one edit), three rows of the dynamic-programming table.
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        row[j] = std::min(row[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, row);
  }
  return previous[b.size()];
}

namespace {

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<std::string> closest_match(std::string_view wrong,
                                         std::span<const std::string> candidates) {
  // A typo changes about one character in three; never suggest for 1-2 letter words wholesale.
  const std::size_t limit = std::max<std::size_t>(1, wrong.size() / 3);
  const std::string wrong_lower = lowered(wrong);
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    std::size_t d = edit_distance(wrong_lower, lowered(candidate));
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view wrong, std::span<const std::string> candidates) {
  auto match = closest_match(wrong, candidates);
  return match ? "did you mean '" + *match + "'?" : std::string();
}

}  // namespace dcod
