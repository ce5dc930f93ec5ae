#include "common/log/log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace rrmon {
namespace {

using ::testing::MatchesRegex;
using ::testing::SizeIs;

// Captures what the body writes to stderr, split into lines (the trailing newline dropped).
template <typename Body>
std::vector<std::string> CaptureLines(Body body) {
  ::testing::internal::CaptureStderr();
  body();
  const std::string out = ::testing::internal::GetCapturedStderr();
  if (out.empty()) return {};
  EXPECT_EQ(out.back(), '\n');
  std::vector<std::string> lines =
      absl::StrSplit(absl::string_view(out.data(), out.size() - 1), '\n');
  return lines;
}

class LogTest : public ::testing::Test {
 protected:
  void SetUp() override { SetMinLogSeverity(LogSeverity::kInfo); }
  void TearDown() override { SetMinLogSeverity(LogSeverity::kInfo); }
};

TEST_F(LogTest, WritesOneJsonLine) {
  const auto lines = CaptureLines([] {
    LogInfo("monitoring", "serving", {{"grpc", "127.0.0.1:50051"}, {"metrics_port", "9090"}});
  });
  ASSERT_THAT(lines, SizeIs(1));
  const auto json = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(json.at("severity"), "info");
  EXPECT_EQ(json.at("component"), "monitoring");
  EXPECT_EQ(json.at("message"), "serving");
  EXPECT_EQ(json.at("grpc"), "127.0.0.1:50051");
  EXPECT_EQ(json.at("metrics_port"), "9090");
  EXPECT_THAT(json.at("time").get<std::string>(),
              MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z"));
  EXPECT_EQ(json.size(), 6u);
  // Fixed key order: time first.
  EXPECT_EQ(lines[0].rfind("{\"time\":", 0), 0u) << lines[0];
}

TEST_F(LogTest, SeverityNames) {
  SetMinLogSeverity(LogSeverity::kDebug);
  const auto lines = CaptureLines([] {
    Log(LogSeverity::kDebug, "c", "d");
    LogInfo("c", "i");
    LogWarning("c", "w");
    LogError("c", "e");
  });
  ASSERT_THAT(lines, SizeIs(4));
  EXPECT_EQ(nlohmann::json::parse(lines[0]).at("severity"), "debug");
  EXPECT_EQ(nlohmann::json::parse(lines[1]).at("severity"), "info");
  EXPECT_EQ(nlohmann::json::parse(lines[2]).at("severity"), "warning");
  EXPECT_EQ(nlohmann::json::parse(lines[3]).at("severity"), "error");
}

TEST_F(LogTest, EscapesQuotesNewlinesAndControlCharacters) {
  const std::string nasty = std::string("say \"hi\"\\ now\nnext\r\tend\x01\x1f") + "\x7f";
  const auto lines = CaptureLines([&] {
    LogWarning(std::string("comp\"onent"), nasty, {{"key\n\"x\"", nasty}});
  });
  ASSERT_THAT(lines, SizeIs(1)) << "a newline must not split the line";
  EXPECT_NE(lines[0].find("\\u0001"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\\u001f"), std::string::npos) << lines[0];
  for (const char c : lines[0]) {
    EXPECT_GE(static_cast<unsigned char>(c), 0x20) << "raw control character in " << lines[0];
  }
  const auto json = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(json.at("component"), "comp\"onent");
  EXPECT_EQ(json.at("message"), nasty);
  EXPECT_EQ(json.at("key\n\"x\""), nasty);
}

TEST_F(LogTest, KeepsUtf8) {
  const auto lines = CaptureLines([] { LogInfo("monitoring", "防止返贫动态监测"); });
  ASSERT_THAT(lines, SizeIs(1));
  EXPECT_EQ(nlohmann::json::parse(lines[0]).at("message"), "防止返贫动态监测");
}

TEST_F(LogTest, MinSeverityFilters) {
  SetMinLogSeverity(LogSeverity::kWarning);
  const auto lines = CaptureLines([] {
    Log(LogSeverity::kDebug, "c", "dropped debug");
    LogInfo("c", "dropped info");
    LogWarning("c", "kept warning");
    LogError("c", "kept error");
  });
  ASSERT_THAT(lines, SizeIs(2));
  EXPECT_EQ(nlohmann::json::parse(lines[0]).at("message"), "kept warning");
  EXPECT_EQ(nlohmann::json::parse(lines[1]).at("message"), "kept error");
}

TEST_F(LogTest, DebugIsDroppedByDefaultInfo) {
  const auto lines = CaptureLines([] { Log(LogSeverity::kDebug, "c", "hidden"); });
  EXPECT_THAT(lines, SizeIs(0));
  SetMinLogSeverity(LogSeverity::kError);
  EXPECT_THAT(CaptureLines([] { LogWarning("c", "hidden"); }), SizeIs(0));
  EXPECT_THAT(CaptureLines([] { LogError("c", "shown"); }), SizeIs(1));
}

}  // namespace
}  // namespace rrmon
