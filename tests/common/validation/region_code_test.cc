#include "common/validation/region_code.h"

#include <gtest/gtest.h>

#include "tests/common/validation/field_error_matchers.h"

namespace rrmon::validation {
namespace {

TEST(RegionCodeTest, AcceptsCodesOfEveryLevel) {
  for (const char* code : {"654201100201", "654201100000", "654201000000", "654200000000",
                           "650000000000", "110101001001", "460000000000"}) {
    EXPECT_TRUE(ValidateRegionCode(code, "region_code").ok()) << code;
  }
}

TEST(RegionCodeTest, RejectsWrongShape) {
  for (const char* code : {"", "6542", "65420110020", "6542011002011", "65420110020a",
                           " 54201100201", "６５４２０１１００２０１"}) {
    EXPECT_FIELD_ERROR(ValidateRegionCode(code, "village_code"), "village_code");
  }
}

TEST(RegionCodeTest, RejectsUnknownProvince) {
  for (const char* code : {"000000000000", "100000000000", "160000000000", "660000000000",
                           "710000000000", "810000000000", "990101001001"}) {
    EXPECT_FIELD_ERROR(ValidateRegionCode(code, "region_code"), "region_code");
  }
}

TEST(RegionCodeTest, RejectsLowerLevelUnderZeroLevel) {
  for (const char* code :
       {"650000001001", "650001000000", "654200001000", "654201000001", "650000000001"}) {
    EXPECT_FIELD_ERROR(ValidateRegionCode(code, "region_code"), "region_code");
  }
}

TEST(RegionPrefixTest, AcceptsEveryLength) {
  for (const char* prefix : {"65", "6542", "654201", "654201100", "654201100201", "654201000000"}) {
    EXPECT_TRUE(ValidateRegionPrefix(prefix, "region_prefix").ok()) << prefix;
  }
}

TEST(RegionPrefixTest, RejectsBadPrefixes) {
  for (const char* prefix :
       {"", "6", "654", "65420", "6542011", "65420110", "6542011002", "65420110020", "6542a1", "99",
        "16", "6500", "654200", "654201000", "650001", "650000001001"}) {
    EXPECT_FIELD_ERROR(ValidateRegionPrefix(prefix, "region_prefix"), "region_prefix");
  }
}

TEST(RegionCoversTest, PrefixMatch) {
  EXPECT_TRUE(RegionCovers("65", "654201100201"));
  EXPECT_TRUE(RegionCovers("6542", "654201"));
  EXPECT_TRUE(RegionCovers("654201", "654201"));
  EXPECT_TRUE(RegionCovers("654201100201", "654201100201"));
  EXPECT_FALSE(RegionCovers("6542", "654301100201"));
  EXPECT_FALSE(RegionCovers("654201", "6542"));  // Broader than the prefix.
  EXPECT_FALSE(RegionCovers("654201", ""));
}

TEST(RegionCoversTest, EmptyPrefixCoversNothing) {
  EXPECT_FALSE(RegionCovers("", "654201100201"));
  EXPECT_FALSE(RegionCovers("", ""));
}

TEST(CountyOfTest, FirstSixDigits) {
  EXPECT_EQ(CountyOf("654201100201"), "654201");
  EXPECT_EQ(CountyOf("654201"), "654201");
  EXPECT_EQ(CountyOf("6542"), "6542");
}

TEST(LevelOfPrefixTest, LevelByLength) {
  EXPECT_EQ(LevelOfPrefix("65").value(), RegionLevel::kProvince);
  EXPECT_EQ(LevelOfPrefix("6542").value(), RegionLevel::kPrefecture);
  EXPECT_EQ(LevelOfPrefix("654201").value(), RegionLevel::kCounty);
  EXPECT_EQ(LevelOfPrefix("654201100").value(), RegionLevel::kTownship);
  EXPECT_EQ(LevelOfPrefix("654201100201").value(), RegionLevel::kVillage);
}

TEST(LevelOfPrefixTest, RejectsInvalidPrefix) {
  EXPECT_FIELD_ERROR(LevelOfPrefix("654").status(), "region_prefix");
  EXPECT_FIELD_ERROR(LevelOfPrefix("99", "filter.region").status(), "filter.region");
}

}  // namespace
}  // namespace rrmon::validation
