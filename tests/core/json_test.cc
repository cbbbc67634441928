// JSON as dcod reads it from hosts and from its own state record: strict, bounded, Unicode-correct.

#include "util/json.h"

#include <gtest/gtest.h>

#include <random>

#include "json_reference.h"

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
    if (!parsed) {
      EXPECT_EQ(parsed.error().message.rfind("not valid JSON: ", 0), 0u);
    }
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

TEST(Json, ANulByteIsRefusedAlsoAfterAWholeValue) {
  // Found by fuzzing: nlohmann-json took a NUL after a whole value for the end of the text.
  using namespace std::string_literals;
  for (const std::string& text : {"[1]\n\0garbage"s, "[\"a\0\"]"s, "\0"s, "[]\0"s}) {
    auto parsed = parse_json(text);
    ASSERT_FALSE(parsed) << text;
    EXPECT_EQ(parsed.error().message.rfind("not valid JSON", 0), 0u) << parsed.error().message;
    EXPECT_FALSE(parse_records(text, {"a"})) << text;
  }
  EXPECT_EQ(parse_json("[1]\n\0x"s).error().message, "not valid JSON: a NUL byte at byte 5");
}

TEST(JsonRecords, KeepOnlyTheNamedStringMembersOfEachObject) {
  auto records = parse_records(
      R"([{"mac":"02:00:00:00:00:01","dst":"198.18.0.2","vlan":5,"flags":["self","x"],
          "info":{"mac":"inner"}},
         7, "text", ["mac"], {"mac":1,"flags":"self"}, {"mac":"a","mac":"b"}])",
      {"mac", "flags", "dst"});
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 3u) << "elements that are not objects are left out";
  const JsonRecord& first = (*records)[0];
  EXPECT_EQ(first.first(0), "02:00:00:00:00:01");
  EXPECT_TRUE(first.holds(1, "self"));
  EXPECT_TRUE(first.holds(1, "x"));
  EXPECT_EQ(first.first(2), "198.18.0.2");
  EXPECT_EQ(first.members[0].size(), 1u) << "a nested object's members are not the record's";
  EXPECT_EQ((*records)[1].first(0), "") << "a number is not a string";
  EXPECT_EQ((*records)[1].first(1), "self");
  EXPECT_EQ((*records)[2].first(0), "b") << "of a repeated key the last counts, as in parse_json";
  EXPECT_EQ((*records)[2].first(5), "") << "a member never asked for";
}

TEST(JsonRecords, RefuseWhatParseJsonRefuses) {
  EXPECT_TRUE(parse_records("", {"a"}));
  EXPECT_TRUE(parse_records(" \n", {"a"})->empty());
  for (const char* text : {"{\"a\":\"b\"}", "\"a\"", "3", "null"}) {
    auto r = parse_records(text, {"a"});
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().message, "not a JSON array") << text;
  }
  for (const char* text :
       {"[{\"a\":\"b\"}", "[1,]", "[1e999]", "[{\"a\":\"b\"}] x", "[\"\xff\"]"}) {
    auto r = parse_records(text, {"a"});
    EXPECT_FALSE(r) << text;
    EXPECT_FALSE(parse_json(text)) << text;
  }
  JsonLimits shallow;
  shallow.max_depth = 3;
  EXPECT_TRUE(parse_records("[{\"a\":[\"x\"]}]", {"a"}, shallow));
  auto deep = parse_records("[{\"a\":[[\"x\"]]}]", {"a"}, shallow);
  ASSERT_FALSE(deep);
  EXPECT_NE(deep.error().message.find("nested deeper"), std::string::npos);
  JsonLimits small;
  small.max_bytes = 4;
  EXPECT_FALSE(parse_records("[1, 2]", {"a"}, small));
}

TEST(JsonRecords, ReadWhatParseJsonReadsOfTextsNearIproutesOutput) {
  // The one-pass reader against parse_json's document, on iproute2-like texts and on many
  // texts a few bytes away from them: the same refusals, the same records.
  const std::vector<std::string> seeds = {
      R"([{"mac":"00:00:00:00:00:00","ifname":"dcx101","dst":"198.18.0.2","flags":["self"],)"
      R"("state":"permanent"},{"mac":"33:33:00:00:00:01","ifname":"eth0","state":"permanent"}])",
      R"([{"dst":"10.0.0.2","dev":"dcx7","lladdr":"02:ab:cd:ef:00:01","state":["PERMANENT"]},)"
      R"({"dst":"fe80::1","dev":"dcx7","lladdr":"02:00:00:00:00:02","state":["STALE","x"]}])",
      R"([{"ifindex":1,"ifname":"lo","mtu":65536,"ifalias":"caf\u00e9 \ud83d\ude00 é",)"
      R"("linkinfo":{"info_kind":"vxlan","info_data":{"id":101,"port":4789}},"n":-1.5e3}])",
      "\xEF\xBB\xBF[{\"ifname\":\"a\\\"b\\\\c\\/\\n\"}, [], {}, 12345678901234567890]",
  };
  const std::vector<std::string> keys = {"ifname", "dst",    "mac",   "state",
                                         "dev",    "lladdr", "flags", "ifalias"};
  for (const std::string& seed : seeds) EXPECT_TRUE(testing::records_agree(seed, keys)) << seed;
  ASSERT_TRUE(parse_records(seeds[0], keys)) << "the first seed is valid";
  std::string alphabet =
      "[]{}:,\"\\u0123456789abcdefDd.eE+-tfnrl \t\n\x01\x1f\x7f\x80\xbf\xc2"
      "\xe0\xed\xf0\xf4\xff";
  alphabet += '\0';  // NUL too: no JSON holds one (ANulByteIsRefusedAlsoAfterAWholeValue)
  std::mt19937 random(17);
  auto pick = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
  };
  std::size_t valid = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text = seeds[pick(seeds.size())];
    for (std::size_t edits = 1 + pick(3); edits > 0; --edits) {
      std::size_t at = pick(text.size() + 1);
      char c = alphabet[pick(alphabet.size())];
      switch (pick(3)) {
        case 0:
          text.insert(at, 1, c);
          break;
        case 1:
          if (at < text.size()) text[at] = c;
          break;
        default:
          if (at < text.size()) text.erase(at, 1 + pick(4));
      }
    }
    ASSERT_TRUE(testing::records_agree(text, keys)) << text;
    valid += parse_records(text, keys) ? 1 : 0;
  }
  EXPECT_GT(valid, 1000u) << "valid texts were among the variants too";
  JsonLimits shallow;
  shallow.max_depth = 4;
  for (const char* text : {"[{\"flags\":[[\"x\"]]}]", "[{\"flags\":[[[\"x\"]]]}]", "[[[[[1]]]]]"})
    EXPECT_TRUE(testing::records_agree(text, keys, shallow)) << text;
}

}  // namespace dcod
