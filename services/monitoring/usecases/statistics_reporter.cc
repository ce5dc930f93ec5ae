#include "services/monitoring/usecases/statistics_reporter.h"

#include "absl/strings/str_cat.h"
#include "common/auth/access_rules.h"
#include "common/status/macros.h"
#include "common/status/status_details.h"
#include "common/time/civil_date.h"
#include "common/time/timestamp.h"
#include "common/validation/region_code.h"
#include "services/monitoring/domain/statistics_disclosure.h"
#include "services/monitoring/usecases/household_scope.h"

namespace rrmon::monitoring {
namespace {

CacheOptions OptionsFor(absl::Duration ttl) {
  CacheOptions options;
  options.ttl = ttl;
  // Entries are recomputed on demand after every change, so they do not expire in herds;
  // an exact TTL keeps it an exact bound on how old the overdue counts can be.
  options.ttl_jitter = 0;
  // Compute never answers NOT_FOUND; nothing to cache negatively.
  options.negative_ttl = absl::ZeroDuration();
  return options;
}

}  // namespace

StatisticsReporter::StatisticsReporter(StatisticsRepository& repository, RedisClient* redis,
                                       CacheMetrics* metrics, const Clock& clock,
                                       absl::Duration ttl)
    : repository_(repository),
      redis_(ttl > absl::ZeroDuration() ? redis : nullptr),
      metrics_(metrics),
      clock_(clock),
      cache_(kCacheName, redis_, OptionsFor(ttl), metrics),
      generation_(redis_, kGenerationKey, kCacheName, metrics) {}

absl::StatusOr<v1::MonitoringStatistics> StatisticsReporter::Get(
    const auth::Principal& caller, const v1::GetMonitoringStatisticsRequest& request) {
  StatisticsQuery query;
  RRMON_ASSIGN_OR_RETURN(query.region_prefix,
                         auth::ScopedRegionPrefix(caller, request.region_prefix()));

  const absl::Time now = clock_.Now();
  const absl::CivilDay today = UtcDay(now);
  query.as_of = today;
  if (!request.as_of_date().empty()) {
    RRMON_ASSIGN_OR_RETURN(query.as_of,
                           ParseDateNotAfter(request.as_of_date(), "as_of_date", today));
  }
  query.now_micros = absl::ToUnixMicros(now);

  if (redis_ == nullptr) {
    if (metrics_ != nullptr) {
      metrics_->RecordCacheRequest(kCacheName, CacheMetrics::CacheResult::kBypass);
    }
    return ForCaller(caller, Compute(query));
  }
  const std::string generation = generation_.Current();
  if (generation.empty()) {
    if (metrics_ != nullptr) {
      metrics_->RecordCacheRequest(kCacheName, CacheMetrics::CacheResult::kError);
    }
    return ForCaller(caller, Compute(query));
  }
  const std::string key =
      CacheKey("monitoring", kCacheName,
               absl::StrCat(generation, ":", query.region_prefix, ":", FormatDate(query.as_of)));
  return ForCaller(caller,
                   cache_.GetOrLoad<v1::MonitoringStatistics>(key, [&] { return Compute(query); }));
}

absl::StatusOr<v1::MonitoringStatistics> StatisticsReporter::ForCaller(
    const auth::Principal& caller, absl::StatusOr<v1::MonitoringStatistics> statistics) const {
  // The cache holds the whole figures; what an analyst may see is cut per call.
  if (statistics.ok() && caller.role == rrmon::common::v1::ROLE_ANALYST) {
    SuppressSmallCells(*statistics, analyst_min_cell_size_);
  }
  return statistics;
}

void StatisticsReporter::Invalidate() { generation_.Invalidate(); }

absl::StatusOr<v1::MonitoringStatistics> StatisticsReporter::Compute(
    const StatisticsQuery& query) const {
  RRMON_ASSIGN_OR_RETURN(v1::MonitoringStatistics statistics, repository_.Compute(query));
  statistics.set_region_prefix(query.region_prefix);
  statistics.set_as_of_date(FormatDate(query.as_of));
  *statistics.mutable_compute_time() = ToTimestamp(clock_.Now());
  return statistics;
}

}  // namespace rrmon::monitoring
