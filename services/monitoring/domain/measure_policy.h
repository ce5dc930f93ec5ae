#pragma once

// 一户一策: what a household's assistance measures should look like. People able to work
// get development help (industry, jobs, microcredit); a household where no one can work
// gets social assistance (综合保障/兜底). The warnings are advice shown to cadres, not
// refusals: a plan in progress may be incomplete for a while.

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "rrmon/monitoring/v1/household.pb.h"
#include "rrmon/monitoring/v1/measures.pb.h"

namespace rrmon::monitoring {

inline constexpr size_t kMaxMeasureDescriptionChars = 500;
inline constexpr size_t kMaxResponsibleChars = 100;

// SKILLED, ORDINARY and WEAK_OR_PARTIAL can work; LOST, NONE and unspecified cannot.
bool CanWork(v1::LabourCapacity capacity);

// Whether a member sharing the household (shares_household absent or true) can work.
bool HasMemberAbleToWork(const v1::Household& household);

// INDUSTRY, EMPLOYMENT, PUBLIC_WELFARE_JOB and MICROCREDIT: help that only works for
// someone who can work.
bool IsDevelopmentMeasure(v1::MeasureType type);

// Warnings on the plan of `household` (cancelled measures are ignored):
// - no one can work and there is no SOCIAL_ASSISTANCE measure: one warning;
// - no one can work: one warning per development measure, which cannot help;
// - someone can work and the plan has SOCIAL_ASSISTANCE but no development measure: a
//   softer warning that development help is preferred (social assistance alongside
//   development help, or medical or schooling help alone, is fine).
// Empty when the plan fits.
std::vector<std::string> MeasureWarnings(const v1::Household& household,
                                         const std::vector<v1::AssistanceMeasure>& measures);

// Field checks of a measure as a client sends it: type and status known and specified,
// description 1–500 characters, responsible unit and person required and at most 100,
// funds 0 .. kMaxMeasureFundsFen, start date a real YYYY-MM-DD, end date empty or a real
// day not before the start. Paths relative to `prefix`; all bad fields at once,
// INVALID_ARGUMENT with a BadRequest.
absl::Status ValidateMeasure(const v1::AssistanceMeasure& measure, const std::string& prefix);

// A measure's status moves forward only: PLANNED → IN_EFFECT, DONE or CANCELLED;
// IN_EFFECT → DONE or CANCELLED; DONE and CANCELLED are final (a new measure is added
// instead). Keeping the status is always allowed. FAILED_PRECONDITION
// (MEASURE_STATUS_CHANGE_NOT_ALLOWED) otherwise.
absl::Status CheckMeasureStatusChange(v1::MeasureStatus from, v1::MeasureStatus to);

}  // namespace rrmon::monitoring
