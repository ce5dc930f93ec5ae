#include "common/validation/id_number.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

#include "tests/common/validation/field_error_matchers.h"

namespace rrmon::validation {
namespace {

using ::rrmon::testing::FieldErrorDescription;

const absl::CivilDay kToday(2024, 6, 1);

// ISO 7064 MOD 11-2, written out again here so the tests do not trust the code under test.
char CheckChar(const std::string& first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return "10X98765432"[sum % 11];
}

std::string WithCheck(const std::string& first17) { return first17 + CheckChar(first17); }

// A number whose check character is right but differs from the correct one.
std::string WithWrongCheck(const std::string& first17) {
  const char right = CheckChar(first17);
  return first17 + (right == '0' ? '1' : '0');
}

TEST(IdNumberTest, ParsesComputedNumber) {
  const std::string id = WithCheck("65420119900307123");
  absl::StatusOr<IdNumber> parsed = ParseIdNumber(id, "id_number", kToday);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->normalized, id);
  EXPECT_EQ(parsed->area_code, "654201");
  EXPECT_EQ(parsed->birth_date, absl::CivilDay(1990, 3, 7));
  EXPECT_FALSE(parsed->female);  // Digit 17 is 3: odd, male.
}

TEST(IdNumberTest, ParsesPublishedExampleWithX) {
  absl::StatusOr<IdNumber> parsed = ParseIdNumber("11010519491231002X", "id_number", kToday);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->area_code, "110105");
  EXPECT_EQ(parsed->birth_date, absl::CivilDay(1949, 12, 31));
  EXPECT_TRUE(parsed->female);  // Digit 17 is 2: even, female.
}

TEST(IdNumberTest, NormalisesLowercaseX) {
  absl::StatusOr<IdNumber> parsed = ParseIdNumber("11010519491231002x", "id_number", kToday);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->normalized, "11010519491231002X");
}

TEST(IdNumberTest, AcceptsBoundaryDatesAndResidencePermits) {
  EXPECT_TRUE(ParseIdNumber(WithCheck("11010519000101001"), "f", kToday).ok());
  EXPECT_TRUE(ParseIdNumber(WithCheck("11010520240601001"), "f", kToday).ok());  // Born today.
  EXPECT_TRUE(ParseIdNumber(WithCheck("11010520000229001"), "f", kToday).ok());  // Leap day.
  for (const char* area : {"710000", "810000", "820000", "830000"}) {
    EXPECT_TRUE(ParseIdNumber(WithCheck(std::string(area) + "19900307123"), "f", kToday).ok())
        << area;
  }
}

TEST(IdNumberTest, RejectsWrongLength) {
  EXPECT_FIELD_ERROR(ParseIdNumber("", "id_number", kToday).status(), "id_number");
  EXPECT_FIELD_ERROR(ParseIdNumber("11010519491231002", "id_number", kToday).status(), "id_number");
  EXPECT_FIELD_ERROR(ParseIdNumber("11010519491231002X1", "id_number", kToday).status(),
                     "id_number");
  // The old 15-digit numbers are no longer issued.
  EXPECT_FIELD_ERROR(ParseIdNumber("110105491231002", "id_number", kToday).status(), "id_number");
}

TEST(IdNumberTest, RejectsBadCharacters) {
  EXPECT_FIELD_ERROR(ParseIdNumber("1101051949123100XX", "m.id", kToday).status(), "m.id");
  EXPECT_FIELD_ERROR(ParseIdNumber("11010519491231002Y", "m.id", kToday).status(), "m.id");
  EXPECT_FIELD_ERROR(ParseIdNumber(" 1010519491231002X", "m.id", kToday).status(), "m.id");
  EXPECT_FIELD_ERROR(ParseIdNumber("X10105194912310021", "m.id", kToday).status(), "m.id");
}

TEST(IdNumberTest, RejectsBadCheckCharacter) {
  EXPECT_FIELD_ERROR(
      ParseIdNumber(WithWrongCheck("65420119900307123"), "id_number", kToday).status(),
      "id_number");
  EXPECT_FIELD_ERROR(ParseIdNumber("110105194912310021", "id_number", kToday).status(),
                     "id_number");
  // A transposition of two digits is what the check character exists to catch.
  const std::string id = WithCheck("65420119900307123");
  std::string swapped = id;
  std::swap(swapped[14], swapped[15]);
  if (swapped != id) {
    EXPECT_FIELD_ERROR(ParseIdNumber(swapped, "id_number", kToday).status(), "id_number");
  }
}

TEST(IdNumberTest, RejectsDatesThatAreNotRealDays) {
  for (const char* first17 : {"65420119900230123", "65420119901301123", "65420119900000123",
                              "65420119900431123", "65420119000229123", "65420120230229123"}) {
    EXPECT_FIELD_ERROR(ParseIdNumber(WithCheck(first17), "id_number", kToday).status(),
                       "id_number");
  }
}

TEST(IdNumberTest, RejectsBirthDatesOutOfRange) {
  EXPECT_FIELD_ERROR(ParseIdNumber(WithCheck("65420118991231123"), "id_number", kToday).status(),
                     "id_number");
  EXPECT_FIELD_ERROR(ParseIdNumber(WithCheck("65420120240602123"), "id_number", kToday).status(),
                     "id_number");
  EXPECT_FIELD_ERROR(ParseIdNumber(WithCheck("65420130000101123"), "id_number", kToday).status(),
                     "id_number");
}

TEST(IdNumberTest, RejectsUnknownProvince) {
  for (const char* area : {"000000", "100000", "160000", "380000", "660000", "720000", "990000"}) {
    EXPECT_FIELD_ERROR(
        ParseIdNumber(WithCheck(std::string(area) + "19900307123"), "id_number", kToday).status(),
        "id_number")
        << area;
  }
}

TEST(IdNumberTest, EachKindOfMistakeHasItsOwnDescription) {
  const std::set<std::string> descriptions = {
      FieldErrorDescription(ParseIdNumber("123", "f", kToday).status(), "f"),
      FieldErrorDescription(ParseIdNumber("1101051949123100A2", "f", kToday).status(), "f"),
      FieldErrorDescription(ParseIdNumber("110105194912310021", "f", kToday).status(), "f"),
      FieldErrorDescription(ParseIdNumber(WithCheck("11010519490230002"), "f", kToday).status(),
                            "f"),
      FieldErrorDescription(ParseIdNumber(WithCheck("11010520300101002"), "f", kToday).status(),
                            "f"),
      FieldErrorDescription(ParseIdNumber(WithCheck("99010519491231002"), "f", kToday).status(),
                            "f"),
  };
  EXPECT_EQ(descriptions.size(), 6u);
}

TEST(IdNumberTest, DescriptionsNeverContainTheNumber) {
  const std::string id = WithWrongCheck("65420119900307123");
  absl::Status status = ParseIdNumber(id, "id_number", kToday).status();
  EXPECT_EQ(std::string(status.message()).find("6542011990"), std::string::npos);
}

TEST(MaskIdNumberTest, KeepsFirstAndLastFour) {
  EXPECT_EQ(MaskIdNumber("65420119900307123X"), "6542**********123X");
  EXPECT_EQ(MaskIdNumber("123456789"), "1234*6789");
}

TEST(MaskIdNumberTest, MasksShortInputCompletely) {
  EXPECT_EQ(MaskIdNumber(""), "");
  EXPECT_EQ(MaskIdNumber("12345678"), "********");
  EXPECT_EQ(MaskIdNumber("1"), "*");
}

}  // namespace
}  // namespace rrmon::validation
