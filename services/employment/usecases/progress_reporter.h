#pragma once

// Yearly targets and GetEmploymentProgress: scopes the request to the caller's region,
// picks the day counted, reads the kept counts and puts the figures together, serving
// them from Redis when a fresh copy is there (cache-aside; the database is the source).
// Every committed change of labourers, spells, businesses or targets calls Invalidate(),
// which replaces the CacheGeneration the results are keyed by.

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/principal.h"
#include "common/cache/cache_generation.h"
#include "common/cache/cache_metrics.h"
#include "common/cache/proto_cache.h"
#include "common/cache/redis_client.h"
#include "common/time/clock.h"
#include "rrmon/employment/v1/progress.pb.h"
#include "services/employment/domain/work_year.h"
#include "services/employment/usecases/progress_repository.h"

namespace rrmon::employment {

// The earliest year a target or progress may be asked for: before the monitoring
// mechanism (2021) there is nothing of it to count.
inline constexpr int kFirstProgressYear = 2016;
// A target above this many people is a typo: more than any province's rural labour.
inline constexpr int64_t kMaxTargetPeople = 100'000'000;

class ProgressReporter {
 public:
  static constexpr char kCacheName[] = "employment_progress";
  static constexpr char kGenerationKey[] = "rrmon:v1:employment:progress:generation";

  // `redis` null, or `ttl` not positive, turns caching off; `metrics` may be null.
  // `rule` is the one the counts are kept under (reported with the figures).
  ProgressReporter(ProgressRepository& repository, RedisClient* redis, CacheMetrics* metrics,
                   const Clock& clock, absl::Duration ttl, EmployedRule rule);

  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

  // Creates or replaces the target of target.region_prefix and target.year: the region
  // inside the caller's, the year from kFirstProgressYear to next year, people from 0 to
  // kMaxTargetPeople. An etag, if given, must be current (ABORTED otherwise).
  absl::StatusOr<v1::EmploymentTarget> SetTarget(const auth::Principal& caller,
                                                 const v1::SetEmploymentTargetRequest& request);
  // NOT_FOUND when no target is set (or it lies outside the caller's region).
  absl::StatusOr<v1::EmploymentTarget> GetTarget(const auth::Principal& caller,
                                                 const std::string& name);

  // INVALID_ARGUMENT naming region_prefix, year or as_of_date (a day outside the year or
  // in the future); PERMISSION_DENIED outside the caller's region. Redis failures never
  // fail the call.
  absl::StatusOr<v1::EmploymentProgress> GetProgress(
      const auth::Principal& caller, const v1::GetEmploymentProgressRequest& request);

  // Makes every cached result stale, here and on every other replica.
  void Invalidate() { generation_.Invalidate(); }

 private:
  absl::StatusOr<v1::EmploymentProgress> Compute(const ProgressQuery& query);

  ProgressRepository& repository_;
  RedisClient* const redis_;
  CacheMetrics* const metrics_;
  const Clock& clock_;
  const EmployedRule rule_;
  ProtoCache cache_;
  CacheGeneration generation_;
};

// `regions/{region_prefix}/employmentTargets/{year}` and back.
std::string EmploymentTargetName(const std::string& region_prefix, int year);
struct TargetRef {
  std::string region_prefix;
  int year = 0;
};
absl::StatusOr<TargetRef> ParseEmploymentTargetName(const std::string& name,
                                                    const std::string& field);

}  // namespace rrmon::employment
