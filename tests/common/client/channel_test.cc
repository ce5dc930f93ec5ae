#include "common/client/channel.h"

#include <gmock/gmock.h>
#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "tests/common/client/test_server.h"
#include "tests/support/temp_dir.h"

namespace rrmon::client {
namespace {

using ::testing::HasSubstr;

std::string Read(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

grpc::Status GetHousehold(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = monitoring::v1::MonitoringService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  monitoring::v1::GetHouseholdRequest request;
  request.set_name("households/h1");
  monitoring::v1::Household household;
  return stub->GetHousehold(&context, request, &household);
}

TEST(ChannelTest, PlaintextOnlyToThisMachineUnlessAllowed) {
  auto refused = OpenChannel("10.0.0.5:50051", ChannelSecurity{});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("plaintext"));
  ChannelSecurity allowed;
  allowed.allow_plaintext_non_loopback = true;
  EXPECT_TRUE(OpenChannel("10.0.0.5:50051", allowed).ok());
  EXPECT_TRUE(OpenChannel("127.0.0.1:50051", ChannelSecurity{}).ok());
}

TEST(ChannelTest, FilesThatCannotBeReadAndHalfACertificateAreErrors) {
  ChannelSecurity missing_ca;
  missing_ca.ca_file = "/nonexistent/ca.pem";
  EXPECT_EQ(OpenChannel("10.0.0.5:50051", missing_ca).status().code(), absl::StatusCode::kNotFound);
  ChannelSecurity half;
  half.ca_file = "/nonexistent/ca.pem";
  half.cert_file = "/nonexistent/client.pem";
  EXPECT_EQ(OpenChannel("10.0.0.5:50051", half).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

// A real TLS server with a certificate made for this test: the channel verifies it with
// the CA file, and a plaintext channel gets nowhere.
TEST(ChannelTest, TlsWithTheGivenRootsReachesATlsServer) {
  rrmon::testing::TempDir dir;
  const std::string cert = dir.File("server.pem");
  const std::string key = dir.File("server.key");
  const std::string command = absl::StrCat(
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
      "-subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout ",
      key, " -out ", cert, " >/dev/null 2>&1");
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  grpc::SslServerCredentialsOptions tls;
  tls.pem_key_cert_pairs.push_back({Read(key), Read(cert)});
  rrmon::testing::TestServer server(grpc::SslServerCredentials(tls));
  ASSERT_TRUE(server.started());
  const std::string target = absl::StrCat("localhost:", server.port());

  ChannelSecurity security;
  security.ca_file = cert;
  auto channel = OpenChannel(target, security);
  ASSERT_TRUE(channel.ok()) << channel.status();
  EXPECT_TRUE(GetHousehold(*channel).ok());
  EXPECT_EQ(server.service().calls(), 1);

  auto plaintext = OpenChannel(target, ChannelSecurity{});
  ASSERT_TRUE(plaintext.ok());
  EXPECT_EQ(GetHousehold(*plaintext).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(server.service().calls(), 1);
}

}  // namespace
}  // namespace rrmon::client
