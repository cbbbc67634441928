// JSON as dcod reads it from hosts and from its own state record: strict, bounded, Unicode-correct.

#include "util/json.h"

#include <gtest/gtest.h>

namespace dcod {

TEST(Json, MalformedNumbersAreRefused) {
  for (const char* text : {"1-2", "01", "1.2.3", "1e", "[1,]", "{\"a\":1}x", "-", "+1", ".5"}) {
    EXPECT_FALSE(parse_json(text)) << text;
  }
  EXPECT_TRUE(parse_json("[-1.5e3, 0, 10]"));
}

TEST(Json, ANumberTooLargeIsAnErrorNotAnException) {
  // Found by fuzzing the state record: the parser threw out_of_range despite allow_exceptions.
  for (const char* text : {"[1e999]", "{\"port\":2e01111111111}", "-1e400"}) {
    auto parsed = parse_json(text);
    EXPECT_FALSE(parsed) << text;
    if (!parsed) EXPECT_EQ(parsed.error().message.rfind("not valid JSON: ", 0), 0u);
  }
}

TEST(Json, EscapesDecodeToUtf8) {
  auto e_acute = parse_json(R"("\u00e9")");
  ASSERT_TRUE(e_acute);
  EXPECT_EQ(e_acute->get<std::string>(), "\xc3\xa9");
  auto smiley = parse_json(R"("\ud83d\ude00")");  // a surrogate pair: one code point
  ASSERT_TRUE(smiley);
  EXPECT_EQ(smiley->get<std::string>(), "\xf0\x9f\x98\x80");
  EXPECT_FALSE(parse_json(R"("\ud83d")")) << "a lone surrogate is not a character";
}

TEST(Json, DeepNestingIsAnErrorNotACrash) {
  std::string deep(200000, '[');
  auto parsed = parse_json(deep + std::string(200000, ']'));
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("nested deeper than 64"), std::string::npos)
      << parsed.error().message;
  EXPECT_TRUE(parse_json(std::string(64, '[') + std::string(64, ']')));
  EXPECT_TRUE(
      parse_json(R"(["[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["])"))
      << "brackets inside strings do not count";
}

TEST(Json, TooLargeATextIsRefusedBeforeParsing) {
  JsonLimits small;
  small.max_bytes = 16;
  auto parsed = parse_json("[1, 2, 3, 4, 5, 6, 7, 8, 9]", small);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("more than the 16 accepted"), std::string::npos);
}

TEST(Json, WritingBytesThatAreNotUtf8NeverThrows) {
  OrderedJson j = {{"error", std::string("bad \xff\xfe bytes")}, {"n", 1}};
  std::string text = to_text(j);
  EXPECT_NE(text.find("bad "), std::string::npos);
  EXPECT_TRUE(parse_json(text)) << text;
  EXPECT_EQ(text.find("\"n\":1"), text.size() - 6) << "members keep their order: " << text;
}

TEST(Json, MembersAreReadWithFallbacks) {
  auto j = parse_json(R"({"s": "x", "n": 3, "b": true, "wrong": 1})");
  ASSERT_TRUE(j);
  EXPECT_EQ(string_or(*j, "s"), "x");
  EXPECT_EQ(string_or(*j, "wrong", "fb"), "fb");
  EXPECT_EQ(number_or(*j, "n"), 3);
  EXPECT_EQ(number_or(*j, "missing", 7), 7);
  EXPECT_TRUE(flag_of(*j, "b"));
  EXPECT_FALSE(flag_of(*j, "n"));
  EXPECT_EQ(string_or(Json::array(), "s", "fb"), "fb");
}

}  // namespace dcod
