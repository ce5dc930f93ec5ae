#include "common/metrics/storage_metrics.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "prometheus/text_serializer.h"

namespace rrmon {
namespace {

std::string Exposition(prometheus::Registry& registry) {
  return prometheus::TextSerializer().Serialize(registry.Collect());
}

TEST(StorageMetricsTest, CountsStatementsByOperationAndResult) {
  prometheus::Registry registry;
  StorageMetrics metrics(registry, "sqlite");
  metrics.OnStatement("INSERT", absl::Microseconds(40), true);
  metrics.OnStatement("INSERT", absl::Microseconds(40), true);
  metrics.OnStatement("SELECT", absl::Microseconds(5), false);
  metrics.OnStatement("PRAGMA", absl::Microseconds(5), true);  // counted as OTHER
  const std::string text = Exposition(registry);
  EXPECT_THAT(text, ::testing::HasSubstr(
                        "rrmon_db_statements_total{backend=\"sqlite\",operation=\"INSERT\","
                        "result=\"ok\"} 2"));
  EXPECT_THAT(text, ::testing::HasSubstr(
                        "rrmon_db_statements_total{backend=\"sqlite\",operation=\"SELECT\","
                        "result=\"error\"} 1"));
  EXPECT_THAT(
      text, ::testing::HasSubstr("rrmon_db_statements_total{backend=\"sqlite\",operation=\"OTHER\","
                                 "result=\"ok\"} 1"));
  EXPECT_THAT(text,
              ::testing::HasSubstr("rrmon_db_statement_duration_seconds_count{backend=\"sqlite\","
                                   "operation=\"INSERT\"} 2"));
  // Pre-created: an operation never seen still has its series at 0.
  EXPECT_THAT(text, ::testing::HasSubstr(
                        "rrmon_db_statements_total{backend=\"sqlite\",operation=\"ROLLBACK\","
                        "result=\"ok\"} 0"));
}

}  // namespace
}  // namespace rrmon
