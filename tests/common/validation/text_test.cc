#include "common/validation/text.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/common/validation/field_error_matchers.h"

namespace rrmon::validation {
namespace {

TEST(FreeTextTest, AcceptsOrdinaryText) {
  EXPECT_TRUE(ValidateFreeText("新疆塔城地区塔城市二工镇", "address", 200, true).ok());
  EXPECT_TRUE(ValidateFreeText("因病致贫\n住院两次\t自付 12,000 元", "reason", 500, true).ok());
  EXPECT_TRUE(ValidateFreeText("ئايگۈل مەمەت (Айгүл) 😀", "note", 100, true).ok());
  // Marks that only steer direction (LRM) are legitimate in mixed-script text.
  EXPECT_TRUE(ValidateFreeText("abc\u200Eئا", "note", 100, true).ok());
}

TEST(FreeTextTest, EmptyOnlyWhenOptional) {
  EXPECT_TRUE(ValidateFreeText("", "note", 10, false).ok());
  EXPECT_TRUE(ValidateFreeText(" ", "note", 10, false).ok());
  EXPECT_FIELD_ERROR(ValidateFreeText("", "reason", 10, true), "reason");
  EXPECT_FIELD_ERROR(ValidateFreeText(" \n\t\u3000", "reason", 10, true), "reason");
}

TEST(FreeTextTest, CountsCodePointsNotBytes) {
  EXPECT_TRUE(ValidateFreeText("一二三四五", "note", 5, true).ok());
  EXPECT_FIELD_ERROR(ValidateFreeText("一二三四五六", "note", 5, true), "note");
}

TEST(FreeTextTest, RejectsInvalidUtf8) {
  EXPECT_FIELD_ERROR(ValidateFreeText("abc\xE5", "note", 100, false), "note");
  EXPECT_FIELD_ERROR(ValidateFreeText("\xC0\x80", "note", 100, false), "note");
}

TEST(FreeTextTest, RejectsControlCharacters) {
  EXPECT_FIELD_ERROR(ValidateFreeText(std::string("a\0b", 3), "note", 100, false), "note");
  for (const char* text : {"a\rb", "a\x1B[31mb", "a\x7F", "a\u0085b", "a\u009Bb"}) {
    EXPECT_FIELD_ERROR(ValidateFreeText(text, "note", 100, false), "note") << text;
  }
}

TEST(FreeTextTest, RejectsBidiOverrides) {
  for (const char* text : {"a\u202Eb", "a\u202Ab", "a\u202Db", "a\u2066b", "a\u2069b"}) {
    EXPECT_FIELD_ERROR(ValidateFreeText(text, "address", 100, false), "address");
  }
}

}  // namespace
}  // namespace rrmon::validation
