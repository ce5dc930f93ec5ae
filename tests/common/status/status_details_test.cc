#include "common/status/status_details.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "common/status/grpc_status.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace rrmon {
namespace {

using ::testing::SizeIs;

constexpr char kDomain[] = "monitoring.rrmon";

// The details of a grpc::Status, parsed as a google.rpc.Status.
google::rpc::Status ParseDetails(const grpc::Status& status) {
  google::rpc::Status rpc_status;
  EXPECT_TRUE(rpc_status.ParseFromString(status.error_details()));
  return rpc_status;
}

// The ErrorInfo among the details; fails the test when there is not exactly one.
google::rpc::ErrorInfo FindErrorInfo(const google::rpc::Status& rpc_status) {
  google::rpc::ErrorInfo info;
  int found = 0;
  for (const auto& any : rpc_status.details()) {
    if (any.Is<google::rpc::ErrorInfo>()) {
      EXPECT_TRUE(any.UnpackTo(&info));
      ++found;
    }
  }
  EXPECT_EQ(found, 1);
  return info;
}

TEST(InvalidFieldErrorTest, IsInvalidArgumentNamingTheField) {
  const absl::Status status = InvalidFieldError(std::string("household.address"), "too long");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "household.address: too long");
  const google::rpc::BadRequest bad_request = GetBadRequest(status);
  ASSERT_THAT(bad_request.field_violations(), SizeIs(1));
  EXPECT_EQ(bad_request.field_violations(0).field(), "household.address");
  EXPECT_EQ(bad_request.field_violations(0).description(), "too long");
}

TEST(StatusDetailsTest, GettersReturnEmptyMessagesWhenAbsent) {
  const absl::Status status = absl::NotFoundError("no such household");
  EXPECT_TRUE(GetBadRequest(status).field_violations().empty());
  EXPECT_TRUE(GetPreconditionFailure(status).violations().empty());
  EXPECT_EQ(GetErrorReason(status), "");
}

TEST(PreconditionErrorTest, CarriesTheFailure) {
  google::rpc::PreconditionFailure failure;
  auto* violation = failure.add_violations();
  violation->set_type("ETAG");
  violation->set_subject("households/0123456789abcdef");
  violation->set_description("etag does not match");
  const absl::Status status = PreconditionError("stale etag", failure);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(), "stale etag");
  const auto carried = GetPreconditionFailure(status);
  ASSERT_THAT(carried.violations(), SizeIs(1));
  EXPECT_EQ(carried.violations(0).type(), "ETAG");
  EXPECT_EQ(carried.violations(0).subject(), "households/0123456789abcdef");
}

TEST(WithErrorReasonTest, AttachesAndReplacesTheReason) {
  absl::Status status = WithErrorReason(absl::AbortedError("conflict"), "ETAG_MISMATCH");
  EXPECT_EQ(GetErrorReason(status), "ETAG_MISMATCH");
  status = WithErrorReason(status, "OTHER_REASON");
  EXPECT_EQ(GetErrorReason(status), "OTHER_REASON");
  EXPECT_EQ(status.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(status.message(), "conflict");
}

TEST(WithErrorReasonTest, LeavesOkAlone) {
  const absl::Status status = WithErrorReason(absl::OkStatus(), "IGNORED");
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(GetErrorReason(status), "");
}

TEST(CanonicalCodeNameTest, UsesUpperSnakeCase) {
  EXPECT_EQ(CanonicalCodeName(absl::StatusCode::kNotFound), "NOT_FOUND");
  EXPECT_EQ(CanonicalCodeName(absl::StatusCode::kInvalidArgument), "INVALID_ARGUMENT");
  EXPECT_EQ(CanonicalCodeName(absl::StatusCode::kFailedPrecondition), "FAILED_PRECONDITION");
  EXPECT_EQ(CanonicalCodeName(absl::StatusCode::kUnauthenticated), "UNAUTHENTICATED");
}

TEST(ToGrpcStatusTest, OkMapsToOk) {
  const grpc::Status status = ToGrpcStatus(absl::OkStatus(), kDomain);
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OK);
  EXPECT_EQ(status.error_details(), "");
}

TEST(ToGrpcStatusTest, KeepsCodeAndMessage) {
  const grpc::Status status = ToGrpcStatus(absl::NotFoundError("households/x not found"), kDomain);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "households/x not found");
  const google::rpc::Status rpc_status = ParseDetails(status);
  EXPECT_EQ(rpc_status.code(), static_cast<int>(grpc::StatusCode::NOT_FOUND));
  EXPECT_EQ(rpc_status.message(), "households/x not found");
}

TEST(ToGrpcStatusTest, ErrorInfoHasTheCanonicalCodeNameWithoutAReason) {
  const grpc::Status status = ToGrpcStatus(absl::NotFoundError("gone"), kDomain);
  const google::rpc::ErrorInfo info = FindErrorInfo(ParseDetails(status));
  EXPECT_EQ(info.domain(), kDomain);
  EXPECT_EQ(info.reason(), "NOT_FOUND");
}

TEST(ToGrpcStatusTest, ErrorInfoHasTheAttachedReason) {
  const absl::Status error = WithErrorReason(absl::AbortedError("stale"), "ETAG_MISMATCH");
  const grpc::Status status = ToGrpcStatus(error, kDomain);
  const google::rpc::Status rpc_status = ParseDetails(status);
  const google::rpc::ErrorInfo info = FindErrorInfo(rpc_status);
  EXPECT_EQ(info.domain(), kDomain);
  EXPECT_EQ(info.reason(), "ETAG_MISMATCH");
  // The internal reason payload is not leaked as a detail of its own.
  for (const auto& any : rpc_status.details()) {
    EXPECT_TRUE(any.Is<google::rpc::ErrorInfo>()) << any.type_url();
  }
}

TEST(ToGrpcStatusTest, BadRequestTravelsAsAny) {
  const grpc::Status status =
      ToGrpcStatus(InvalidFieldError(std::string("page_size"), "must not be negative"), kDomain);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const google::rpc::Status rpc_status = ParseDetails(status);
  ASSERT_THAT(rpc_status.details(), SizeIs(2));
  int bad_requests = 0;
  for (const auto& any : rpc_status.details()) {
    if (any.type_url() != "type.googleapis.com/google.rpc.BadRequest") continue;
    ++bad_requests;
    google::rpc::BadRequest bad_request;
    ASSERT_TRUE(any.UnpackTo(&bad_request));
    ASSERT_THAT(bad_request.field_violations(), SizeIs(1));
    EXPECT_EQ(bad_request.field_violations(0).field(), "page_size");
    EXPECT_EQ(bad_request.field_violations(0).description(), "must not be negative");
  }
  EXPECT_EQ(bad_requests, 1);
  EXPECT_EQ(FindErrorInfo(rpc_status).reason(), "INVALID_FIELD");
}

TEST(ToGrpcStatusTest, PreconditionFailureTravelsAsAny) {
  google::rpc::PreconditionFailure failure;
  failure.add_violations()->set_type("ETAG");
  const grpc::Status status = ToGrpcStatus(PreconditionError("stale", failure), kDomain);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  const google::rpc::Status rpc_status = ParseDetails(status);
  int found = 0;
  for (const auto& any : rpc_status.details()) {
    if (any.type_url() != "type.googleapis.com/google.rpc.PreconditionFailure") continue;
    ++found;
    google::rpc::PreconditionFailure carried;
    ASSERT_TRUE(any.UnpackTo(&carried));
    ASSERT_THAT(carried.violations(), SizeIs(1));
    EXPECT_EQ(carried.violations(0).type(), "ETAG");
  }
  EXPECT_EQ(found, 1);
}

TEST(FromGrpcStatusTest, OkMapsToOk) { EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok()); }

TEST(FromGrpcStatusTest, RoundTripsCodeMessageReasonAndDetails) {
  google::rpc::PreconditionFailure failure;
  failure.add_violations()->set_subject("households/1");
  absl::Status original = PreconditionError("not allowed now", failure);
  original = WithErrorReason(original, "HOUSEHOLD_DELETED");

  const absl::Status back = FromGrpcStatus(ToGrpcStatus(original, kDomain));
  EXPECT_EQ(back.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(back.message(), "not allowed now");
  EXPECT_EQ(GetErrorReason(back), "HOUSEHOLD_DELETED");
  const auto carried = GetPreconditionFailure(back);
  ASSERT_THAT(carried.violations(), SizeIs(1));
  EXPECT_EQ(carried.violations(0).subject(), "households/1");
}

TEST(FromGrpcStatusTest, RoundTripsBadRequest) {
  const absl::Status back =
      FromGrpcStatus(ToGrpcStatus(InvalidFieldError(std::string("name"), "required"), kDomain));
  EXPECT_EQ(back.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(back.message(), "name: required");
  // A field error carries its own reason, whatever the service's domain.
  EXPECT_EQ(GetErrorReason(back), "INVALID_FIELD");
  const auto bad_request = GetBadRequest(back);
  ASSERT_THAT(bad_request.field_violations(), SizeIs(1));
  EXPECT_EQ(bad_request.field_violations(0).field(), "name");
}

TEST(FromGrpcStatusTest, StatusWithoutDetailsKeepsCodeAndMessage) {
  const absl::Status back =
      FromGrpcStatus(grpc::Status(grpc::StatusCode::UNAVAILABLE, "connection refused"));
  EXPECT_EQ(back.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(back.message(), "connection refused");
  EXPECT_EQ(GetErrorReason(back), "");
}

TEST(DecodeRpcStatusTest, FallsBackToCodeAndMessage) {
  const google::rpc::Status decoded =
      DecodeRpcStatus(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "no"));
  EXPECT_EQ(decoded.code(), static_cast<int>(grpc::StatusCode::PERMISSION_DENIED));
  EXPECT_EQ(decoded.message(), "no");
  EXPECT_TRUE(decoded.details().empty());
}

TEST(DecodeRpcStatusTest, DecodesTheDetails) {
  const google::rpc::Status decoded =
      DecodeRpcStatus(ToGrpcStatus(absl::AlreadyExistsError("dup"), kDomain));
  EXPECT_EQ(decoded.code(), static_cast<int>(grpc::StatusCode::ALREADY_EXISTS));
  EXPECT_EQ(FindErrorInfo(decoded).reason(), "ALREADY_EXISTS");
}

}  // namespace
}  // namespace rrmon
