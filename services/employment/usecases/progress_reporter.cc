#include "services/employment/usecases/progress_reporter.h"

#include <map>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/api/audit_record.h"
#include "common/api/etag.h"
#include "common/auth/access_rules.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "common/status/status_details.h"
#include "common/time/civil_date.h"
#include "common/time/timestamp.h"
#include "common/validation/region_code.h"
#include "services/employment/domain/labourer_rules.h"

namespace rrmon::employment {
namespace {

constexpr char kRegions[] = "regions";
constexpr char kTargets[] = "employmentTargets";

CacheOptions OptionsFor(absl::Duration ttl) {
  CacheOptions options;
  options.ttl = ttl;
  // Compute never answers NOT_FOUND; nothing to cache negatively.
  options.negative_ttl = absl::ZeroDuration();
  return options;
}

void Add(ProgressFigure figure, int64_t n, v1::ProgressFigures& figures) {
  switch (figure) {
    case ProgressFigure::kPovertyAlleviatedEmployed:
      figures.set_poverty_alleviated_employed(figures.poverty_alleviated_employed() + n);
      break;
    case ProgressFigure::kRuralLabourEmployed:
      figures.set_rural_labour_employed(figures.rural_labour_employed() + n);
      break;
    case ProgressFigure::kOutOfCountyPersonTimes:
      figures.set_out_of_county_person_times(figures.out_of_county_person_times() + n);
      break;
    case ProgressFigure::kNewBusinesses:
      figures.set_new_businesses(figures.new_businesses() + n);
      break;
    case ProgressFigure::kBusinessJobs:
      figures.set_business_jobs(figures.business_jobs() + n);
      break;
  }
}

void AddAll(const v1::ProgressFigures& from, v1::ProgressFigures& to) {
  to.set_poverty_alleviated_employed(to.poverty_alleviated_employed() +
                                     from.poverty_alleviated_employed());
  to.set_rural_labour_employed(to.rural_labour_employed() + from.rural_labour_employed());
  to.set_out_of_county_person_times(to.out_of_county_person_times() +
                                    from.out_of_county_person_times());
  to.set_new_businesses(to.new_businesses() + from.new_businesses());
  to.set_business_jobs(to.business_jobs() + from.business_jobs());
}

bool IsPeopleOrPersonTimes(ProgressFigure figure) {
  return figure == ProgressFigure::kPovertyAlleviatedEmployed ||
         figure == ProgressFigure::kRuralLabourEmployed ||
         figure == ProgressFigure::kOutOfCountyPersonTimes;
}

template <typename Progress>
void SetCompletion(int64_t target, Progress& progress, int64_t done) {
  progress.set_target(target);
  progress.set_target_set(true);
  const int32_t basis_points = CompletionBasisPoints(done, target);
  progress.set_completion_basis_points(basis_points);
  progress.set_completion_percent(FormatBasisPoints(basis_points));
}

absl::Status ValidateYear(int year, int last_year, const std::string& field) {
  if (year < kFirstProgressYear || year > last_year) {
    return InvalidFieldError(
        field, absl::StrCat("must be a year from ", kFirstProgressYear, " to ", last_year));
  }
  return absl::OkStatus();
}

}  // namespace

std::string EmploymentTargetName(const std::string& region_prefix, int year) {
  return absl::StrCat(kRegions, "/", region_prefix, "/", kTargets, "/", year);
}

absl::StatusOr<TargetRef> ParseEmploymentTargetName(const std::string& name,
                                                    const std::string& field) {
  const std::vector<std::string> parts = absl::StrSplit(name, '/');
  TargetRef ref;
  if (parts.size() != 4 || parts[0] != kRegions || parts[2] != kTargets ||
      !absl::SimpleAtoi(parts[3], &ref.year) ||
      !validation::ValidateRegionPrefix(parts[1], field).ok()) {
    return InvalidFieldError(field, "must be regions/{region_prefix}/employmentTargets/{year}");
  }
  ref.region_prefix = parts[1];
  return ref;
}

ProgressReporter::ProgressReporter(ProgressRepository& repository, RedisClient* redis,
                                   CacheMetrics* metrics, const Clock& clock, absl::Duration ttl,
                                   EmployedRule rule)
    : repository_(repository),
      redis_(ttl > absl::ZeroDuration() ? redis : nullptr),
      metrics_(metrics),
      clock_(clock),
      rule_(rule),
      cache_(kCacheName, redis_, OptionsFor(ttl), metrics),
      generation_(redis_, kGenerationKey, kCacheName, metrics) {}

absl::StatusOr<v1::EmploymentTarget> ProgressReporter::SetTarget(
    const auth::Principal& caller, const v1::SetEmploymentTargetRequest& request) {
  const v1::EmploymentTarget& given = request.target();
  const absl::Time now = clock_.Now();
  const int this_year = static_cast<int>(UtcDay(now).year());
  FieldViolations violations;
  violations.Merge(validation::ValidateRegionPrefix(given.region_prefix(), "target.region_prefix"));
  violations.Merge(ValidateYear(given.year(), this_year + 1, "target.year"));
  if (given.people() < 0 || given.people() > kMaxTargetPeople) {
    violations.Add("target.people", absl::StrCat("must be between 0 and ", kMaxTargetPeople));
  }
  violations.Merge(ValidateReason(request.reason(), /*required=*/false));
  RRMON_RETURN_IF_ERROR(violations.ToStatus());
  RRMON_RETURN_IF_ERROR(auth::RequireRegion(caller, given.region_prefix()));

  RRMON_ASSIGN_OR_RETURN(std::optional<v1::EmploymentTarget> before,
                         repository_.FindTarget(given.region_prefix(), given.year()));
  TargetChange change;
  v1::EmploymentTarget& target = change.target;
  target.set_name(EmploymentTargetName(given.region_prefix(), given.year()));
  target.set_region_prefix(given.region_prefix());
  target.set_year(given.year());
  target.set_people(given.people());
  *target.mutable_update_time() = ToTimestamp(now);
  int64_t revision = 0;
  if (before.has_value()) {
    RRMON_RETURN_IF_ERROR(CheckEtag(given.etag(), before->etag(), "employment target"));
    revision = RevisionOf(before->etag()).value_or(0);
    change.expected_revision = revision;
  } else {
    RRMON_RETURN_IF_ERROR(CheckNoEtag(given.etag(), "employment target"));
  }
  target.set_etag(EtagOf(revision + 1));
  change.audit = NewAuditRecord(now, caller.subject, caller.role, "SetEmploymentTarget",
                                target.name(), request.reason());
  if (before.has_value()) change.audit.before_json = AuditJson(*before);
  change.audit.after_json = AuditJson(target);
  RRMON_RETURN_IF_ERROR(repository_.WriteTarget(change));
  Invalidate();
  return target;
}

absl::StatusOr<v1::EmploymentTarget> ProgressReporter::GetTarget(const auth::Principal& caller,
                                                                 const std::string& name) {
  RRMON_ASSIGN_OR_RETURN(TargetRef ref, ParseEmploymentTargetName(name, "name"));
  if (!validation::RegionCovers(caller.region_prefix, ref.region_prefix)) {
    return MarkRefused(ResourceNotFoundError("EmploymentTarget", name));
  }
  RRMON_ASSIGN_OR_RETURN(std::optional<v1::EmploymentTarget> target,
                         repository_.FindTarget(ref.region_prefix, ref.year));
  if (!target.has_value()) return ResourceNotFoundError("EmploymentTarget", name);
  return *std::move(target);
}

absl::StatusOr<v1::EmploymentProgress> ProgressReporter::GetProgress(
    const auth::Principal& caller, const v1::GetEmploymentProgressRequest& request) {
  ProgressQuery query;
  RRMON_ASSIGN_OR_RETURN(query.region_prefix,
                         auth::ScopedRegionPrefix(caller, request.region_prefix()));
  const absl::CivilDay today = UtcDay(clock_.Now());
  const int this_year = static_cast<int>(today.year());
  RRMON_RETURN_IF_ERROR(ValidateYear(request.year(), this_year, "year"));
  query.year = request.year();
  if (request.as_of_date().empty()) {
    query.as_of = query.year == this_year ? today : absl::CivilDay(query.year, 12, 31);
  } else {
    RRMON_ASSIGN_OR_RETURN(query.as_of,
                           ParseDateNotAfter(request.as_of_date(), "as_of_date", today));
    if (query.as_of.year() != query.year) {
      return InvalidFieldError("as_of_date", absl::StrCat("must lie in the year ", query.year));
    }
  }

  const std::string generation = generation_.Current();
  if (generation.empty()) {
    if (metrics_ != nullptr) {
      metrics_->RecordCacheRequest(kCacheName, redis_ == nullptr
                                                   ? CacheMetrics::CacheResult::kBypass
                                                   : CacheMetrics::CacheResult::kError);
    }
    return Compute(query);
  }
  const std::string key = CacheKey("employment", kCacheName,
                                   absl::StrCat(generation, ":", query.region_prefix, ":",
                                                query.year, ":", FormatDate(query.as_of)));
  return cache_.GetOrLoad<v1::EmploymentProgress>(key, [&] { return Compute(query); });
}

absl::StatusOr<v1::EmploymentProgress> ProgressReporter::Compute(const ProgressQuery& query) {
  const int this_year = static_cast<int>(UtcDay(clock_.Now()).year());
  RRMON_ASSIGN_OR_RETURN(std::vector<ProgressCountRow> rows,
                         repository_.ReadCounts(query, this_year));
  RRMON_ASSIGN_OR_RETURN(std::optional<v1::EmploymentTarget> target,
                         repository_.FindTarget(query.region_prefix, query.year));
  RRMON_ASSIGN_OR_RETURN(std::vector<v1::EmploymentTarget> area_targets,
                         repository_.ListTargetsBelow(query.region_prefix, query.year));

  v1::EmploymentProgress progress;
  progress.set_region_prefix(query.region_prefix);
  progress.set_year(query.year);
  progress.set_as_of_date(FormatDate(query.as_of));
  progress.set_employed_min_days(rule_.min_days);
  std::map<std::string, v1::AreaProgress> areas;
  std::map<int, v1::ProgressFigures> forms;
  std::map<int, v1::ProgressFigures> tiers;
  std::map<int, v1::ProgressFigures> months;
  for (const ProgressCountRow& row : rows) {
    if (row.area != query.region_prefix) {
      Add(row.figure, row.n, *areas[row.area].mutable_figures());
      continue;
    }
    Add(row.figure, row.n, *progress.mutable_figures());
    Add(row.figure, row.n, months[row.month]);
    // People and person-times have a form and a tier; businesses do not.
    if (IsPeopleOrPersonTimes(row.figure)) {
      Add(row.figure, row.n, forms[row.form]);
      Add(row.figure, row.n, tiers[row.tier]);
    }
  }
  if (target.has_value()) {
    SetCompletion(target->people(), progress, progress.figures().poverty_alleviated_employed());
  }
  for (const v1::EmploymentTarget& area_target : area_targets) {
    v1::AreaProgress& area = areas[area_target.region_prefix()];
    SetCompletion(area_target.people(), area, area.figures().poverty_alleviated_employed());
  }
  for (auto& [prefix, area] : areas) {
    area.set_region_prefix(prefix);
    area.mutable_figures();  // present even when all zero
    *progress.add_areas() = std::move(area);
  }
  for (const auto& [form, figures] : forms) {
    v1::FormProgress& entry = *progress.add_forms();
    entry.set_form(static_cast<v1::JobForm>(form));
    *entry.mutable_figures() = figures;
  }
  for (const auto& [tier, figures] : tiers) {
    v1::TierProgress& entry = *progress.add_tiers();
    entry.set_tier(static_cast<v1::PlaceTier>(tier));
    *entry.mutable_figures() = figures;
  }
  // Each month's figures are those reached by its end: the sum of it and the months before.
  v1::ProgressFigures reached;
  for (int month = 1; month <= query.as_of.month(); ++month) {
    if (auto found = months.find(month); found != months.end()) AddAll(found->second, reached);
    v1::MonthProgress& entry = *progress.add_months();
    entry.set_month(absl::StrFormat("%04d-%02d", query.year, month));
    *entry.mutable_figures() = reached;
  }
  *progress.mutable_compute_time() = ToTimestamp(clock_.Now());
  return progress;
}

}  // namespace rrmon::employment
