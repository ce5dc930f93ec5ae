#include "services/employment/domain/labourer_rules.h"

#include "absl/strings/str_cat.h"
#include "common/status/field_violations.h"
#include "common/time/civil_date.h"
#include "common/validation/id_number.h"
#include "common/validation/identifiers.h"
#include "common/validation/person_name.h"
#include "common/validation/region_code.h"
#include "common/validation/text.h"

namespace rrmon::employment {
namespace {

constexpr char kLabourers[] = "labourers";

std::string Path(const std::string& prefix, const std::string& field) {
  return prefix.empty() ? field : absl::StrCat(prefix, ".", field);
}

void CheckTraining(const v1::TrainingRecord& training, absl::CivilDay today,
                   const std::string& path, FieldViolations& violations) {
  violations.Merge(validation::ValidateFreeText(training.course(), Path(path, "course"),
                                                kMaxCourseChars, /*required=*/true));
  violations.Merge(validation::ValidateFreeText(training.certificate(), Path(path, "certificate"),
                                                kMaxCertificateChars, /*required=*/false));
  absl::StatusOr<absl::CivilDay> start =
      ParseDateNotAfter(training.start_date(), Path(path, "start_date"), today);
  absl::StatusOr<absl::CivilDay> end =
      ParseDateNotAfter(training.end_date(), Path(path, "end_date"), today);
  violations.Merge(start.status());
  violations.Merge(end.status());
  if (start.ok() && end.ok() && *end < *start) {
    violations.Add(Path(path, "end_date"), "must not be before start_date");
  }
}

}  // namespace

std::string LabourerName(const std::string& labourer_id) {
  return absl::StrCat(kLabourers, "/", labourer_id);
}

absl::StatusOr<std::string> ParseLabourerName(const std::string& name, const std::string& field) {
  return validation::ParseResourceName(name, kLabourers, field);
}

std::string LabourerIdOf(const v1::Labourer& labourer) {
  const size_t slash = labourer.name().find('/');
  return slash == std::string::npos ? labourer.name() : labourer.name().substr(slash + 1);
}

void NormalizeLabourerInput(v1::Labourer& labourer) {
  labourer.set_full_name(validation::NormalizePersonName(labourer.full_name()));
  // The stored form has an uppercase check character, so the unique index and the
  // lookup at monitoring see one spelling of a number.
  absl::StatusOr<validation::IdNumber> id =
      validation::ParseIdNumber(labourer.id_number(), "id_number", absl::CivilDay(2199, 12, 31));
  if (id.ok()) labourer.set_id_number(id->normalized);
}

absl::Status ValidateLabourer(const v1::Labourer& labourer, absl::CivilDay today,
                              const std::string& prefix) {
  FieldViolations violations;
  violations.Merge(validation::ValidatePersonName(labourer.full_name(), Path(prefix, "full_name")));
  violations.Merge(
      validation::ParseIdNumber(labourer.id_number(), Path(prefix, "id_number"), today).status());
  const std::string region = Path(prefix, "region_code");
  if (absl::Status valid = validation::ValidateRegionCode(labourer.region_code(), region);
      !valid.ok()) {
    violations.Merge(valid);
  } else if (labourer.region_code().size() != 12) {
    violations.Add(region, "must be the 12-digit code of the labourer's home village");
  }
  if (labourer.skills_size() > kMaxSkills) {
    violations.Add(Path(prefix, "skills"), absl::StrCat("must not list more than ", kMaxSkills));
  }
  for (int i = 0; i < labourer.skills_size() && i < kMaxSkills; ++i) {
    violations.Merge(validation::ValidateFreeText(labourer.skills(i),
                                                  absl::StrCat(Path(prefix, "skills"), "[", i, "]"),
                                                  kMaxSkillChars, /*required=*/true));
  }
  if (!monitoring::v1::LabourCapacity_IsValid(labourer.labour_capacity())) {
    violations.Add(Path(prefix, "labour_capacity"), "is not a known value");
  }
  if (labourer.trainings_size() > kMaxTrainings) {
    violations.Add(Path(prefix, "trainings"),
                   absl::StrCat("must not list more than ", kMaxTrainings));
  }
  for (int i = 0; i < labourer.trainings_size() && i < kMaxTrainings; ++i) {
    CheckTraining(labourer.trainings(i), today,
                  absl::StrCat(Path(prefix, "trainings"), "[", i, "]"), violations);
  }
  return violations.ToStatus();
}

absl::Status ValidateReason(const std::string& reason, bool required) {
  return validation::ValidateFreeText(reason, "reason", kMaxReasonChars, required);
}

bool IsMonitoredStatus(monitoring::v1::HouseholdStatus status) {
  return status == monitoring::v1::HOUSEHOLD_STATUS_MONITORED ||
         status == monitoring::v1::HOUSEHOLD_STATUS_RISK_ELIMINATED;
}

bool IsPovertyAlleviatedLabour(const v1::HouseholdLink& link) {
  return link.state() == v1::HOUSEHOLD_LINK_STATE_LINKED &&
         (link.poverty_alleviated() || link.monitored());
}

void ApplyHouseholdLink(v1::HouseholdLink link, v1::Labourer& labourer) {
  labourer.set_poverty_alleviated_labour(IsPovertyAlleviatedLabour(link));
  *labourer.mutable_household_link() = std::move(link);
}

void MaskSensitiveData(v1::Labourer& labourer) {
  v1::Labourer kept;
  kept.set_name(labourer.name());
  kept.set_full_name(labourer.full_name());
  kept.set_id_number(validation::MaskIdNumber(labourer.id_number()));
  kept.set_region_code(labourer.region_code());
  *kept.mutable_skills() = labourer.skills();
  kept.set_labour_capacity(labourer.labour_capacity());
  kept.mutable_household_link()->set_state(labourer.household_link().state());
  kept.set_poverty_alleviated_labour(labourer.poverty_alleviated_labour());
  kept.set_etag(labourer.etag());
  if (labourer.has_create_time()) *kept.mutable_create_time() = labourer.create_time();
  if (labourer.has_update_time()) *kept.mutable_update_time() = labourer.update_time();
  labourer = std::move(kept);
}

}  // namespace rrmon::employment
