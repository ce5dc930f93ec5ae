#include "common/config/config.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <string>

#include "common/status/status_details.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace rrmon {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kPrefix = "RRMON_MONITORING_";

const std::vector<ConfigKey>& Schema() {
  static const auto* schema = new std::vector<ConfigKey>{
      {"grpc.listen", "127.0.0.1:0", "Address the gRPC server listens on."},
      {"grpc.max-threads", "8", "Worker threads for blocking calls."},
      {"cache.enabled", "true", "Whether Redis caching is on."},
      {"peer.deadline", "2s", "Deadline of calls to peers."},
      {"auth.issuer", "rrmon", "Expected token issuer."},
      {"auth.signing_key", "dev-key", "Key that signs bearer tokens.", /*secret=*/true},
  };
  return *schema;
}

class ConfigTest : public ::testing::Test {
 protected:
  std::string WriteFile(const std::string& contents) {
    std::string path = dir_.File("monitoring.conf");
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }

  absl::StatusOr<Config> Load(const std::string& file,
                              const std::map<std::string, std::string>& environment = {}) {
    return Config::Load(Schema(), file, kPrefix, environment);
  }

  testing::TempDir dir_;
};

std::string FieldOf(const absl::Status& status) {
  const google::rpc::BadRequest bad_request = GetBadRequest(status);
  return bad_request.field_violations_size() == 1 ? bad_request.field_violations(0).field() : "";
}

TEST_F(ConfigTest, DefaultsWithoutFileOrEnvironment) {
  absl::StatusOr<Config> config = Load("");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->GetString("grpc.listen"), "127.0.0.1:0");
  EXPECT_EQ(*config->GetInt("grpc.max-threads"), 8);
  EXPECT_TRUE(*config->GetBool("cache.enabled"));
  EXPECT_EQ(*config->GetDuration("peer.deadline"), absl::Seconds(2));
  EXPECT_EQ(config->SourceOf("grpc.listen"), Config::Source::kDefault);
}

TEST_F(ConfigTest, FileOverridesDefaults) {
  absl::StatusOr<Config> config =
      Load(WriteFile("\xEF\xBB\xBF# monitoring service\n"
                     "\n"
                     "  grpc.listen   =   0.0.0.0:7001   # all interfaces\r\n"
                     "grpc.max-threads=16\n"
                     "\t# indented comment\n"
                     "cache.enabled = off\n"
                     "peer.deadline = 200ms\n"
                     "auth.issuer =\n"));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->GetString("grpc.listen"), "0.0.0.0:7001");
  EXPECT_EQ(*config->GetInt("grpc.max-threads"), 16);
  EXPECT_FALSE(*config->GetBool("cache.enabled"));
  EXPECT_EQ(*config->GetDuration("peer.deadline"), absl::Milliseconds(200));
  EXPECT_EQ(config->GetString("auth.issuer"), "");
  EXPECT_EQ(config->SourceOf("grpc.listen"), Config::Source::kFile);
  EXPECT_EQ(config->SourceOf("auth.signing_key"), Config::Source::kDefault);
}

TEST_F(ConfigTest, EnvironmentOverridesFile) {
  absl::StatusOr<Config> config =
      Load(WriteFile("grpc.listen = 0.0.0.0:7001\npeer.deadline = 1m\n"),
           {{"RRMON_MONITORING_GRPC_LISTEN", "127.0.0.1:9000"},
            {"RRMON_MONITORING_GRPC_MAX_THREADS", "3"}});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->GetString("grpc.listen"), "127.0.0.1:9000");
  EXPECT_EQ(config->SourceOf("grpc.listen"), Config::Source::kEnvironment);
  EXPECT_EQ(*config->GetInt("grpc.max-threads"), 3);  // `-` maps to `_`.
  EXPECT_EQ(*config->GetDuration("peer.deadline"), absl::Minutes(1));
  EXPECT_EQ(config->SourceOf("peer.deadline"), Config::Source::kFile);
}

TEST_F(ConfigTest, EnvironmentValuesAreVerbatim) {
  absl::StatusOr<Config> config = Load("", {{"RRMON_MONITORING_AUTH_ISSUER", " \"a # b\" "}});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->GetString("auth.issuer"), " \"a # b\" ");
}

TEST_F(ConfigTest, UnknownFileKeyIsRejectedWithLine) {
  const std::string path = WriteFile("grpc.listen = x\n\n# comment\ngrpc.lisen = y\n");
  absl::StatusOr<Config> config = Load(path);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(config.status().message(), HasSubstr(path + ":4"));
  EXPECT_THAT(config.status().message(), HasSubstr("grpc.lisen"));
  EXPECT_EQ(FieldOf(config.status()), "grpc.lisen");
}

TEST_F(ConfigTest, UnknownEnvironmentVariableIsRejected) {
  absl::StatusOr<Config> config = Load("", {{"RRMON_MONITORING_GRPC_LISTN", "x"}});
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(config.status().message(), HasSubstr("RRMON_MONITORING_GRPC_LISTN"));
  EXPECT_EQ(FieldOf(config.status()), "RRMON_MONITORING_GRPC_LISTN");
}

TEST_F(ConfigTest, OtherPrefixesAreIgnored) {
  absl::StatusOr<Config> config = Load("", {{"RRMON_EMPLOYMENT_GRPC_LISTEN", "x"},
                                            {"RRMON_MONITORINGX", "x"},
                                            {"rrmon_monitoring_grpc_listen", "x"},
                                            {"PATH", "/usr/bin"}});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->GetString("grpc.listen"), "127.0.0.1:0");
}

TEST_F(ConfigTest, EmptyPrefixDisablesEnvironment) {
  absl::StatusOr<Config> config = Config::Load(Schema(), "", "", {{"GRPC_LISTEN", "x"}});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->GetString("grpc.listen"), "127.0.0.1:0");
}

TEST_F(ConfigTest, DuplicateFileKeyIsRejected) {
  const std::string path = WriteFile("grpc.listen = a\ncache.enabled = yes\ngrpc.listen = b\n");
  absl::StatusOr<Config> config = Load(path);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(config.status().message(), HasSubstr(path + ":3"));
  EXPECT_THAT(config.status().message(), HasSubstr("duplicate"));
  EXPECT_EQ(FieldOf(config.status()), "grpc.listen");
}

TEST_F(ConfigTest, QuotedValuesKeepHashAndEscapes) {
  absl::StatusOr<Config> config =
      Load(WriteFile("auth.issuer = \"rrmon #1 \\\"main\\\" \\\\ \"   # a comment\n"
                     "grpc.listen = \"  spaced  \"\n"));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->GetString("auth.issuer"), "rrmon #1 \"main\" \\ ");
  EXPECT_EQ(config->GetString("grpc.listen"), "  spaced  ");
}

TEST_F(ConfigTest, MalformedLinesAreRejected) {
  for (const std::string contents : {"grpc.listen\n", "= value\n", "auth.issuer = \"open\n",
                                     "auth.issuer = \"a\" b\n", "auth.issuer = \"a\\n\"\n"}) {
    absl::StatusOr<Config> config = Load(WriteFile(contents));
    ASSERT_FALSE(config.ok()) << contents;
    EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument) << contents;
    EXPECT_THAT(config.status().message(), HasSubstr(":1: ")) << contents;
  }
}

TEST_F(ConfigTest, BadTypedValuesNameTheKey) {
  absl::StatusOr<Config> config =
      Load(WriteFile("grpc.max-threads = many\ncache.enabled = maybe\n"),
           {{"RRMON_MONITORING_PEER_DEADLINE", "5 seconds"},
            {"RRMON_MONITORING_AUTH_SIGNING_KEY", "hunter2"}});
  ASSERT_TRUE(config.ok()) << config.status();

  absl::Status status = config->GetInt("grpc.max-threads").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("grpc.max-threads: not an integer"));
  EXPECT_THAT(status.message(), HasSubstr("monitoring.conf:1"));
  EXPECT_EQ(FieldOf(status), "grpc.max-threads");

  status = config->GetBool("cache.enabled").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("cache.enabled: not a boolean"));

  status = config->GetDuration("peer.deadline").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("peer.deadline: not a duration"));
  EXPECT_THAT(status.message(), HasSubstr("RRMON_MONITORING_PEER_DEADLINE"));

  status = config->GetInt("auth.signing_key").status();
  EXPECT_THAT(status.message(), HasSubstr("auth.signing_key: not an integer"));
  EXPECT_THAT(status.message(), ::testing::Not(HasSubstr("hunter2")));

  EXPECT_EQ(config->GetInt("no.such.key").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(config->GetBool("no.such.key").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(config->GetDuration("no.such.key").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ConfigTest, IntegersInARange) {
  absl::StatusOr<Config> config = Load(WriteFile("grpc.max-threads = 64\n"), {});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(*config->GetIntInRange("grpc.max-threads", 1, 64), 64);
  EXPECT_EQ(*config->GetIntInRange("grpc.max-threads", 64, 100), 64);
  const absl::Status status = config->GetIntInRange("grpc.max-threads", 1, 63).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(status), "grpc.max-threads");
  EXPECT_THAT(status.message(), HasSubstr("must be 1–63"));
  EXPECT_EQ(config->GetIntInRange("grpc.max-threads", 65, 70).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(ConfigTest, BooleanSpellings) {
  for (const auto& [text, expected] : std::vector<std::pair<std::string, bool>>{{"true", true},
                                                                                {"TRUE", true},
                                                                                {"yes", true},
                                                                                {"On", true},
                                                                                {"1", true},
                                                                                {"false", false},
                                                                                {"No", false},
                                                                                {"off", false},
                                                                                {"0", false}}) {
    absl::StatusOr<Config> config = Load("", {{"RRMON_MONITORING_CACHE_ENABLED", text}});
    ASSERT_TRUE(config.ok());
    absl::StatusOr<bool> value = config->GetBool("cache.enabled");
    ASSERT_TRUE(value.ok()) << text;
    EXPECT_EQ(*value, expected) << text;
  }
}

TEST_F(ConfigTest, UnknownKeyInGetStringIsAProgrammingError) {
  absl::StatusOr<Config> config = Load("");
  ASSERT_TRUE(config.ok());
  // Asserts in debug builds; release builds return an empty string.
  EXPECT_DEBUG_DEATH(EXPECT_EQ(config->GetString("no.such.key"), ""), "not in the schema");
}

TEST_F(ConfigTest, MissingFileIsNotFound) {
  absl::StatusOr<Config> config = Load(dir_.File("absent.conf"));
  EXPECT_EQ(config.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(config.status().message(), HasSubstr("absent.conf"));
  EXPECT_FALSE(Load(dir_.path().string()).ok());  // A folder is not a config file.
}

TEST_F(ConfigTest, BadSchemaIsRejected) {
  EXPECT_EQ(Config::Load({{"a.b", "", ""}, {"a.b", "", ""}}, "", kPrefix, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Config::Load({{"a.b", "", ""}, {"a-b", "", ""}}, "", kPrefix, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Config::Load({{"a b", "", ""}}, "", kPrefix, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(ConfigTest, DescribeListsValuesSourcesAndDescriptions) {
  const std::string path = WriteFile("grpc.listen = \"0.0.0.0:7001\"\nauth.signing_key = s3cret\n");
  absl::StatusOr<Config> config = Load(path, {{"RRMON_MONITORING_PEER_DEADLINE", "3s"}});
  ASSERT_TRUE(config.ok()) << config.status();
  const std::string description = config->Describe();
  EXPECT_THAT(description, HasSubstr("# Address the gRPC server listens on.\n# source: file " +
                                     path + ":1\ngrpc.listen = \"0.0.0.0:7001\"\n"));
  EXPECT_THAT(description,
              HasSubstr("# source: env RRMON_MONITORING_PEER_DEADLINE\npeer.deadline = \"3s\"\n"));
  EXPECT_THAT(description, HasSubstr("# Worker threads for blocking calls.\n# source: default\n"
                                     "grpc.max-threads = \"8\"\n"));
  EXPECT_THAT(description, HasSubstr("# auth.signing_key = <redacted>"));
  EXPECT_THAT(description, ::testing::Not(HasSubstr("s3cret")));

  // The output is itself a valid config file that reproduces the non-secret values.
  absl::StatusOr<Config> reloaded = Load(WriteFile(description));
  ASSERT_TRUE(reloaded.ok()) << reloaded.status();
  EXPECT_EQ(reloaded->GetString("grpc.listen"), "0.0.0.0:7001");
  EXPECT_EQ(*reloaded->GetDuration("peer.deadline"), absl::Seconds(3));
}

TEST_F(ConfigTest, EnvironmentNames) {
  EXPECT_EQ(ConfigEnvironmentName("RRMON_MONITORING_", "grpc.listen"),
            "RRMON_MONITORING_GRPC_LISTEN");
  EXPECT_EQ(ConfigEnvironmentName("P_", "a-b.c_d"), "P_A_B_C_D");
}

TEST_F(ConfigTest, ProcessEnvironmentReadsThisProcess) {
  ASSERT_EQ(setenv("RRMON_CONFIG_TEST_VARIABLE", "a=b", 1), 0);
  const std::map<std::string, std::string> environment = Config::ProcessEnvironment();
  auto it = environment.find("RRMON_CONFIG_TEST_VARIABLE");
  ASSERT_NE(it, environment.end());
  EXPECT_EQ(it->second, "a=b");
  unsetenv("RRMON_CONFIG_TEST_VARIABLE");
}

}  // namespace
}  // namespace rrmon
