#include "common/validation/person_name.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/common/validation/field_error_matchers.h"

namespace rrmon::validation {
namespace {

TEST(PersonNameTest, AcceptsRealNames) {
  for (const char* name : {
           "张伟",
           "欧阳娜娜",
           "阿依古丽·买买提",   // U+00B7, the standard middle dot.
           "阿依古丽•买买提",   // U+2022.
           "阿依古丽・买买提",  // U+30FB.
           "阿依古丽‧买买提",   // U+2027.
           "阿依古丽．买买提",  // U+FF0E.
           "阿依古丽･买买提",   // U+FF65.
           "努尔兰·哈孜别克·吐尔逊",
           "宋〇",
           "ئايگۈل مەمەت",  // Uyghur, Arabic script.
           "نۇرلان قاسىم",
           "Айгүл Мамырқызы",  // Kazakh, Cyrillic.
           "Болат Ерланұлы",
           "ᠪᠠᠲᠤ ᠮᠥᠩᠬᠡ",   // Mongolian script.
           "ᠪᠠᠲᠤ\u180Eᠠ",  // Mongolian vowel separator inside a word.
           "བཀྲ་ཤིས་དོན་གྲུབ",  // Tibetan, syllables ended by tsheg.
           "བཀྲ་ཤིས་ བདེ་ལེགས་",
           "Ayigul Mamat",
           "Jean-Luc O'Neil",
           "O’Brien",
           "José Müller",
           "Nguyễn Văn An",
           "ʻAbd",
       }) {
    EXPECT_TRUE(ValidatePersonName(name, "name").ok()) << name;
  }
}

TEST(PersonNameTest, AcceptsLongestAllowed) {
  std::string name;
  for (int i = 0; i < 64; ++i) name += "阿";  // 64 code points, 192 bytes.
  EXPECT_TRUE(ValidatePersonName(name, "name").ok());
}

TEST(PersonNameTest, RejectsEmptyAndWhitespaceAtEnds) {
  EXPECT_FIELD_ERROR(ValidatePersonName("", "member.name"), "member.name");
  EXPECT_FIELD_ERROR(ValidatePersonName(" 张伟", "member.name"), "member.name");
  EXPECT_FIELD_ERROR(ValidatePersonName("张伟 ", "member.name"), "member.name");
  EXPECT_FIELD_ERROR(ValidatePersonName(" ", "member.name"), "member.name");
  EXPECT_FIELD_ERROR(ValidatePersonName("张伟\u3000", "member.name"), "member.name");
  EXPECT_FIELD_ERROR(ValidatePersonName("张\u00A0伟", "member.name"), "member.name");
}

TEST(PersonNameTest, RejectsInvalidUtf8) {
  EXPECT_FIELD_ERROR(ValidatePersonName("\xE5\xBC", "name"), "name");
  EXPECT_FIELD_ERROR(ValidatePersonName("ab\xFF", "name"), "name");
  EXPECT_FIELD_ERROR(ValidatePersonName("\xC0\xAF", "name"), "name");      // Overlong '/'.
  EXPECT_FIELD_ERROR(ValidatePersonName("\xED\xA0\x80", "name"), "name");  // Surrogate.
}

TEST(PersonNameTest, RejectsControlAndFormatCharacters) {
  EXPECT_FIELD_ERROR(ValidatePersonName(std::string("张\0伟", 7), "name"), "name");
  for (const char* name : {"张\t伟", "张\n伟", "张\x7F伟", "张\u0085伟", "张\u202E伟", "张\u2066伟",
                           "张\u200B伟", "张\uFEFF伟", "张\u200D", "\u200D张"}) {
    EXPECT_FIELD_ERROR(ValidatePersonName(name, "name"), "name") << name;
  }
}

TEST(PersonNameTest, RejectsDigitsPunctuationAndSymbols) {
  for (const char* name : {"张伟2", "张伟３", "Ⅻ世", "张伟!", "张伟,李娜", "张.伟", "张/伟",
                           "张伟😀", "张伟$", "<script>", "张_伟", "张伟\uE000"}) {
    EXPECT_FIELD_ERROR(ValidatePersonName(name, "name"), "name") << name;
  }
}

TEST(PersonNameTest, RejectsSeparatorMistakes) {
  for (const char* name : {"阿依古丽··买买提", "阿依古丽 ·买买提", "Jean--Luc", "Jean  Luc",
                           "·买买提", "阿依古丽·", "-Luc", "\u0301a"}) {
    EXPECT_FIELD_ERROR(ValidatePersonName(name, "name"), "name") << name;
  }
}

TEST(PersonNameTest, AcceptsJoinersWhereTheScriptNeedsThem) {
  for (const char* name : {
           "ئايگۈل\u200Cمەمەت",  // ZWNJ between Arabic-script letters.
           "مە\u200Dمەت",        // ZWJ in Arabic script.
           "ᠪᠠᠲᠤ\u200Dᠠ",        // ZWJ in Mongolian.
           "क्\u200Dष",           // ZWJ after a virama: a Devanagari half form.
           "ᠪᠠᠲᠤ\u202Fᠠ",        // Narrow no-break space inside a Mongolian word.
       }) {
    EXPECT_TRUE(ValidatePersonName(name, "name").ok()) << name;
  }
}

TEST(PersonNameTest, RejectsJoinersBetweenLettersThatDoNotJoin) {
  // Each looks exactly like a name without the joiner, so it would be a second spelling.
  for (const char* name :
       {"王\u200D建国", "A\u200Dli", "王\u200C建国", "Ay\u200Cgul", "Ай\u200Dгүл", "Ali\u200Dя",
        "ئا\u200Dli", "王\u180E建", "王\u202F建", "Ali\u180Eya", "ᠪᠠᠲᠤ\u180Eli"}) {
    EXPECT_FIELD_ERROR(ValidatePersonName(name, "name"), "name") << name;
  }
}

TEST(PersonNameTest, NormalizesMiddleDotsAndCompositionToOneSpelling) {
  const std::string standard = "阿依古丽·买买提";  // U+00B7
  for (const char* variant :
       {"阿依古丽•买买提", "阿依古丽・买买提", "阿依古丽‧买买提", "阿依古丽．买买提",
        "阿依古丽･买买提", "阿依古丽∙买买提", "阿依古丽⋅买买提", "阿依古丽·买买提"}) {
    EXPECT_EQ(NormalizePersonName(variant), standard) << variant;
  }
  // A letter and its combining accent become the precomposed letter (NFC).
  EXPECT_EQ(NormalizePersonName("Jose\u0301 Mu\u0308ller"), "José Müller");
  EXPECT_EQ(NormalizePersonName("José Müller"), "José Müller");
  // Nothing else changes: a name of any script stays as typed.
  for (const char* name : {"Айгүл Мамырқызы", "ئايگۈل مەمەت", "ᠪᠠᠲᠤ ᠮᠥᠩᠬᠡ", "O’Brien"}) {
    EXPECT_EQ(NormalizePersonName(name), name);
  }
  // Invalid UTF-8 is left for validation to refuse.
  EXPECT_EQ(NormalizePersonName("ab\xFF"), "ab\xFF");
  EXPECT_FIELD_ERROR(ValidatePersonName(NormalizePersonName("ab\xFF"), "name"), "name");
}

TEST(PersonNameTest, RejectsTooLong) {
  std::string name;
  for (int i = 0; i < 65; ++i) name += "a";
  EXPECT_FIELD_ERROR(ValidatePersonName(name, "name"), "name");
  // The byte limit is checked before decoding, so huge input costs nothing to reject.
  std::string heavy;
  for (int i = 0; i < 60; ++i) heavy += "a\u0301\u0301";
  ASSERT_GT(heavy.size(), 256u);
  EXPECT_FIELD_ERROR(ValidatePersonName(heavy, "name"), "name");
}

}  // namespace
}  // namespace rrmon::validation
