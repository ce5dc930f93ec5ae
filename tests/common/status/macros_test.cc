#include "common/status/macros.h"

#include <gtest/gtest.h>

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace rrmon {
namespace {

absl::Status ReturnIfError(const absl::Status& inner, int* reached) {
  RRMON_RETURN_IF_ERROR(inner);
  ++*reached;
  return absl::OkStatus();
}

absl::StatusOr<int> Half(int value) {
  if (value % 2 != 0) return absl::InvalidArgumentError("odd");
  return value / 2;
}

absl::StatusOr<int> Quarter(int value, int* reached) {
  RRMON_ASSIGN_OR_RETURN(const int half, Half(value));
  ++*reached;
  RRMON_ASSIGN_OR_RETURN(int quarter, Half(half));  // Two on one function: distinct names.
  ++*reached;
  return quarter;
}

absl::Status AssignToExisting(int value, std::string* out) {
  RRMON_ASSIGN_OR_RETURN(*out, absl::StatusOr<std::string>(std::to_string(value)));
  return absl::OkStatus();
}

TEST(MacrosTest, ReturnIfErrorReturnsEarly) {
  int reached = 0;
  const absl::Status status = ReturnIfError(absl::NotFoundError("missing"), &reached);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(status.message(), "missing");
  EXPECT_EQ(reached, 0);
}

TEST(MacrosTest, ReturnIfErrorContinuesOnOk) {
  int reached = 0;
  EXPECT_TRUE(ReturnIfError(absl::OkStatus(), &reached).ok());
  EXPECT_EQ(reached, 1);
}

TEST(MacrosTest, AssignOrReturnAssigns) {
  int reached = 0;
  const absl::StatusOr<int> result = Quarter(12, &reached);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(*result, 3);
  EXPECT_EQ(reached, 2);
}

TEST(MacrosTest, AssignOrReturnReturnsTheErrorEarly) {
  int reached = 0;
  const absl::StatusOr<int> first = Quarter(7, &reached);
  EXPECT_EQ(first.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(first.status().message(), "odd");
  EXPECT_EQ(reached, 0);

  const absl::StatusOr<int> second = Quarter(6, &reached);  // 6 → 3 → odd.
  EXPECT_EQ(second.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(reached, 1);
}

TEST(MacrosTest, AssignOrReturnAssignsToAnExistingLvalue) {
  std::string out;
  EXPECT_TRUE(AssignToExisting(42, &out).ok());
  EXPECT_EQ(out, "42");
}

}  // namespace
}  // namespace rrmon
