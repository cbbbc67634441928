#include "util/suggest.h"

#include <gtest/gtest.h>

#include <vector>

namespace dcod {

TEST(EditDistance, CountsInsertionsDeletionsSubstitutions) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("host", "hosts"), 1u);
}

TEST(EditDistance, AdjacentTranspositionIsOneEdit) {
  EXPECT_EQ(edit_distance("bleu", "blue"), 1u);
  EXPECT_EQ(edit_distance("hots", "host"), 1u);
}

TEST(DidYouMean, SuggestsTheClosestLikelyTypo) {
  std::vector<std::string> nets = {"blue", "red", "green"};
  EXPECT_EQ(did_you_mean("bleu", nets), "did you mean 'blue'?");
  EXPECT_EQ(did_you_mean("gren", nets), "did you mean 'green'?");
}

TEST(DidYouMean, StaysQuietWhenNothingIsClose) {
  std::vector<std::string> nets = {"blue", "red"};
  EXPECT_EQ(did_you_mean("backbone", nets), "");
  EXPECT_EQ(did_you_mean("x", std::vector<std::string>{}), "");
}

TEST(DidYouMean, IgnoresCase) {
  std::vector<std::string> algorithms = {"round-robin", "static"};
  EXPECT_EQ(closest_match("Round-Robin", algorithms), "round-robin");
}

}  // namespace dcod
