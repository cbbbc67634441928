#include "util/printable.h"

#include <gtest/gtest.h>

#include "util/expected.h"

namespace dcod {

TEST(Printable, ControlBytesAndBrokenUtf8AreEscapedAndTheRestPasses) {
  EXPECT_EQ(printable("plain text\n\twith tab"), "plain text\n\twith tab");
  EXPECT_EQ(printable("hv3 → hv2, ü, 日本, 😀"), "hv3 → hv2, ü, 日本, 😀");
  EXPECT_EQ(printable("\x1b[2J\x1b]0;owned\x07"), "\\x1b[2J\\x1b]0;owned\\x07");
  EXPECT_EQ(printable(std::string("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(printable("\x7f"), "\\x7f");
  EXPECT_EQ(printable("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(printable("\xc3"), "\\xc3") << "a sequence cut short";
  EXPECT_EQ(printable("\xc0\xaf"), "\\xc0\\xaf") << "an overlong form";
  EXPECT_EQ(printable("\xed\xa0\x80"), "\\xed\\xa0\\x80") << "a surrogate";
  EXPECT_EQ(printable("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80") << "past U+10FFFF";
}

TEST(Printable, ErrorsAreDescribedPrintably) {
  Error e{"cannot read `ip -j link show`: last read: '\x1b[31m\xff'", "is \x07 there?"};
  EXPECT_EQ(describe_with_hint(e),
            "cannot read `ip -j link show`: last read: '\\x1b[31m\\xff'\n  hint: is \\x07 there?");
}

}  // namespace dcod
