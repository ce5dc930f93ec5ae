#include "common/api/etag.h"

#include "common/status/status_details.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rrmon {
namespace {

using ::testing::HasSubstr;

TEST(EtagTest, IsTheRevisionInDecimal) {
  EXPECT_EQ(EtagOf(7), "7");
  EXPECT_EQ(RevisionOf("7"), 7);
  EXPECT_EQ(RevisionOf(""), std::nullopt);
  EXPECT_EQ(RevisionOf("0"), std::nullopt);
  EXPECT_EQ(RevisionOf("-3"), std::nullopt);
  EXPECT_EQ(RevisionOf("W/\"7\""), std::nullopt);
}

TEST(EtagTest, AMismatchIsAbortedWithItsReason) {
  EXPECT_TRUE(CheckEtag("", "4", "case").ok()) << "no etag: the write is not guarded";
  EXPECT_TRUE(CheckEtag("4", "4", "case").ok());
  const absl::Status clash = CheckEtag("3", "4", "case");
  EXPECT_EQ(clash.code(), absl::StatusCode::kAborted);
  EXPECT_THAT(clash.message(), HasSubstr("the case changed since it was read"));
  EXPECT_EQ(GetErrorReason(clash), "ETAG_MISMATCH");
  EXPECT_EQ(GetErrorReason(EtagMismatchError("household")), "ETAG_MISMATCH");
}

TEST(EtagTest, NoEtagMatchesARecordThatDoesNotExist) {
  EXPECT_TRUE(CheckNoEtag("", "guarantees").ok());
  const absl::Status clash = CheckNoEtag("1", "check of the guarantees");
  EXPECT_EQ(clash.code(), absl::StatusCode::kAborted);
  EXPECT_THAT(clash.message(), HasSubstr("no check of the guarantees yet"));
  EXPECT_EQ(GetErrorReason(clash), "ETAG_MISMATCH");
}

}  // namespace
}  // namespace rrmon
