#include "clients/rrctl/display_width.h"

#include <gtest/gtest.h>

namespace rrmon::rrctl {
namespace {

TEST(DisplayWidthTest, AsciiIsOneColumnPerCharacter) {
  EXPECT_EQ(DisplayWidth(""), 0);
  EXPECT_EQ(DisplayWidth("households/abc"), 14);
}

TEST(DisplayWidthTest, ChineseIsTwoColumnsPerCharacter) {
  EXPECT_EQ(DisplayWidth("王小明"), 6);
  EXPECT_EQ(DisplayWidth("维吾尔族"), 8);
  EXPECT_EQ(DisplayWidth("（全角）"), 8);  // fullwidth parentheses
}

TEST(DisplayWidthTest, MiddleDotNamesMixNarrowAndWide) {
  // 阿依古丽 (4 wide) + middle dot U+00B7 (narrow) + 买买提 (3 wide).
  EXPECT_EQ(DisplayWidth("阿依古丽·买买提"), 15);
}

TEST(DisplayWidthTest, CyrillicAndArabicAreNarrowAndMarksTakeNoColumn) {
  EXPECT_EQ(DisplayWidth("Айгүл"), 5);
  EXPECT_EQ(DisplayWidth("آيگۈل"), 5);
  EXPECT_EQ(DisplayWidth("e\xCC\x81"), 1);  // e + combining acute accent
}

TEST(DisplayWidthTest, InvalidBytesCountAsOneColumn) {
  EXPECT_EQ(DisplayWidth("a\xFF"
                         "b"),
            3);
  EXPECT_EQ(DisplayWidth("\xE7\x8E"), 2);  // a truncated 3-byte sequence
}

TEST(DisplayWidthTest, PadToWidthUsesColumnsNotBytes) {
  EXPECT_EQ(PadToWidth("王", 4), "王  ");
  EXPECT_EQ(PadToWidth("ab", 4), "ab  ");
  EXPECT_EQ(PadToWidth("王小明", 4), "王小明");
}

}  // namespace
}  // namespace rrmon::rrctl
