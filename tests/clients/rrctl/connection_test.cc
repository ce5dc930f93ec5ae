#include "clients/rrctl/connection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "tests/support/temp_dir.h"

namespace rrmon::rrctl {
namespace {

using ::testing::HasSubstr;

EnvLookup FakeEnv(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const char* name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

TEST(ConnectionTest, AddressFromFlagThenEnvThenDefault) {
  GlobalOptions options;
  EXPECT_EQ(ResolveAddress(options, FakeEnv({})), "127.0.0.1:50051");
  EXPECT_EQ(ResolveAddress(options, FakeEnv({{"RRMON_ADDRESS", "monitor.local:443"}})),
            "monitor.local:443");
  options.address = "localhost:6000";
  EXPECT_EQ(ResolveAddress(options, FakeEnv({{"RRMON_ADDRESS", "monitor.local:443"}})),
            "localhost:6000");
}

TEST(ConnectionTest, TokenPrecedenceAndTrimming) {
  rrmon::testing::TempDir dir;
  const std::string file = dir.File("token");
  std::ofstream(file) << "  file-token\n\n";
  const std::string env_file = dir.File("env-token");
  std::ofstream(env_file) << "env-file-token\n";

  GlobalOptions options;
  EXPECT_EQ(*ResolveToken(options, FakeEnv({})), "");
  EXPECT_EQ(*ResolveToken(options, FakeEnv({{"RRMON_TOKEN_FILE", env_file}})), "env-file-token");
  EXPECT_EQ(*ResolveToken(options,
                          FakeEnv({{"RRMON_TOKEN", "env-token"}, {"RRMON_TOKEN_FILE", env_file}})),
            "env-token");
  options.token_file = file;
  EXPECT_EQ(*ResolveToken(options, FakeEnv({{"RRMON_TOKEN", "env-token"}})), "file-token");
  options.token = "flag-token";
  EXPECT_EQ(*ResolveToken(options, FakeEnv({{"RRMON_TOKEN", "env-token"}})), "flag-token");
}

TEST(ConnectionTest, UnreadableOrEmptyTokenFileIsAnError) {
  rrmon::testing::TempDir dir;
  GlobalOptions options;
  options.token_file = dir.File("missing");
  EXPECT_THAT(std::string(ResolveToken(options, FakeEnv({})).status().message()),
              HasSubstr("cannot read token file"));
  options.token_file = dir.File("empty");
  std::ofstream(options.token_file) << " \n";
  EXPECT_THAT(std::string(ResolveToken(options, FakeEnv({})).status().message()),
              HasSubstr("is empty"));
}

TEST(ConnectionTest, LoopbackAddresses) {
  for (const char* loopback :
       {"127.0.0.1:50051", "localhost:50051", "LOCALHOST", "127.8.9.10:1", "[::1]:50051", "::1",
        "dns:///localhost:50051", "dns:localhost:1", "ipv4:127.0.0.1:1,127.0.0.2:2",
        "ipv6:[::1]:50051", "unix:/run/rrmon.sock"}) {
    EXPECT_TRUE(IsLoopbackAddress(loopback)) << loopback;
  }
  for (const char* remote :
       {"10.0.0.5:50051", "monitor.tacheng.gov.cn:443", "128.0.0.1:1", "127.0.0.1.evil.com:1",
        "dns:///monitor:443", "ipv4:127.0.0.1:1,10.0.0.1:2", "[2001:db8::1]:50051", "0.0.0.0:1"}) {
    EXPECT_FALSE(IsLoopbackAddress(remote)) << remote;
  }
}

TEST(ConnectionTest, PlaintextToRemoteIsRefusedUnlessInsecure) {
  auto refused = OpenChannel("10.0.0.5:50051", "", false);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("--ca-file"));
  EXPECT_TRUE(OpenChannel("10.0.0.5:50051", "", true).ok());
  EXPECT_TRUE(OpenChannel("127.0.0.1:50051", "", false).ok());
  EXPECT_EQ(OpenChannel("10.0.0.5:50051", "/nonexistent/ca.pem", false).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(ConnectionTest, RetriesUnavailableWithGrowingBackoff) {
  std::vector<absl::Duration> waits;
  RetryPolicy policy;
  policy.sleep = [&waits](absl::Duration wait) { waits.push_back(wait); };
  int calls = 0;
  grpc::Status status = CallWithRetry(CallSettings{}, policy, [&calls](grpc::ClientContext&) {
    ++calls;
    return calls < 3 ? grpc::Status(grpc::StatusCode::UNAVAILABLE, "down") : grpc::Status::OK;
  });
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(calls, 3);
  ASSERT_EQ(waits.size(), 2u);
  EXPECT_GE(waits[0], absl::Milliseconds(125));
  EXPECT_LE(waits[0], absl::Milliseconds(250));
  EXPECT_GE(waits[1], absl::Milliseconds(250));
  EXPECT_LE(waits[1], absl::Milliseconds(500));
}

TEST(ConnectionTest, GivesUpAfterMaxAttemptsAndNeverRetriesOtherErrors) {
  RetryPolicy policy;
  policy.sleep = [](absl::Duration) {};
  int calls = 0;
  grpc::Status status = CallWithRetry(CallSettings{}, policy, [&calls](grpc::ClientContext&) {
    ++calls;
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "down");
  });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(calls, 3);

  calls = 0;
  status = CallWithRetry(CallSettings{}, policy, [&calls](grpc::ClientContext&) {
    ++calls;
    return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "slow");
  });
  EXPECT_EQ(calls, 1);
}

TEST(ConnectionTest, EveryCallHasADeadline) {
  CallSettings settings;
  settings.timeout = absl::Seconds(3);
  CallOnce(settings, [](grpc::ClientContext& context) {
    const auto remaining = context.deadline() - std::chrono::system_clock::now();
    EXPECT_GT(remaining, std::chrono::seconds(2));
    EXPECT_LE(remaining, std::chrono::seconds(3));
    return grpc::Status::OK;
  });
}

}  // namespace
}  // namespace rrmon::rrctl
