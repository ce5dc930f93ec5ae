#include "clients/rrctl/connection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>

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

TEST(ConnectionTest, EachServiceHasItsOwnVariablesAndDefault) {
  GlobalOptions options;
  const EnvLookup env = FakeEnv({{"RRMON_ADDRESS", "monitor.local:443"},
                                 {"RRMON_TOKEN", "for-monitoring"},
                                 {"RRMON_EMPLOYMENT_TOKEN", "for-employment"}});
  // A monitoring token is never sent to employment, nor its address used for it.
  EXPECT_EQ(ResolveAddress(options, env, kEmploymentTarget), "127.0.0.1:50052");
  EXPECT_EQ(*ResolveToken(options, env, kEmploymentTarget), "for-employment");
  EXPECT_EQ(ResolveAddress(options, FakeEnv({{"RRMON_EMPLOYMENT_ADDRESS", "jobs.local:443"}}),
                           kEmploymentTarget),
            "jobs.local:443");
  EXPECT_EQ(*ResolveToken(options, FakeEnv({{"RRMON_TOKEN", "for-monitoring"}}), kEmploymentTarget),
            "");
  // Flags name the service the command calls, whichever it is.
  options.address = "10.0.0.5:50052";
  EXPECT_EQ(ResolveAddress(options, env, kEmploymentTarget), "10.0.0.5:50052");
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

}  // namespace
}  // namespace rrmon::rrctl
