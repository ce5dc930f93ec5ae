#include "common/server/handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "common/log/log.h"
#include "common/status/grpc_status.h"
#include "common/status/status_details.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace rrmon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kDomain[] = "monitoring.rrmon";

google::rpc::ErrorInfo ErrorInfoOf(const grpc::Status& status) {
  google::rpc::Status rpc_status;
  EXPECT_TRUE(rpc_status.ParseFromString(status.error_details()));
  google::rpc::ErrorInfo info;
  for (const auto& any : rpc_status.details()) {
    if (any.UnpackTo(&info)) return info;
  }
  ADD_FAILURE() << "no ErrorInfo";
  return info;
}

TEST(RunHandlerTest, OkPassesThrough) {
  int runs = 0;
  const grpc::Status status = RunHandler(kDomain, "GetHousehold", [&] {
    ++runs;
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(runs, 1);
}

TEST(RunHandlerTest, StatusPassesThroughWithDetails) {
  const grpc::Status status = RunHandler(kDomain, "UpdateHousehold", [] {
    return InvalidFieldError(std::string("update_mask"), "must name the fields");
  });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "update_mask: must name the fields");
  const absl::Status back = FromGrpcStatus(status);
  const auto bad_request = GetBadRequest(back);
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "update_mask");
  const auto info = ErrorInfoOf(status);
  EXPECT_EQ(info.domain(), kDomain);
  EXPECT_EQ(info.reason(), "INVALID_FIELD");
}

TEST(RunHandlerTest, ReasonPassesThrough) {
  const grpc::Status status = RunHandler(kDomain, "DeleteHousehold", [] {
    return WithErrorReason(absl::AbortedError("etag"), "ETAG_MISMATCH");
  });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ErrorInfoOf(status).reason(), "ETAG_MISMATCH");
}

TEST(RunHandlerTest, ThrownExceptionBecomesInternalWithoutLeakingWhat) {
  ::testing::internal::CaptureStderr();
  const grpc::Status status = RunHandler(kDomain, "CreateHousehold", []() -> absl::Status {
    throw std::runtime_error("secret 110101199001011234");
  });
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_THAT(status.error_message(), Not(HasSubstr("secret")));
  EXPECT_EQ(ErrorInfoOf(status).domain(), kDomain);
  EXPECT_THAT(log, HasSubstr("handler threw"));
  EXPECT_THAT(log, HasSubstr("CreateHousehold"));
}

TEST(RunHandlerTest, ThrownNonExceptionBecomesInternal) {
  ::testing::internal::CaptureStderr();
  const grpc::Status status =
      RunHandler(kDomain, "ListHouseholds", []() -> absl::Status { throw 42; });
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_THAT(log, HasSubstr("ListHouseholds"));
}

TEST(RunHandlerTest, InternalErrorsAreLogged) {
  SetMinLogSeverity(LogSeverity::kInfo);
  ::testing::internal::CaptureStderr();
  const grpc::Status status =
      RunHandler(kDomain, "GetHousehold", [] { return absl::InternalError("disk I/O error"); });
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_THAT(log, HasSubstr("disk I/O error"));
  EXPECT_THAT(log, HasSubstr("GetHousehold"));

  ::testing::internal::CaptureStderr();
  RunHandler(kDomain, "GetHousehold", [] { return absl::NotFoundError("gone"); });
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

}  // namespace
}  // namespace rrmon
