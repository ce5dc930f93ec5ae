#pragma once

// What makes a labourer record valid, and what follows from its household link: pure
// rules, given the day, testable without a server.

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "rrmon/employment/v1/labour.pb.h"

namespace rrmon::employment {

inline constexpr int kMaxSkills = 20;
inline constexpr size_t kMaxSkillChars = 32;
inline constexpr int kMaxTrainings = 50;
inline constexpr size_t kMaxCourseChars = 64;
inline constexpr size_t kMaxCertificateChars = 64;
inline constexpr size_t kMaxReasonChars = 200;

// `labourers/{id}` and back; INVALID_ARGUMENT on `field` for anything else.
std::string LabourerName(const std::string& labourer_id);
absl::StatusOr<std::string> ParseLabourerName(const std::string& name, const std::string& field);
// The id of a stored labourer (its name without the collection).
std::string LabourerIdOf(const v1::Labourer& labourer);

// Trims and normalises what a client typed: the name, the ID number's check character.
void NormalizeLabourerInput(v1::Labourer& labourer);

// Every bad field of a labourer as a client gives it (paths under `prefix`, e.g.
// "labourer"): name, ID number, home village (a 12-digit code), skills, capacity and
// training records, whose dates are real days, in order, and not after `today`.
absl::Status ValidateLabourer(const v1::Labourer& labourer, absl::CivilDay today,
                              const std::string& prefix);

// A reason kept in the audit trail.
absl::Status ValidateReason(const std::string& reason, bool required);

// Whether a household of this status at monitoring counts as monitored (监测对象):
// identified, whether or not its risk has since been eliminated (风险消除户 stay in the
// monitoring roll). One being identified is not monitored yet.
bool IsMonitoredStatus(monitoring::v1::HouseholdStatus status);

// 脱贫劳动力: a member of a registered household that is a 脱贫户 or is monitored.
bool IsPovertyAlleviatedLabour(const v1::HouseholdLink& link);

// Sets the link and what follows from it (poverty_alleviated_labour).
void ApplyHouseholdLink(v1::HouseholdLink link, v1::Labourer& labourer);

// What a role that does not handle personal data sees: the ID number masked, nothing of
// the household but whether there is one. An allow-list, so a field added later stays
// hidden until it is added here.
void MaskSensitiveData(v1::Labourer& labourer);

}  // namespace rrmon::employment
