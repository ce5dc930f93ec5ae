#include "clients/rrctl/error_output.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "common/status/grpc_status.h"
#include "common/status/status_details.h"

namespace rrmon::rrctl {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ErrorOutputTest, FieldViolationsAreListed) {
  const grpc::Status status = rrmon::ToGrpcStatus(
      rrmon::InvalidFieldError("household.region_code", "must be 12 digits"), "monitoring.rrmon");
  const std::string text = RenderRpcError(status, "127.0.0.1:50051");
  EXPECT_THAT(text, HasSubstr("error: INVALID_ARGUMENT"));
  EXPECT_THAT(text, HasSubstr("\n  household.region_code: must be 12 digits\n"));
  // The ErrorInfo reason (INVALID_FIELD) adds nothing to the fields listed.
  EXPECT_THAT(text, Not(HasSubstr("reason:")));
  EXPECT_THAT(text, Not(HasSubstr("hint:")));
}

TEST(ErrorOutputTest, PreconditionViolationsAndReasonsAreListed) {
  google::rpc::PreconditionFailure failure;
  auto* violation = failure.add_violations();
  violation->set_type("ETAG");
  violation->set_subject("households/abc");
  violation->set_description("the household changed since it was read");
  const grpc::Status status = rrmon::ToGrpcStatus(
      rrmon::WithErrorReason(rrmon::PreconditionError("stale etag", failure), "ETAG_MISMATCH"),
      "monitoring.rrmon");
  const std::string text = RenderRpcError(status, "x");
  EXPECT_THAT(text, HasSubstr("error: FAILED_PRECONDITION: stale etag\n"));
  EXPECT_THAT(text, HasSubstr("  ETAG households/abc: the household changed since it was read\n"));
  EXPECT_THAT(text, HasSubstr("  reason: ETAG_MISMATCH\n"));
}

TEST(ErrorOutputTest, PlainStatusWithoutDetails) {
  const std::string text =
      RenderRpcError(grpc::Status(grpc::StatusCode::NOT_FOUND, "households/x does not exist"), "a");
  EXPECT_EQ(text, "error: NOT_FOUND: households/x does not exist\n");
}

TEST(ErrorOutputTest, HintsForWhatTheWorkerCanFix) {
  EXPECT_THAT(RenderRpcError(grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "token expired"), "a"),
              HasSubstr("hint: set RRMON_TOKEN or --token-file; issue one with rrctl token issue"));
  EXPECT_THAT(RenderRpcError(grpc::Status(grpc::StatusCode::UNAVAILABLE, "connection refused"),
                             "10.0.0.5:50051"),
              HasSubstr("hint: is the service running at 10.0.0.5:50051?"));
  EXPECT_THAT(RenderRpcError(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "late"), "h:1"),
              HasSubstr("--timeout"));
}

TEST(ErrorOutputTest, ExitCodes) {
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::OK), 0);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::INVALID_ARGUMENT), 3);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::FAILED_PRECONDITION), 3);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::ALREADY_EXISTS), 3);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::ABORTED), 3);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::NOT_FOUND), 4);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::UNAUTHENTICATED), 5);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::PERMISSION_DENIED), 5);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::UNAVAILABLE), 6);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::DEADLINE_EXCEEDED), 6);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::INTERNAL), 1);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::UNKNOWN), 1);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::RESOURCE_EXHAUSTED), 1);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kNotFound), 4);
}

TEST(ErrorOutputTest, LocalError) {
  EXPECT_EQ(RenderLocalError(absl::InvalidArgumentError("--reason must say why")),
            "error: --reason must say why\n");
}

}  // namespace
}  // namespace rrmon::rrctl
