#pragma once

// The rules of job spells: what a valid spell is, where it may be worked for its tier,
// which spells of one person may overlap, and how a spell ends. Pure: the day is given.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "rrmon/employment/v1/labour.pb.h"

namespace rrmon::employment {

inline constexpr size_t kMaxEmployerChars = 128;
inline constexpr size_t kMaxIndustryChars = 64;
inline constexpr size_t kMaxEndReasonChars = 200;
inline constexpr size_t kMaxEvidenceReferenceChars = 128;
inline constexpr int kMaxEvidence = 20;

// `labourers/{labourer}/spells/{spell}` and back.
std::string SpellName(const std::string& labourer_id, const std::string& spell_id);
struct SpellRef {
  std::string labourer_id;
  std::string spell_id;
};
absl::StatusOr<SpellRef> ParseSpellName(const std::string& name, const std::string& field);
// The spell id of a stored spell (the last segment of its name).
std::string SpellIdOf(const v1::JobSpell& spell);

// Every bad field of a spell as a client gives it, for a labourer of `home_village`:
// form and tier given, the destination a region code consistent with the tier (a county
// at least for tiers inside the province, a province at least outside it), an employer
// for the forms that have one, dates real, not after `today`, the end (if any) not before
// the start and with its reason, income within bounds, evidence complete.
absl::Status ValidateSpell(const v1::JobSpell& spell, const std::string& home_village,
                           absl::CivilDay today, const std::string& prefix);

// Whether the tier's place lies outside the home county (外出务工): the spells that count
// as person-times of migrant work.
bool IsOutsideHomeCounty(v1::PlaceTier tier);

// The first of `others` that `spell` may not overlap: both are main jobs (neither a
// second job) and their days intersect (an open end runs forever). The spell itself, by
// name, is not compared with itself.
std::optional<v1::JobSpell> FindOverlap(const v1::JobSpell& spell,
                                        const std::vector<v1::JobSpell>& others);

// FAILED_PRECONDITION (SPELL_OVERLAP) naming `other`, for FindOverlap's answer.
absl::Status OverlapError(const v1::JobSpell& other);

// Ends `spell` on `end_date` for `reason`: FAILED_PRECONDITION (SPELL_ALREADY_ENDED) if
// it has ended, INVALID_ARGUMENT for a day before its start or after `today`, or a
// missing reason. Returns the spell as ended.
absl::StatusOr<v1::JobSpell> EndSpell(const v1::JobSpell& spell, const std::string& end_date,
                                      const std::string& reason, absl::CivilDay today);

// The first and last day of a spell; the last is nullopt while it goes on. The spell
// must have passed ValidateSpell.
absl::CivilDay StartOf(const v1::JobSpell& spell);
std::optional<absl::CivilDay> EndOf(const v1::JobSpell& spell);

}  // namespace rrmon::employment
