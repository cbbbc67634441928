#include "util/json_writer.h"

#include <gtest/gtest.h>

#include "util/json_value.h"

namespace dcod {

TEST(JsonWriter, WritesNestedContainersThatParse) {
  JsonWriter w;
  w.begin_object();
  w.string("name", "a\"b\\c\nd\x01");
  w.integer("n", -3);
  w.number("x", 1.25);
  w.boolean("ok", true);
  w.optional_integer("none", std::nullopt);
  w.begin_array("list");
  w.string_element("one");
  w.string_element("two");
  w.end_array();
  w.begin_object("inner");
  w.end_object();
  w.end_object();
  auto parsed = parse_json(w.text());
  ASSERT_TRUE(parsed) << w.text();
  EXPECT_EQ((*parsed)["name"].string(), "a\"b\\c\nd\x01");
  EXPECT_EQ((*parsed)["n"].number(), -3);
  EXPECT_DOUBLE_EQ((*parsed)["x"].number(), 1.25);
  EXPECT_TRUE((*parsed)["none"].is_null());
  EXPECT_EQ((*parsed)["list"].array().size(), 2u);
  EXPECT_TRUE((*parsed)["inner"].object().empty());
}

}  // namespace dcod
