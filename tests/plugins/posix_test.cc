#include "shell/posix.h"

#include <gtest/gtest.h>

#include <random>

#include "util/process.h"

namespace dcod::plugins {

TEST(ShQuote, PlainWordsStayAsTheyAre) {
  EXPECT_EQ(sh_quote("dcod.desk.vm.a1"), "dcod.desk.vm.a1");
  EXPECT_EQ(sh_quote("10.1.0.1/24"), "10.1.0.1/24");
  EXPECT_EQ(sh_quote(""), "''");
  EXPECT_EQ(sh_quote("it's"), "'it'\\''s'");
}

TEST(ShQuote, AnyStringSurvivesTheShellUnchanged) {
  std::mt19937 rng(4242);
  std::string script;
  std::vector<std::string> words;
  for (int n = 0; n < 200; ++n) {
    std::string w;
    int length = static_cast<int>(rng() % 24);
    for (int i = 0; i < length; ++i) {
      char c = static_cast<char>(1 + rng() % 126);  // every byte but NUL, newlines included
      w += c;
    }
    words.push_back(w);
    script += "printf '%s\\0' " + sh_quote(w) + "\n";
  }
  auto r = run_captured({"/bin/sh", "-s"}, script, std::chrono::seconds(20));
  ASSERT_TRUE(r);
  std::vector<std::string> back;
  std::string current;
  for (char c : r->out) {
    if (c == '\0') {
      back.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  EXPECT_EQ(back, words);
}

}  // namespace dcod::plugins
