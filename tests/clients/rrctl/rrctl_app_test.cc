#include "clients/rrctl/rrctl_app.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "common/auth/token.h"
#include "tests/support/temp_dir.h"

namespace rrmon::rrctl {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

struct Result {
  int code;
  std::string out;
  std::string err;
};

// Runs rrctl in-process with no environment and retries that do not sleep.
Result RunCli(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  args.insert(args.begin(), "rrctl");
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  std::ostringstream out;
  std::ostringstream err;
  RetryPolicy retry;
  retry.sleep = [](absl::Duration) {};
  const int code = RunRrctl(
      static_cast<int>(argv.size()), argv.data(), out, err,
      [env](const char* name) -> std::optional<std::string> {
        auto it = env.find(name);
        if (it == env.end()) return std::nullopt;
        return it->second;
      },
      retry);
  return {code, out.str(), err.str()};
}

TEST(RrctlAppTest, HelpIsSuccessAndUsageErrorsExitWithTwo) {
  EXPECT_EQ(RunCli({"--help"}).code, 0);
  EXPECT_THAT(RunCli({"--help"}).out, HasSubstr("household"));
  EXPECT_EQ(RunCli({}).code, 2);
  EXPECT_EQ(RunCli({"frobnicate"}).code, 2);
  EXPECT_EQ(RunCli({"household"}).code, 2);
  EXPECT_EQ(RunCli({"household", "get"}).code, 2);
  EXPECT_EQ(RunCli({"household", "delete", "abc"}).code, 2);  // --reason is required
  EXPECT_EQ(RunCli({"--output", "yaml", "household", "get", "abc"}).code, 2);
  EXPECT_EQ(RunCli({"--timeout", "0", "household", "get", "abc"}).code, 2);
  EXPECT_EQ(RunCli({"--token", "t", "--token-file", "f", "household", "get", "abc"}).code, 2);
  EXPECT_EQ(
      RunCli({"household", "update", "abc", "--alleviated-year", "2016", "--not-alleviated"}).code,
      2);
}

TEST(RrctlAppTest, LocalArgumentErrorsAreUsageErrorsBeforeAnyCall) {
  Result update = RunCli({"--token", "t", "household", "update", "abc", "--reason", "x"});
  EXPECT_EQ(update.code, 2);
  EXPECT_THAT(update.err, HasSubstr("error: nothing to update"));

  Result create = RunCli({"--token", "t", "household", "create", "--region-code", "654201001001",
                          "--member", "full_name=王小明,relation=boss"});
  EXPECT_EQ(create.code, 2);
  EXPECT_THAT(create.err, HasSubstr("--member #1"));

  Result list = RunCli({"--token", "t", "household", "list", "--status", "closed"});
  EXPECT_EQ(list.code, 2);
  EXPECT_THAT(list.err, HasSubstr("allowed: registered, under_identification, monitored, "
                                  "risk_eliminated"));

  Result member = RunCli({"--token", "t", "member", "remove", "abc", "--reason", "moved"});
  EXPECT_EQ(member.code, 2);
  EXPECT_THAT(member.err, HasSubstr("not a member name"));
}

TEST(RrctlAppTest, NoTokenExitsWithFiveAndAHint) {
  Result result = RunCli({"household", "get", "abc"});
  EXPECT_EQ(result.code, 5);
  EXPECT_THAT(result.err, HasSubstr("hint: set RRMON_TOKEN or --token-file"));
}

TEST(RrctlAppTest, PlaintextToARemoteAddressIsRefused) {
  Result result = RunCli({"household", "get", "abc"},
                         {{"RRMON_TOKEN", "t"}, {"RRMON_ADDRESS", "10.255.255.1:50051"}});
  EXPECT_EQ(result.code, 2);
  EXPECT_THAT(result.err, HasSubstr("refusing to send a token in plaintext"));
}

TEST(RrctlAppTest, UnreachableServiceExitsWithSixAndNamesTheAddress) {
  // Nothing listens on port 1 of loopback: the connection is refused at once. Global
  // options may also follow the command.
  Result result = RunCli({"household", "get", "abc", "--address", "127.0.0.1:1", "--timeout", "5"},
                         {{"RRMON_TOKEN", "t"}});
  EXPECT_EQ(result.code, 6);
  EXPECT_THAT(result.err, HasSubstr("error: UNAVAILABLE"));
  EXPECT_THAT(result.err, HasSubstr("hint: is the service running at 127.0.0.1:1?"));
  EXPECT_THAT(result.out, IsEmpty());
}

TEST(RrctlAppTest, TokenKeygenAndIssue) {
  rrmon::testing::TempDir dir;
  const std::string private_key = dir.File("signing.pem");
  const std::string public_key = dir.File("signing.pub.pem");
  Result keygen =
      RunCli({"token", "keygen", "--private-key", private_key, "--public-key", public_key});
  ASSERT_EQ(keygen.code, 0) << keygen.err;
  // Never overwrites a key tokens were issued with.
  EXPECT_EQ(
      RunCli({"token", "keygen", "--private-key", private_key, "--public-key", public_key}).code,
      3);

  Result issue = RunCli({"token", "issue", "--key", private_key, "--subject", "tc-0042", "--role",
                         "township_officer", "--region", "654201001", "--ttl", "2h"});
  ASSERT_EQ(issue.code, 0) << issue.err;
  ASSERT_FALSE(issue.out.empty());
  EXPECT_EQ(issue.out.back(), '\n');
  const std::string token = issue.out.substr(0, issue.out.size() - 1);
  EXPECT_EQ(token.find_first_of(" \n"), std::string::npos);  // the token only

  // For the monitoring service (the default audience), and no other.
  auto verifier = rrmon::auth::TokenVerifier::FromPublicKeyFile(
      public_key, rrmon::auth::TokenPolicy{.audience = "monitoring"});
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  auto principal = verifier->Verify(token, absl::Now());
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->subject, "tc-0042");
  EXPECT_EQ(principal->role, rrmon::common::v1::ROLE_TOWNSHIP_OFFICER);
  EXPECT_EQ(principal->region_prefix, "654201001");
  auto courtyard = rrmon::auth::TokenVerifier::FromPublicKeyFile(
      public_key, rrmon::auth::TokenPolicy{.audience = "courtyard"});
  EXPECT_EQ(courtyard->Verify(token, absl::Now()).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_LE(principal->expire_time, absl::Now() + absl::Hours(2));
  EXPECT_GT(principal->expire_time, absl::Now() + absl::Minutes(119));

  Result bad_role = RunCli({"token", "issue", "--key", private_key, "--subject", "x", "--role",
                            "mayor", "--region", "6542"});
  EXPECT_EQ(bad_role.code, 2);
  EXPECT_THAT(bad_role.err, HasSubstr("allowed: village_cadre"));
  EXPECT_EQ(RunCli({"token", "issue", "--key", private_key, "--subject", "x", "--role", "analyst",
                    "--region", "6542", "--ttl", "soon"})
                .code,
            2);
  // A token that would outlive what services accept, or a region the role does not fit.
  Result ten_years = RunCli({"token", "issue", "--key", private_key, "--subject", "x", "--role",
                             "county_officer", "--region", "6542", "--ttl", "87600h"});
  EXPECT_EQ(ten_years.code, 2);
  EXPECT_THAT(ten_years.err, HasSubstr("--ttl"));
  Result province_cadre = RunCli({"token", "issue", "--key", private_key, "--subject", "x",
                                  "--role", "village_cadre", "--region", "65"});
  EXPECT_EQ(province_cadre.code, 2);
  EXPECT_THAT(province_cadre.err, HasSubstr("--region"));
  EXPECT_EQ(RunCli({"token", "issue", "--key", private_key, "--subject", "peer", "--role",
                    "service", "--region", "65", "--ttl", "720h"})
                .code,
            0)
      << "services live longer and cover any area";
}

TEST(RrctlAppTest, WorkflowCommandsCheckTheirFlagsBeforeAnyCall) {
  // Money: more than two decimals, or negative.
  Result funds =
      RunCli({"--token", "t", "measure", "add", "h1", "--type", "industry", "--description", "大棚",
              "--unit", "农业站", "--person", "王", "--funds", "10.005", "--start", "2026-11-01"});
  EXPECT_EQ(funds.code, 2);
  EXPECT_THAT(funds.err, HasSubstr("error: --funds: \"10.005\" has more than two decimals"));
  EXPECT_THAT(funds.out, IsEmpty());
  Result negative =
      RunCli({"--token", "t", "income", "set", "h1", "--month", "2026-10", "--wage", "-1"});
  EXPECT_EQ(negative.code, 2);
  EXPECT_THAT(negative.err, HasSubstr("must not be negative"));

  Result month = RunCli({"--token", "t", "income", "set", "h1", "--month", "2026-1"});
  EXPECT_EQ(month.code, 2);
  EXPECT_THAT(month.err, HasSubstr("a month YYYY-MM"));

  Result decide =
      RunCli({"--token", "t", "case", "decide", "h1/cases/c1", "--outcome", "rejected"});
  EXPECT_EQ(decide.code, 2);
  EXPECT_THAT(decide.err, HasSubstr("--reason must say why the case is rejected"));

  Result update = RunCli({"--token", "t", "measure", "update", "h1/measures/m1", "--etag", "1"});
  EXPECT_EQ(update.code, 2);
  EXPECT_THAT(update.err, HasSubstr("nothing to update"));

  Result region = RunCli({"--token", "t", "signal", "list", "h1", "--region", "654201"});
  EXPECT_EQ(region.code, 2);
  EXPECT_THAT(region.err, HasSubstr("leave it out when you give a HOUSEHOLD"));

  Result guarantees =
      RunCli({"--token", "t", "guarantees", "set", "h1", "--food", "yes", "--clothing", "yes",
              "--schooling", "yes", "--medical", "ja", "--water", "yes", "--housing-grade", "A",
              "--checked-date", "2026-11-20"});
  EXPECT_EQ(guarantees.code, 2);
  EXPECT_THAT(guarantees.err, HasSubstr("--medical: \"ja\" is neither yes nor no"));

  // Required flags are CLI11's to enforce.
  EXPECT_EQ(RunCli({"signal", "report", "h1", "--signal-id", "s"}).code, 2);
  EXPECT_EQ(RunCli({"measure", "update", "h1/measures/m1", "--status", "done"}).code, 2);
  EXPECT_EQ(RunCli({"alerts"}).code, 2);
  EXPECT_EQ(RunCli({"case", "get"}).code, 2);
}

TEST(RrctlAppTest, WorkflowCommandsReportAnUnreachableService) {
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"case", "get", "h1/cases/c1"},
           {"stats"},
           {"assess", "h1"},
           {"alerts", "watch"},
       }) {
    args.insert(args.end(), {"--address", "127.0.0.1:1", "--timeout", "5"});
    Result result = RunCli(args, {{"RRMON_TOKEN", "t"}});
    EXPECT_EQ(result.code, 6) << args[0] << ": " << result.err;
    EXPECT_THAT(result.err, HasSubstr("error: UNAVAILABLE")) << args[0];
  }
}

}  // namespace
}  // namespace rrmon::rrctl
