#pragma once

// The rules of the household registry, free of gRPC and SQL: what a valid household
// and member look like, what the registry derives from them, and what each role may
// see of a person.

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "rrmon/monitoring/v1/household.pb.h"

namespace rrmon::monitoring {

// The earliest and latest years a household can have been lifted out of poverty under
// the targeted poverty alleviation programme (精准扶贫, 建档立卡 2014–2020).
inline constexpr int kFirstAlleviationYear = 2013;
inline constexpr int kLastAlleviationYear = 2020;
inline constexpr int kMaxMembers = 30;
inline constexpr size_t kMaxAddressChars = 200;
inline constexpr size_t kMaxReasonChars = 500;
inline constexpr size_t kMaxEthnicityChars = 16;

// Field checks of a household as a client sends it for creation, members included.
// Field paths are relative to `prefix` (e.g. "household"). All bad fields are reported
// at once in one INVALID_ARGUMENT.
absl::Status ValidateNewHousehold(const v1::Household& household, absl::CivilDay today,
                                  const std::string& prefix);

// Field checks of the household-level fields only (for updates).
absl::Status ValidateHouseholdFields(const v1::Household& household, const std::string& prefix);

// Field checks of one member.
absl::Status ValidateMember(const v1::HouseholdMember& member, absl::CivilDay today,
                            const std::string& prefix);

// `households/{id}` → id; INVALID_ARGUMENT naming `field` otherwise. The one parser of
// household names, so that every method reads the same id from the same name.
absl::StatusOr<std::string> ParseHouseholdName(const std::string& name, const std::string& field);
// `households/{id}`.
std::string HouseholdName(const std::string& household_id);
// The id of a household resource: its name without `households/`.
std::string HouseholdIdOf(const v1::Household& household);
// `households/{h}/{collection}/{id}` → {h, id}; INVALID_ARGUMENT naming `field`
// otherwise. The one parser of a household's child resources (members, cases, measures).
absl::StatusOr<std::pair<std::string, std::string>> ParseHouseholdChildName(
    const std::string& name, const std::string& collection, const std::string& field);

// Checks the reason a caller gives for a change the audit trail must explain.
absl::Status ValidateReason(const std::string& reason, bool required);

// FAILED_PRECONDITION (HOUSEHOLD_DELETED) for a soft-deleted household.
absl::Status RejectDeleted(const v1::Household& household);

// Composition rules of a stored household (FAILED_PRECONDITION): exactly one head;
// each ID number appears once.
absl::Status CheckComposition(const v1::Household& household);

// Puts what a client typed into the one spelling stored, searched and matched on, before
// validation: the name in NFC with the standard middle dot (validation::NormalizePersonName).
void NormalizeMemberInput(v1::HouseholdMember& member);

// Fills what the registry derives: sex and birth date from the ID number (which is
// normalised, uppercase X), and shares_household defaulting to true. Call after
// ValidateMember succeeded.
void DeriveMemberFields(v1::HouseholdMember& member);

// Members who share the household (the adjusted household), and so count in its size.
int HouseholdSize(const v1::Household& household);

// Keeps only what a role without access to personal data needs (docs/architecture.md,
// "Fields by role"): a peer service (employment, courtyard) learns that a household is
// registered, poverty-alleviated or monitored, and who belongs to it by member resource
// name, relation and masked ID number (`6542**********123X`); not why it is monitored
// (category, risk types), nor health, labour capacity, schooling, ethnicity, birth date,
// sex, names, address or social assistance. Without birth date and sex the ten hidden
// digits of a masked ID number cannot be rebuilt from the rest of the response.
void MaskSensitiveData(v1::Household& household);
void MaskSensitiveData(v1::HouseholdMember& member);

}  // namespace rrmon::monitoring
