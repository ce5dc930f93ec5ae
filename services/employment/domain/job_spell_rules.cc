#include "services/employment/domain/job_spell_rules.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status/field_violations.h"
#include "common/status/status_details.h"
#include "common/time/civil_date.h"
#include "common/validation/identifiers.h"
#include "common/validation/money.h"
#include "common/validation/region_code.h"
#include "common/validation/text.h"

namespace rrmon::employment {
namespace {

constexpr char kLabourers[] = "labourers";
constexpr char kSpells[] = "spells";
constexpr size_t kCountyDigits = 6;
constexpr size_t kTownshipDigits = 9;
constexpr size_t kProvinceDigits = 2;

std::string Path(const std::string& prefix, const std::string& field) {
  return prefix.empty() ? field : absl::StrCat(prefix, ".", field);
}

// Forms worked for someone else, who must be named.
bool HasEmployer(v1::JobForm form) {
  return form == v1::JOB_FORM_ENTERPRISE || form == v1::JOB_FORM_PUBLIC_WELFARE ||
         form == v1::JOB_FORM_ASSISTANCE_WORKSHOP || form == v1::JOB_FORM_WORK_FOR_RELIEF;
}

// What is wrong with `destination` for `tier` seen from `home` (a valid 12-digit village),
// or "" when it fits.
std::string DestinationProblem(v1::PlaceTier tier, const std::string& destination,
                               const std::string& home) {
  const std::string township = home.substr(0, kTownshipDigits);
  const std::string county = home.substr(0, kCountyDigits);
  const std::string province = home.substr(0, kProvinceDigits);
  switch (tier) {
    case v1::PLACE_TIER_IN_TOWNSHIP:
      if (destination.size() < kTownshipDigits || !absl::StartsWith(destination, township)) {
        return absl::StrCat("must lie in the home township ", township,
                            " (9 digits at least) for PLACE_TIER_IN_TOWNSHIP");
      }
      return "";
    case v1::PLACE_TIER_IN_COUNTY:
      if (destination.size() < kCountyDigits || !absl::StartsWith(destination, county)) {
        return absl::StrCat("must lie in the home county ", county,
                            " (6 digits at least) for PLACE_TIER_IN_COUNTY");
      }
      if (destination.size() >= kTownshipDigits && absl::StartsWith(destination, township)) {
        return "lies in the home township: that is PLACE_TIER_IN_TOWNSHIP";
      }
      return "";
    case v1::PLACE_TIER_IN_PROVINCE:
      if (destination.size() < kCountyDigits || !absl::StartsWith(destination, province) ||
          absl::StartsWith(destination, county)) {
        return absl::StrCat("must be a county (6 digits at least) of province ", province,
                            " outside the home county ", county, " for PLACE_TIER_IN_PROVINCE");
      }
      return "";
    case v1::PLACE_TIER_OUT_OF_PROVINCE:
      if (absl::StartsWith(destination, province)) {
        return absl::StrCat("must lie outside the home province ", province,
                            " for PLACE_TIER_OUT_OF_PROVINCE");
      }
      return "";
    default:
      return "";
  }
}

void CheckEvidence(const v1::SpellEvidence& evidence, absl::CivilDay today, const std::string& path,
                   FieldViolations& violations) {
  if (evidence.kind() == v1::EVIDENCE_KIND_UNSPECIFIED) {
    violations.Add(Path(path, "kind"), "is required");
  } else if (!v1::EvidenceKind_IsValid(evidence.kind())) {
    violations.Add(Path(path, "kind"), "is not a known value");
  }
  violations.Merge(validation::ValidateFreeText(evidence.reference(), Path(path, "reference"),
                                                kMaxEvidenceReferenceChars, /*required=*/true));
  violations.Merge(ParseDateNotAfter(evidence.date(), Path(path, "date"), today).status());
}

}  // namespace

std::string SpellName(const std::string& labourer_id, const std::string& spell_id) {
  return absl::StrCat(kLabourers, "/", labourer_id, "/", kSpells, "/", spell_id);
}

absl::StatusOr<SpellRef> ParseSpellName(const std::string& name, const std::string& field) {
  absl::StatusOr<std::pair<std::string, std::string>> parts =
      validation::ParseChildResourceName(name, kLabourers, kSpells, field);
  if (!parts.ok()) return parts.status();
  return SpellRef{std::move(parts->first), std::move(parts->second)};
}

std::string SpellIdOf(const v1::JobSpell& spell) {
  const size_t slash = spell.name().rfind('/');
  return slash == std::string::npos ? spell.name() : spell.name().substr(slash + 1);
}

absl::Status ValidateSpell(const v1::JobSpell& spell, const std::string& home_village,
                           absl::CivilDay today, const std::string& prefix) {
  FieldViolations violations;
  if (spell.form() == v1::JOB_FORM_UNSPECIFIED) {
    violations.Add(Path(prefix, "form"), "is required");
  } else if (!v1::JobForm_IsValid(spell.form())) {
    violations.Add(Path(prefix, "form"), "is not a known value");
  }
  const bool tier_known =
      spell.place_tier() != v1::PLACE_TIER_UNSPECIFIED && v1::PlaceTier_IsValid(spell.place_tier());
  if (spell.place_tier() == v1::PLACE_TIER_UNSPECIFIED) {
    violations.Add(Path(prefix, "place_tier"), "is required");
  } else if (!tier_known) {
    violations.Add(Path(prefix, "place_tier"), "is not a known value");
  }
  const std::string destination = Path(prefix, "destination_region_code");
  if (absl::Status valid =
          validation::ValidateRegionPrefix(spell.destination_region_code(), destination);
      !valid.ok()) {
    violations.Merge(valid);
  } else if (tier_known && home_village.size() == 12) {
    const std::string problem =
        DestinationProblem(spell.place_tier(), spell.destination_region_code(), home_village);
    if (!problem.empty()) violations.Add(destination, problem);
  }
  violations.Merge(validation::ValidateFreeText(spell.employer(), Path(prefix, "employer"),
                                                kMaxEmployerChars, HasEmployer(spell.form())));
  violations.Merge(validation::ValidateFreeText(spell.industry(), Path(prefix, "industry"),
                                                kMaxIndustryChars, /*required=*/false));
  absl::StatusOr<absl::CivilDay> start =
      ParseDateNotAfter(spell.start_date(), Path(prefix, "start_date"), today);
  violations.Merge(start.status());
  if (!spell.end_date().empty()) {
    absl::StatusOr<absl::CivilDay> end =
        ParseDateNotAfter(spell.end_date(), Path(prefix, "end_date"), today);
    violations.Merge(end.status());
    if (start.ok() && end.ok() && *end < *start) {
      violations.Add(Path(prefix, "end_date"), "must not be before start_date");
    }
    violations.Merge(validation::ValidateFreeText(spell.end_reason(), Path(prefix, "end_reason"),
                                                  kMaxEndReasonChars, /*required=*/true));
  } else if (!spell.end_reason().empty()) {
    violations.Add(Path(prefix, "end_reason"), "is given only with end_date");
  }
  violations.Merge(validation::ValidateAmountFen(spell.monthly_income_fen(),
                                                 Path(prefix, "monthly_income_fen"), 0,
                                                 validation::kMaxMonthlyIncomeFen));
  if (spell.evidence_size() > kMaxEvidence) {
    violations.Add(Path(prefix, "evidence"),
                   absl::StrCat("must not list more than ", kMaxEvidence));
  }
  for (int i = 0; i < spell.evidence_size() && i < kMaxEvidence; ++i) {
    CheckEvidence(spell.evidence(i), today, absl::StrCat(Path(prefix, "evidence"), "[", i, "]"),
                  violations);
  }
  return violations.ToStatus();
}

bool IsOutsideHomeCounty(v1::PlaceTier tier) {
  return tier == v1::PLACE_TIER_IN_PROVINCE || tier == v1::PLACE_TIER_OUT_OF_PROVINCE;
}

absl::CivilDay StartOf(const v1::JobSpell& spell) {
  return ParseDate(spell.start_date(), "start_date").value_or(absl::CivilDay());
}

std::optional<absl::CivilDay> EndOf(const v1::JobSpell& spell) {
  if (spell.end_date().empty()) return std::nullopt;
  return ParseDate(spell.end_date(), "end_date").value_or(absl::CivilDay());
}

std::optional<v1::JobSpell> FindOverlap(const v1::JobSpell& spell,
                                        const std::vector<v1::JobSpell>& others) {
  if (spell.second_job()) return std::nullopt;
  const absl::CivilDay start = StartOf(spell);
  const std::optional<absl::CivilDay> end = EndOf(spell);
  for (const v1::JobSpell& other : others) {
    if (other.second_job() || (!spell.name().empty() && other.name() == spell.name())) continue;
    const absl::CivilDay other_start = StartOf(other);
    const std::optional<absl::CivilDay> other_end = EndOf(other);
    // Two closed ranges meet unless one ends before the other starts.
    const bool before = end.has_value() && *end < other_start;
    const bool after = other_end.has_value() && *other_end < start;
    if (!before && !after) return other;
  }
  return std::nullopt;
}

absl::Status OverlapError(const v1::JobSpell& other) {
  const std::string message =
      absl::StrCat("the spell overlaps ", other.name(), " (", other.start_date(), " to ",
                   other.end_date().empty() ? std::string("ongoing") : other.end_date(),
                   "): end that one first, or mark one of them second_job");
  google::rpc::PreconditionFailure failure;
  auto* violation = failure.add_violations();
  violation->set_type("SPELL_OVERLAP");
  violation->set_subject(other.name());
  violation->set_description(message);
  return WithErrorReason(PreconditionError(message, failure), "SPELL_OVERLAP");
}

absl::StatusOr<v1::JobSpell> EndSpell(const v1::JobSpell& spell, const std::string& end_date,
                                      const std::string& reason, absl::CivilDay today) {
  if (!spell.end_date().empty()) {
    return WithErrorReason(absl::FailedPreconditionError(
                               absl::StrCat("the spell already ended on ", spell.end_date())),
                           "SPELL_ALREADY_ENDED");
  }
  FieldViolations violations;
  absl::StatusOr<absl::CivilDay> end = ParseDateNotAfter(end_date, "end_date", today);
  violations.Merge(end.status());
  if (end.ok() && *end < StartOf(spell)) {
    violations.Add("end_date", absl::StrCat("must not be before the start, ", spell.start_date()));
  }
  violations.Merge(
      validation::ValidateFreeText(reason, "end_reason", kMaxEndReasonChars, /*required=*/true));
  if (!violations.empty()) return violations.ToStatus();
  v1::JobSpell ended = spell;
  ended.set_end_date(FormatDate(*end));
  ended.set_end_reason(reason);
  return ended;
}

}  // namespace rrmon::employment
