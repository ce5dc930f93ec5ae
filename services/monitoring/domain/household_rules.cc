#include "services/monitoring/domain/household_rules.h"

#include <map>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status/field_violations.h"
#include "common/status/status_details.h"
#include "common/time/civil_date.h"
#include "common/validation/id_number.h"
#include "common/validation/identifiers.h"
#include "common/validation/person_name.h"
#include "common/validation/region_code.h"
#include "common/validation/text.h"

namespace rrmon::monitoring {
namespace {

constexpr char kCompositionViolation[] = "HOUSEHOLD_COMPOSITION";

std::string Path(const std::string& prefix, const std::string& field) {
  return prefix.empty() ? field : absl::StrCat(prefix, ".", field);
}

template <typename Enum>
void RequireEnum(FieldViolations& violations, const std::string& path, int value,
                 bool (*is_valid)(int)) {
  if (value == 0) {
    violations.Add(path, "is required");
  } else if (!is_valid(value)) {
    violations.Add(path, "is not a known value");
  }
}

void CheckHouseholdFields(const v1::Household& household, const std::string& prefix,
                          FieldViolations& violations) {
  violations.Merge(
      validation::ValidateRegionCode(household.region_code(), Path(prefix, "region_code")));
  violations.Merge(validation::ValidateFreeText(household.address(), Path(prefix, "address"),
                                                kMaxAddressChars, /*required=*/false));
  const int year = household.poverty_alleviation_year();
  if (household.poverty_alleviated()) {
    if (year < kFirstAlleviationYear || year > kLastAlleviationYear) {
      violations.Add(Path(prefix, "poverty_alleviation_year"),
                     absl::StrCat("must be between ", kFirstAlleviationYear, " and ",
                                  kLastAlleviationYear, " for a poverty-alleviated household"));
    }
  } else if (year != 0) {
    violations.Add(Path(prefix, "poverty_alleviation_year"),
                   "must be 0 unless poverty_alleviated is set");
  }
}

}  // namespace

absl::Status ValidateHouseholdFields(const v1::Household& household, const std::string& prefix) {
  FieldViolations violations;
  CheckHouseholdFields(household, prefix, violations);
  return violations.ToStatus();
}

absl::Status ValidateMember(const v1::HouseholdMember& member, absl::CivilDay today,
                            const std::string& prefix) {
  FieldViolations violations;
  violations.Merge(validation::ValidatePersonName(member.full_name(), Path(prefix, "full_name")));
  violations.Merge(
      validation::ParseIdNumber(member.id_number(), Path(prefix, "id_number"), today).status());
  RequireEnum<v1::Relation>(violations, Path(prefix, "relation_to_head"), member.relation_to_head(),
                            v1::Relation_IsValid);
  RequireEnum<v1::HealthStatus>(violations, Path(prefix, "health"), member.health(),
                                v1::HealthStatus_IsValid);
  RequireEnum<v1::LabourCapacity>(violations, Path(prefix, "labour_capacity"),
                                  member.labour_capacity(), v1::LabourCapacity_IsValid);
  if (!v1::SchoolingStage_IsValid(member.schooling_stage())) {
    violations.Add(Path(prefix, "schooling_stage"), "is not a known value");
  }
  violations.Merge(validation::ValidateFreeText(member.ethnicity(), Path(prefix, "ethnicity"),
                                                kMaxEthnicityChars, /*required=*/false));
  return violations.ToStatus();
}

absl::Status ValidateNewHousehold(const v1::Household& household, absl::CivilDay today,
                                  const std::string& prefix) {
  FieldViolations violations;
  CheckHouseholdFields(household, prefix, violations);
  const std::string members_path = Path(prefix, "members");
  if (household.members().empty()) {
    violations.Add(members_path, "must list the household's people, the head among them");
  } else if (household.members_size() > kMaxMembers) {
    violations.Add(members_path, absl::StrCat("must not list more than ", kMaxMembers, " people"));
  }
  for (int i = 0; i < household.members_size() && i < kMaxMembers; ++i) {
    violations.Merge(
        ValidateMember(household.members(i), today, absl::StrCat(members_path, "[", i, "]")));
  }
  return violations.ToStatus();
}

absl::Status ValidateReason(const std::string& reason, bool required) {
  return validation::ValidateFreeText(reason, "reason", kMaxReasonChars, required);
}

absl::Status CheckComposition(const v1::Household& household) {
  // Subjects are paths into the household as it would be after the change, so a client
  // can point at the member concerned (docs/api-conventions.md).
  std::vector<int> heads;
  std::map<std::string, int> first_with_id_number;
  for (int i = 0; i < household.members_size(); ++i) {
    const v1::HouseholdMember& member = household.members(i);
    if (member.relation_to_head() == v1::RELATION_HEAD) heads.push_back(i);
    const auto [first, inserted] = first_with_id_number.emplace(member.id_number(), i);
    if (!inserted) {
      const std::string message =
          absl::StrCat("members[", i, "] has the same ID number as members[", first->second,
                       "]: a person is registered once in a household");
      google::rpc::PreconditionFailure failure;
      auto* violation = failure.add_violations();
      violation->set_type(kCompositionViolation);
      violation->set_subject(absl::StrCat("members[", i, "].id_number"));
      violation->set_description(message);
      return WithErrorReason(PreconditionError(message, failure), "DUPLICATE_ID_NUMBER");
    }
  }
  if (heads.size() != 1) {
    const std::string message = absl::StrCat(
        "a household has exactly one head (relation_to_head = RELATION_HEAD); this change "
        "would leave ",
        heads.size());
    google::rpc::PreconditionFailure failure;
    auto* violation = failure.add_violations();
    violation->set_type(kCompositionViolation);
    // The second head is the one to change; with none, the relation of any member is.
    violation->set_subject(heads.empty()
                               ? std::string("members.relation_to_head")
                               : absl::StrCat("members[", heads[1], "].relation_to_head"));
    violation->set_description(message);
    return WithErrorReason(PreconditionError(message, failure), "HOUSEHOLD_HEAD_COUNT");
  }
  return absl::OkStatus();
}

void NormalizeMemberInput(v1::HouseholdMember& member) {
  member.set_full_name(validation::NormalizePersonName(member.full_name()));
}

void DeriveMemberFields(v1::HouseholdMember& member) {
  auto parsed =
      validation::ParseIdNumber(member.id_number(), "id_number", absl::CivilDay(2199, 12, 31));
  if (parsed.ok()) {
    member.set_id_number(parsed->normalized);
    member.set_sex(parsed->female ? v1::SEX_FEMALE : v1::SEX_MALE);
    member.set_birth_date(FormatDate(parsed->birth_date));
  }
  if (!member.has_shares_household()) member.set_shares_household(true);
}

int HouseholdSize(const v1::Household& household) {
  int size = 0;
  for (const auto& member : household.members()) {
    if (!member.has_shares_household() || member.shares_household()) ++size;
  }
  return size;
}

void MaskSensitiveData(v1::HouseholdMember& member) {
  // An allow-list: a field added to the message later stays hidden until it is added here.
  v1::HouseholdMember kept;
  kept.set_name(member.name());
  kept.set_id_number(validation::MaskIdNumber(member.id_number()));
  kept.set_relation_to_head(member.relation_to_head());
  if (member.has_shares_household()) kept.set_shares_household(member.shares_household());
  kept.set_etag(member.etag());
  member = std::move(kept);
}

void MaskSensitiveData(v1::Household& household) {
  v1::Household kept;
  kept.set_name(household.name());
  kept.set_region_code(household.region_code());
  for (auto& member : *household.mutable_members()) {
    MaskSensitiveData(member);
    *kept.add_members() = std::move(member);
  }
  kept.set_poverty_alleviated(household.poverty_alleviated());
  kept.set_poverty_alleviation_year(household.poverty_alleviation_year());
  kept.set_status(household.status());
  kept.set_household_size(household.household_size());
  kept.set_etag(household.etag());
  if (household.has_create_time()) *kept.mutable_create_time() = household.create_time();
  if (household.has_update_time()) *kept.mutable_update_time() = household.update_time();
  if (household.has_delete_time()) *kept.mutable_delete_time() = household.delete_time();
  household = std::move(kept);
}

namespace {
constexpr char kHouseholdCollection[] = "households";
}  // namespace

absl::StatusOr<std::string> ParseHouseholdName(const std::string& name, const std::string& field) {
  return validation::ParseResourceName(name, kHouseholdCollection, field);
}

std::string HouseholdName(const std::string& household_id) {
  return absl::StrCat(kHouseholdCollection, "/", household_id);
}

std::string HouseholdIdOf(const v1::Household& household) {
  const std::string& name = household.name();
  const size_t slash = name.find('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

absl::StatusOr<std::pair<std::string, std::string>> ParseHouseholdChildName(
    const std::string& name, const std::string& collection, const std::string& field) {
  return validation::ParseChildResourceName(name, kHouseholdCollection, collection, field);
}

absl::Status RejectDeleted(const v1::Household& household) {
  if (household.has_delete_time()) {
    return WithErrorReason(absl::FailedPreconditionError(
                               absl::StrCat(household.name(), " is deleted; undelete it first")),
                           "HOUSEHOLD_DELETED");
  }
  return absl::OkStatus();
}

}  // namespace rrmon::monitoring
