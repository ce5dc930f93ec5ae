// The rrmon-monitoring binary as production runs it: main() reading its settings from the
// environment, serving real gRPC, answering SIGTERM with a clean exit, and keeping every
// write it acknowledged when it is killed with SIGKILL in the middle of writing.

#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/auth/authorizer.h"
#include "common/auth/token.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rrmon/monitoring/v1/monitoring_service.grpc.pb.h"
#include "tests/services/monitoring/monitoring_test_env.h"
#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/wait_until.h"

#ifndef RRMON_MONITORING_BINARY
#error "RRMON_MONITORING_BINARY must name the rrmon-monitoring binary"
#endif

namespace rrmon::monitoring::testing {
namespace {

using rrmon::testing::ChildProcess;
using rrmon::testing::ReadWholeFile;
using ::testing::HasSubstr;

class MonitoringProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(
        auth::GenerateSigningKeyPair(dir_.File("signing.key"), dir_.File("signing.pub")).ok());
    auto signer = auth::TokenSigner::FromPrivateKeyFile(dir_.File("signing.key"));
    ASSERT_TRUE(signer.ok()) << signer.status();
    signer_ = std::make_unique<auth::TokenSigner>(*std::move(signer));
    std::ofstream(dir_.File("lines.txt")) << kTestMonitoringLines;
    port_ = rrmon::testing::PickUnusedPort();
  }

  // What a deployment sets, as environment variables over the built-in defaults.
  std::map<std::string, std::string> Environment() const {
    return {
        {"RRMON_MONITORING_GRPC_LISTEN", absl::StrCat("127.0.0.1:", port_)},
        {"RRMON_MONITORING_METRICS_LISTEN", ""},
        {"RRMON_MONITORING_STORAGE_SQLITE_PATH", dir_.File("monitoring.db")},
        {"RRMON_MONITORING_REDIS_ADDRESS", ""},
        {"RRMON_MONITORING_AUTH_PUBLIC_KEY_FILE", dir_.File("signing.pub")},
        {"RRMON_MONITORING_MONITORING_LINE_FILE", dir_.File("lines.txt")},
        {"RRMON_MONITORING_GRPC_DRAIN_TIMEOUT", "1s"},
    };
  }

  std::unique_ptr<ChildProcess> Run(const std::vector<std::string>& arguments,
                                    const std::map<std::string, std::string>& environment) {
    auto child = ChildProcess::Start(RRMON_MONITORING_BINARY, arguments, environment, output());
    EXPECT_TRUE(child.ok()) << child.status();
    return child.ok() ? *std::move(child) : nullptr;
  }

  // Starts the server and waits until it answers calls.
  std::unique_ptr<ChildProcess> StartServer() {
    std::unique_ptr<ChildProcess> server = Run({}, Environment());
    if (server == nullptr) return nullptr;
    // A fresh channel per attempt: the first attempts find nothing listening yet, and a
    // channel that failed to connect waits out gRPC's reconnect backoff before it tries
    // again. Polling is all a test can do for a process to start listening.
    const bool serving = rrmon::testing::WaitUntil([&] {
      if (!server->running()) return true;
      channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port_),
                                     grpc::InsecureChannelCredentials());
      stub_ = v1::MonitoringService::NewStub(channel_);
      v1::Household ignored;
      if (Get("households/0000000000000000", &ignored).error_code() ==
          grpc::StatusCode::NOT_FOUND) {
        return true;
      }
      absl::SleepFor(absl::Milliseconds(10));
      return false;
    });
    EXPECT_TRUE(serving && server->running()) << ReadWholeFile(output());
    return server;
  }

  std::unique_ptr<grpc::ClientContext> Context() const {
    auth::Principal cadre{"cadre-1", Role::ROLE_VILLAGE_CADRE, "654201001001",
                          absl::Now() + absl::Hours(1), "monitoring"};
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    auth::AttachBearerToken(*context, *signer_->Issue(cadre, absl::Now()));
    return context;
  }

  grpc::Status Get(const std::string& name, v1::Household* household) {
    v1::GetHouseholdRequest request;
    request.set_name(name);
    return stub_->GetHousehold(Context().get(), request, household);
  }

  std::string output() const { return dir_.File("output.log"); }

  rrmon::testing::TempDir dir_;
  std::unique_ptr<auth::TokenSigner> signer_;
  int port_ = 0;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::MonitoringService::Stub> stub_;
};

TEST_F(MonitoringProcessTest, PrintsItsEffectiveConfigurationAndRefusesBadInput) {
  std::unique_ptr<ChildProcess> print = Run({"--print-config"}, Environment());
  ASSERT_NE(print, nullptr);
  EXPECT_EQ(print->WaitForExit(absl::Seconds(30)), 0);
  const std::string printed = ReadWholeFile(output());
  EXPECT_THAT(printed, HasSubstr(absl::StrCat("127.0.0.1:", port_)));
  EXPECT_THAT(printed, HasSubstr("storage.sqlite_path"));

  std::unique_ptr<ChildProcess> usage = Run({"--no-such-flag"}, Environment());
  ASSERT_NE(usage, nullptr);
  EXPECT_EQ(usage->WaitForExit(absl::Seconds(30)), 2);

  std::map<std::string, std::string> broken = Environment();
  broken["RRMON_MONITORING_STORAGE_POOL_SIZE"] = "many";
  std::unique_ptr<ChildProcess> refused = Run({}, broken);
  ASSERT_NE(refused, nullptr);
  EXPECT_EQ(refused->WaitForExit(absl::Seconds(30)), 1);
  EXPECT_THAT(ReadWholeFile(output()), HasSubstr("cannot start"));
}

TEST_F(MonitoringProcessTest, ServesAndExitsCleanlyOnSigterm) {
  std::unique_ptr<ChildProcess> server = StartServer();
  ASSERT_NE(server, nullptr);
  v1::CreateHouseholdRequest create;
  *create.mutable_household() = SampleHousehold(1);
  v1::Household created;
  ASSERT_TRUE(stub_->CreateHousehold(Context().get(), create, &created).ok());

  // The client stays connected, as peers and apps do: the drain then lasts its deadline
  // (grpc.drain_timeout, 1 s here) before the process exits.
  server->Signal(SIGTERM);
  EXPECT_EQ(server->WaitForExit(absl::Seconds(30)), 0) << ReadWholeFile(output());
  EXPECT_THAT(ReadWholeFile(output()), HasSubstr("shutting down"));
}

// A signing key is revoked: the operator writes the new public key over the file and
// sends SIGHUP. Tokens of the old key stop working at once, even those the server had
// already verified and remembered; tokens of the new key work; the process keeps running.
TEST_F(MonitoringProcessTest, SighupReloadsTheTokenKeys) {
  std::unique_ptr<ChildProcess> server = StartServer();
  ASSERT_NE(server, nullptr);
  v1::Household ignored;
  ASSERT_EQ(Get("households/0000000000000000", &ignored).error_code(),
            grpc::StatusCode::NOT_FOUND);  // the old key's token is accepted (and remembered)

  ASSERT_TRUE(auth::GenerateSigningKeyPair(dir_.File("new.key"), dir_.File("new.pub")).ok());
  std::filesystem::copy_file(dir_.File("new.pub"), dir_.File("signing.pub"),
                             std::filesystem::copy_options::overwrite_existing);
  server->Signal(SIGHUP);
  EXPECT_TRUE(rrmon::testing::WaitUntil([&] {
    return Get("households/0000000000000000", &ignored).error_code() ==
           grpc::StatusCode::UNAUTHENTICATED;
  })) << "the revoked key's token is still accepted";

  auto signer = auth::TokenSigner::FromPrivateKeyFile(dir_.File("new.key"));
  ASSERT_TRUE(signer.ok()) << signer.status();
  signer_ = std::make_unique<auth::TokenSigner>(*std::move(signer));
  EXPECT_EQ(Get("households/0000000000000000", &ignored).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(server->running());
  EXPECT_THAT(ReadWholeFile(output()), HasSubstr("token keys reloaded"));
}

// Writers keep creating households while the server is killed with SIGKILL: every
// creation the server acknowledged is there after a restart on the same file.
TEST_F(MonitoringProcessTest, EveryAcknowledgedWriteSurvivesSigkill) {
  std::unique_ptr<ChildProcess> server = StartServer();
  ASSERT_NE(server, nullptr);

  absl::Mutex mutex;
  std::vector<v1::Household> acknowledged;
  std::atomic<bool> stop{false};
  std::atomic<int> next_seed{1};
  std::vector<std::thread> writers;
  for (int w = 0; w < 2; ++w) {
    writers.emplace_back([&] {
      while (!stop.load()) {
        v1::CreateHouseholdRequest create;
        *create.mutable_household() = SampleHousehold(next_seed.fetch_add(1));
        v1::Household created;
        if (stub_->CreateHousehold(Context().get(), create, &created).ok()) {
          absl::MutexLock lock(&mutex);
          acknowledged.push_back(created);
        }
      }
    });
  }
  ASSERT_TRUE(rrmon::testing::WaitUntil([&] {
    absl::MutexLock lock(&mutex);
    return acknowledged.size() >= 40;
  }));
  server->Signal(SIGKILL);
  EXPECT_EQ(server->WaitForExit(absl::Seconds(30)), 128 + SIGKILL);
  stop.store(true);
  for (std::thread& writer : writers) writer.join();

  server = StartServer();
  ASSERT_NE(server, nullptr);
  absl::MutexLock lock(&mutex);
  for (const v1::Household& household : acknowledged) {
    v1::Household read;
    const grpc::Status status = Get(household.name(), &read);
    ASSERT_TRUE(status.ok()) << household.name() << ": " << status.error_message();
    EXPECT_EQ(read.etag(), household.etag());
    EXPECT_EQ(read.members_size(), household.members_size());
  }
}

}  // namespace
}  // namespace rrmon::monitoring::testing
