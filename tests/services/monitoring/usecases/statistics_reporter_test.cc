#include "services/monitoring/usecases/statistics_reporter.h"

#include <prometheus/registry.h>

#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/status/status_details.h"
#include "common/time/timestamp.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/redis_server.h"

namespace rrmon::monitoring {
namespace {

using ::rrmon::testing::RedisServer;

const absl::Time kStart =
    absl::FromCivil(absl::CivilSecond(2023, 1, 10, 8, 0, 0), absl::UTCTimeZone());

// Answers the seed's figures and counts how often it was asked; overdue_cases carries the
// number of the computation, so a test can tell a cached answer from a fresh one.
class CountingRepository final : public StatisticsRepository {
 public:
  absl::StatusOr<v1::MonitoringStatistics> Compute(const StatisticsQuery& query) override {
    absl::MutexLock lock(&mu_);
    ++calls_;
    last_query_ = query;
    if (!failure_.ok()) return failure_;
    v1::MonitoringStatistics statistics;
    statistics.mutable_monitored()->set_households(244);
    statistics.mutable_monitored()->set_people(748);
    statistics.set_monitored_measures(1149);
    statistics.set_overdue_cases(calls_);
    return statistics;
  }

  absl::Status AdvanceCounts(absl::Time /*now*/) override { return absl::OkStatus(); }

  int calls() {
    absl::MutexLock lock(&mu_);
    return calls_;
  }
  StatisticsQuery last_query() {
    absl::MutexLock lock(&mu_);
    return last_query_;
  }
  void set_failure(absl::Status failure) {
    absl::MutexLock lock(&mu_);
    failure_ = std::move(failure);
  }

 private:
  absl::Mutex mu_;
  int calls_ ABSL_GUARDED_BY(mu_) = 0;
  StatisticsQuery last_query_ ABSL_GUARDED_BY(mu_);
  absl::Status failure_ ABSL_GUARDED_BY(mu_);
};

auth::Principal Officer(const std::string& region_prefix = "6542") {
  auth::Principal principal;
  principal.subject = "officer";
  principal.role = rrmon::common::v1::ROLE_COUNTY_OFFICER;
  principal.region_prefix = region_prefix;
  principal.expire_time = kStart + absl::Hours(1);
  return principal;
}

v1::GetMonitoringStatisticsRequest Request(const std::string& region_prefix = "",
                                           const std::string& as_of_date = "") {
  v1::GetMonitoringStatisticsRequest request;
  request.set_region_prefix(region_prefix);
  request.set_as_of_date(as_of_date);
  return request;
}

// The field a BadRequest detail names, or "" when there is none.
std::string ViolatedField(const absl::Status& status) {
  const auto bad_request = GetBadRequest(status);
  return bad_request.field_violations_size() == 0 ? "" : bad_request.field_violations(0).field();
}

class StatisticsReporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = RedisServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    redis_ = NewClient(&metrics_);
    reporter_ = std::make_unique<StatisticsReporter>(repository_, redis_.get(), &metrics_, clock_,
                                                     absl::Minutes(5));
  }

  std::unique_ptr<RedisClient> NewClient(CacheMetrics* metrics) {
    RedisOptions options;
    options.port = server_->port();
    // Generous: the machine is shared and loaded; failures here are refusals, not waits.
    options.connect_timeout = absl::Seconds(1);
    options.command_timeout = absl::Seconds(1);
    return std::make_unique<RedisClient>(options, metrics, clock_);
  }

  double CacheRequests(const std::string& result) const {
    const auto families = registry_.Collect();
    for (const auto& family : families) {
      if (family.name != "rrmon_cache_requests_total") continue;
      for (const auto& metric : family.metric) {
        std::string cache;
        std::string outcome;
        for (const auto& label : metric.label) {
          if (label.name == "cache") cache = label.value;
          if (label.name == "result") outcome = label.value;
        }
        if (cache == StatisticsReporter::kCacheName && outcome == result) {
          return metric.counter.value;
        }
      }
    }
    return -1;
  }

  prometheus::Registry registry_;
  CacheMetrics metrics_{registry_};
  FakeClock clock_{kStart};
  CountingRepository repository_;
  std::unique_ptr<RedisServer> server_;
  std::unique_ptr<RedisClient> redis_;
  std::unique_ptr<StatisticsReporter> reporter_;
};

TEST_F(StatisticsReporterTest, DefaultsToTheCallersRegionAndToday) {
  auto statistics = reporter_->Get(Officer(), Request());
  ASSERT_TRUE(statistics.ok()) << statistics.status();
  EXPECT_EQ(statistics->region_prefix(), "6542");
  EXPECT_EQ(statistics->as_of_date(), "2023-01-10");
  EXPECT_EQ(FromTimestamp(statistics->compute_time()), kStart);
  EXPECT_EQ(statistics->monitored().households(), 244);
  EXPECT_EQ(statistics->monitored_measures(), 1149);

  const StatisticsQuery query = repository_.last_query();
  EXPECT_EQ(query.region_prefix, "6542");
  EXPECT_EQ(query.as_of, absl::CivilDay(2023, 1, 10));
  EXPECT_EQ(query.now_micros, absl::ToUnixMicros(kStart));
}

TEST_F(StatisticsReporterTest, NarrowerRegionAndEarlierDay) {
  auto statistics = reporter_->Get(Officer(), Request("654221", "2022-12-31"));
  ASSERT_TRUE(statistics.ok()) << statistics.status();
  EXPECT_EQ(statistics->region_prefix(), "654221");
  EXPECT_EQ(statistics->as_of_date(), "2022-12-31");
  EXPECT_EQ(repository_.last_query().region_prefix, "654221");
  EXPECT_EQ(repository_.last_query().as_of, absl::CivilDay(2022, 12, 31));
}

TEST_F(StatisticsReporterTest, SecondGetIsServedFromTheCache) {
  auto first = reporter_->Get(Officer(), Request());
  ASSERT_TRUE(first.ok()) << first.status();
  clock_.Advance(absl::Seconds(30));
  auto second = reporter_->Get(Officer(), Request());
  ASSERT_TRUE(second.ok()) << second.status();

  EXPECT_EQ(repository_.calls(), 1);
  EXPECT_EQ(second->SerializeAsString(), first->SerializeAsString());
  // compute_time says how old the cached answer is.
  EXPECT_EQ(FromTimestamp(second->compute_time()), kStart);
  EXPECT_EQ(CacheRequests("miss"), 1);
  EXPECT_EQ(CacheRequests("hit"), 1);
}

TEST_F(StatisticsReporterTest, InvalidateMakesTheNextGetRecompute) {
  ASSERT_TRUE(reporter_->Get(Officer(), Request()).ok());
  reporter_->Invalidate();
  auto after = reporter_->Get(Officer(), Request());
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(repository_.calls(), 2);
  EXPECT_EQ(after->overdue_cases(), 2);

  // The new result is cached in turn.
  ASSERT_TRUE(reporter_->Get(Officer(), Request()).ok());
  EXPECT_EQ(repository_.calls(), 2);
}

TEST_F(StatisticsReporterTest, InvalidateStalesEveryRegionAndDayAtOnce) {
  const v1::GetMonitoringStatisticsRequest requests[] = {
      Request(), Request("654221"), Request("", "2022-12-31"), Request("654201001001")};
  for (const auto& request : requests) ASSERT_TRUE(reporter_->Get(Officer(), request).ok());
  ASSERT_EQ(repository_.calls(), 4);
  reporter_->Invalidate();
  for (const auto& request : requests) ASSERT_TRUE(reporter_->Get(Officer(), request).ok());
  EXPECT_EQ(repository_.calls(), 8);
}

TEST_F(StatisticsReporterTest, InvalidateReachesOtherReplicas) {
  // A second replica: its own client, repository and reporter, the same Redis.
  CountingRepository other_repository;
  std::unique_ptr<RedisClient> other_redis = NewClient(nullptr);
  StatisticsReporter other(other_repository, other_redis.get(), nullptr, clock_, absl::Minutes(5));

  ASSERT_TRUE(reporter_->Get(Officer(), Request()).ok());
  // Served from what the first replica stored.
  ASSERT_TRUE(other.Get(Officer(), Request()).ok());
  EXPECT_EQ(other_repository.calls(), 0);

  // A change committed through the other replica.
  other.Invalidate();
  ASSERT_TRUE(reporter_->Get(Officer(), Request()).ok());
  EXPECT_EQ(repository_.calls(), 2);
}

TEST_F(StatisticsReporterTest, DifferentDaysAndRegionsAreDifferentEntries) {
  const v1::GetMonitoringStatisticsRequest requests[] = {
      Request(), Request("", "2022-12-31"), Request("654221"), Request("654221", "2022-12-31")};
  for (const auto& request : requests) {
    auto statistics = reporter_->Get(Officer(), request);
    ASSERT_TRUE(statistics.ok()) << statistics.status();
    // Each answer is its own computation, not another entry's.
    EXPECT_EQ(statistics->overdue_cases(), repository_.calls());
  }
  EXPECT_EQ(repository_.calls(), 4);
  for (const auto& request : requests) {
    auto statistics = reporter_->Get(Officer(), request);
    ASSERT_TRUE(statistics.ok()) << statistics.status();
    EXPECT_EQ(statistics->region_prefix(),
              request.region_prefix().empty() ? "6542" : request.region_prefix());
  }
  EXPECT_EQ(repository_.calls(), 4);
}

TEST_F(StatisticsReporterTest, TodaySpelledOutSharesTheEntryOfTheDefault) {
  ASSERT_TRUE(reporter_->Get(Officer(), Request()).ok());
  ASSERT_TRUE(reporter_->Get(Officer(), Request("6542", "2023-01-10")).ok());
  EXPECT_EQ(repository_.calls(), 1);
}

TEST_F(StatisticsReporterTest, AnswersFromTheDatabaseWhileRedisIsDown) {
  ASSERT_TRUE(reporter_->Get(Officer(), Request()).ok());
  ASSERT_TRUE(server_->Stop().ok());

  for (int i = 0; i < 5; ++i) {
    auto statistics = reporter_->Get(Officer(), Request());
    ASSERT_TRUE(statistics.ok()) << statistics.status();
    EXPECT_EQ(statistics->monitored().households(), 244);
  }
  EXPECT_EQ(repository_.calls(), 6);
  reporter_->Invalidate();  // counted, not raised
  EXPECT_GE(CacheRequests("error"), 5);

  // Redis back (empty): once the breaker lets a probe through, caching resumes by itself.
  ASSERT_TRUE(server_->Restart().ok());
  clock_.Advance(absl::Seconds(10));
  ASSERT_TRUE(reporter_->Get(Officer(), Request()).ok());
  const int calls = repository_.calls();
  ASSERT_TRUE(reporter_->Get(Officer(), Request()).ok());
  ASSERT_TRUE(reporter_->Get(Officer(), Request()).ok());
  EXPECT_EQ(repository_.calls(), calls);
}

TEST_F(StatisticsReporterTest, LostGenerationStartsANewOne) {
  ASSERT_TRUE(reporter_->Get(Officer(), Request()).ok());
  // As after a flush or an eviction of the generation key alone.
  ASSERT_TRUE(redis_->Delete(StatisticsReporter::kGenerationKey).ok());
  ASSERT_TRUE(reporter_->Get(Officer(), Request()).ok());
  EXPECT_EQ(repository_.calls(), 2);
  ASSERT_TRUE(reporter_->Get(Officer(), Request()).ok());
  EXPECT_EQ(repository_.calls(), 2);
}

TEST_F(StatisticsReporterTest, WorksWithoutRedis) {
  StatisticsReporter uncached(repository_, nullptr, nullptr, clock_, absl::Minutes(5));
  ASSERT_TRUE(uncached.Get(Officer(), Request()).ok());
  ASSERT_TRUE(uncached.Get(Officer(), Request()).ok());
  uncached.Invalidate();
  EXPECT_EQ(repository_.calls(), 2);
}

TEST_F(StatisticsReporterTest, RepositoryErrorsAreReturnedAndNotCached) {
  repository_.set_failure(absl::UnavailableError("database is busy"));
  EXPECT_EQ(reporter_->Get(Officer(), Request()).status().code(), absl::StatusCode::kUnavailable);
  repository_.set_failure(absl::OkStatus());
  auto statistics = reporter_->Get(Officer(), Request());
  ASSERT_TRUE(statistics.ok()) << statistics.status();
  EXPECT_EQ(repository_.calls(), 2);
}

TEST_F(StatisticsReporterTest, MalformedRegionPrefixIsInvalidArgument) {
  for (const std::string prefix : {"65x2", "654", "654200", "6542210", "99"}) {
    const absl::Status status = reporter_->Get(Officer(), Request(prefix)).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << prefix;
    EXPECT_EQ(ViolatedField(status), "region_prefix") << prefix;
  }
  EXPECT_EQ(repository_.calls(), 0);
}

TEST_F(StatisticsReporterTest, RegionOutsideTheCallersIsPermissionDenied) {
  EXPECT_EQ(reporter_->Get(Officer(), Request("6540")).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(reporter_->Get(Officer(), Request("65")).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(reporter_->Get(Officer("654221"), Request("654201")).status().code(),
            absl::StatusCode::kPermissionDenied);
  // A principal without a region sees nothing, rather than everything.
  EXPECT_EQ(reporter_->Get(Officer(""), Request()).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(repository_.calls(), 0);
}

TEST_F(StatisticsReporterTest, MalformedAsOfDateIsInvalidArgument) {
  for (const std::string day : {"2023-02-30", "20230110", "2023-1-10", "yesterday"}) {
    const absl::Status status = reporter_->Get(Officer(), Request("", day)).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << day;
    EXPECT_EQ(ViolatedField(status), "as_of_date") << day;
  }
  EXPECT_EQ(repository_.calls(), 0);
}

TEST_F(StatisticsReporterTest, FutureAsOfDateIsInvalidArgument) {
  const absl::Status status = reporter_->Get(Officer(), Request("", "2023-01-11")).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ViolatedField(status), "as_of_date");
  // Just before midnight UTC it is still the 10th; at midnight the 11th is today.
  clock_.Set(absl::FromCivil(absl::CivilSecond(2023, 1, 10, 23, 59, 59), absl::UTCTimeZone()));
  EXPECT_FALSE(reporter_->Get(Officer(), Request("", "2023-01-11")).ok());
  clock_.Set(absl::FromCivil(absl::CivilSecond(2023, 1, 11, 0, 0, 0), absl::UTCTimeZone()));
  EXPECT_TRUE(reporter_->Get(Officer(), Request("", "2023-01-11")).ok());
}

}  // namespace
}  // namespace rrmon::monitoring
