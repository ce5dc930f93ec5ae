#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status/status_details.h"

namespace rrmon::testing {

// Whether `status` is a validator's INVALID_ARGUMENT naming exactly `field` in its
// google.rpc.BadRequest detail, with a description.
inline ::testing::AssertionResult IsFieldError(const absl::Status& status, std::string_view field) {
  if (status.code() != absl::StatusCode::kInvalidArgument) {
    return ::testing::AssertionFailure() << "expected INVALID_ARGUMENT, got " << status;
  }
  const google::rpc::BadRequest bad_request = GetBadRequest(status);
  if (bad_request.field_violations_size() != 1) {
    return ::testing::AssertionFailure()
           << "expected one field violation, got " << bad_request.field_violations_size();
  }
  const auto& violation = bad_request.field_violations(0);
  if (violation.field() != field) {
    return ::testing::AssertionFailure()
           << "violation names field '" << violation.field() << "', expected '" << field << "'";
  }
  if (violation.description().empty()) {
    return ::testing::AssertionFailure() << "violation has no description";
  }
  return ::testing::AssertionSuccess();
}

// The description of a field error (empty, and a test failure, when it is not one).
inline std::string FieldErrorDescription(const absl::Status& status, std::string_view field) {
  EXPECT_TRUE(IsFieldError(status, field));
  const google::rpc::BadRequest bad_request = GetBadRequest(status);
  return bad_request.field_violations_size() == 1 ? bad_request.field_violations(0).description()
                                                  : std::string();
}

}  // namespace rrmon::testing

#define EXPECT_FIELD_ERROR(status_expr, field) \
  EXPECT_TRUE(::rrmon::testing::IsFieldError((status_expr), (field)))
