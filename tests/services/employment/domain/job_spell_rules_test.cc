#include "services/employment/domain/job_spell_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/status/status_details.h"
#include "tests/support/status_checks.h"

namespace rrmon::employment {
namespace {

using rrmon::testing::ViolatedFieldsOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

const absl::CivilDay kToday(2026, 6, 15);
constexpr char kHome[] = "654201001001";  // a village of 塔城市 (6542 01), township 001

v1::JobSpell Spell(const std::string& start, const std::string& end = "", bool second = false) {
  v1::JobSpell spell;
  spell.set_form(v1::JOB_FORM_ENTERPRISE);
  spell.set_place_tier(v1::PLACE_TIER_OUT_OF_PROVINCE);
  spell.set_destination_region_code("4403");  // 深圳
  spell.set_employer("深圳某电子厂");
  spell.set_industry("制造业");
  spell.set_start_date(start);
  spell.set_end_date(end);
  if (!end.empty()) spell.set_end_reason("合同到期");
  spell.set_monthly_income_fen(450000);
  spell.set_second_job(second);
  auto* evidence = spell.add_evidence();
  evidence->set_kind(v1::EVIDENCE_KIND_EMPLOYER_CERTIFICATE);
  evidence->set_reference("用工证明 2026-031");
  evidence->set_date("2026-03-01");
  return spell;
}

v1::JobSpell Named(v1::JobSpell spell, const std::string& id) {
  spell.set_name(SpellName("l1", id));
  return spell;
}

TEST(JobSpellRulesTest, AValidSpellPasses) {
  EXPECT_TRUE(ValidateSpell(Spell("2026-02-01"), kHome, kToday, "spell").ok());
  EXPECT_TRUE(ValidateSpell(Spell("2025-02-01", "2025-11-30"), kHome, kToday, "spell").ok());
}

TEST(JobSpellRulesTest, EveryBadFieldIsNamedAtOnce) {
  v1::JobSpell spell = Spell("2026-07-01");  // the future
  spell.set_form(v1::JOB_FORM_UNSPECIFIED);
  spell.set_monthly_income_fen(-1);
  spell.mutable_evidence(0)->set_kind(v1::EVIDENCE_KIND_UNSPECIFIED);
  spell.mutable_evidence(0)->set_reference("");
  spell.set_end_reason("走了");  // a reason without an end
  EXPECT_THAT(ViolatedFieldsOf(ValidateSpell(spell, kHome, kToday, "spell")),
              UnorderedElementsAre("spell.form", "spell.start_date", "spell.monthly_income_fen",
                                   "spell.evidence[0].kind", "spell.evidence[0].reference",
                                   "spell.end_reason"));
}

TEST(JobSpellRulesTest, AnEndNeedsAReasonAndMayNotPrecedeTheStart) {
  v1::JobSpell spell = Spell("2026-02-01", "2026-01-31");
  spell.clear_end_reason();
  EXPECT_THAT(ViolatedFieldsOf(ValidateSpell(spell, kHome, kToday, "")),
              UnorderedElementsAre("end_date", "end_reason"));
}

TEST(JobSpellRulesTest, EmployerIsRequiredOnlyForFormsWorkedForSomeoneElse) {
  v1::JobSpell spell = Spell("2026-02-01");
  spell.clear_employer();
  EXPECT_THAT(ViolatedFieldsOf(ValidateSpell(spell, kHome, kToday, "")), ElementsAre("employer"));
  spell.set_form(v1::JOB_FORM_PUBLIC_WELFARE);
  spell.set_place_tier(v1::PLACE_TIER_IN_TOWNSHIP);
  spell.set_destination_region_code("654201001");
  EXPECT_THAT(ViolatedFieldsOf(ValidateSpell(spell, kHome, kToday, "")), ElementsAre("employer"));
  spell.set_form(v1::JOB_FORM_SELF_EMPLOYED);
  EXPECT_TRUE(ValidateSpell(spell, kHome, kToday, "").ok());
  spell.set_form(v1::JOB_FORM_FLEXIBLE);
  EXPECT_TRUE(ValidateSpell(spell, kHome, kToday, "").ok());
}

struct TierCase {
  v1::PlaceTier tier;
  std::string destination;
  bool fits;
};

TEST(JobSpellRulesTest, TheDestinationMustFitTheTier) {
  const TierCase cases[] = {
      {v1::PLACE_TIER_IN_TOWNSHIP, "654201001", true},
      {v1::PLACE_TIER_IN_TOWNSHIP, "654201001007", true},
      {v1::PLACE_TIER_IN_TOWNSHIP, "654201002", false},  // another township
      {v1::PLACE_TIER_IN_TOWNSHIP, "654201", false},     // not precise enough
      {v1::PLACE_TIER_IN_COUNTY, "654201", true},
      {v1::PLACE_TIER_IN_COUNTY, "654201002", true},
      {v1::PLACE_TIER_IN_COUNTY, "654201001", false},  // the home township itself
      {v1::PLACE_TIER_IN_COUNTY, "654202", false},     // another county
      {v1::PLACE_TIER_IN_PROVINCE, "654202", true},    // 乌苏市
      {v1::PLACE_TIER_IN_PROVINCE, "650102", true},    // 乌鲁木齐
      {v1::PLACE_TIER_IN_PROVINCE, "6542", false},     // no county named
      {v1::PLACE_TIER_IN_PROVINCE, "654201", false},   // the home county
      {v1::PLACE_TIER_IN_PROVINCE, "440300", false},   // another province
      {v1::PLACE_TIER_OUT_OF_PROVINCE, "44", true},
      {v1::PLACE_TIER_OUT_OF_PROVINCE, "440305", true},
      {v1::PLACE_TIER_OUT_OF_PROVINCE, "65", false},
      {v1::PLACE_TIER_OUT_OF_PROVINCE, "654202", false},
  };
  for (const TierCase& c : cases) {
    v1::JobSpell spell = Spell("2026-02-01");
    spell.set_place_tier(c.tier);
    spell.set_destination_region_code(c.destination);
    const absl::Status status = ValidateSpell(spell, kHome, kToday, "");
    if (c.fits) {
      EXPECT_TRUE(status.ok()) << c.tier << " " << c.destination << ": " << status;
    } else {
      EXPECT_THAT(ViolatedFieldsOf(status), ElementsAre("destination_region_code"))
          << c.tier << " " << c.destination;
    }
  }
}

TEST(JobSpellRulesTest, OnlyTiersOutsideTheCountyAreMigrantWork) {
  EXPECT_FALSE(IsOutsideHomeCounty(v1::PLACE_TIER_IN_TOWNSHIP));
  EXPECT_FALSE(IsOutsideHomeCounty(v1::PLACE_TIER_IN_COUNTY));
  EXPECT_TRUE(IsOutsideHomeCounty(v1::PLACE_TIER_IN_PROVINCE));
  EXPECT_TRUE(IsOutsideHomeCounty(v1::PLACE_TIER_OUT_OF_PROVINCE));
}

TEST(JobSpellRulesTest, MainJobsWhoseDaysMeetOverlap) {
  const std::vector<v1::JobSpell> others = {Named(Spell("2025-03-01", "2025-10-31"), "a"),
                                            Named(Spell("2026-02-01"), "b")};
  // Ends the day before the ongoing one starts, starts the day after the first ended.
  EXPECT_FALSE(FindOverlap(Spell("2025-11-01", "2026-01-31"), others).has_value());
  // Shares one day with the first.
  std::optional<v1::JobSpell> clash = FindOverlap(Spell("2025-10-31", "2025-12-01"), others);
  ASSERT_TRUE(clash.has_value());
  EXPECT_EQ(clash->name(), SpellName("l1", "a"));
  // An ongoing spell from before runs into the ongoing one.
  clash = FindOverlap(Spell("2025-11-01"), others);
  ASSERT_TRUE(clash.has_value());
  EXPECT_EQ(clash->name(), SpellName("l1", "b"));
  // Ends on the first day of the ongoing one.
  clash = FindOverlap(Spell("2026-01-01", "2026-02-01"), others);
  ASSERT_TRUE(clash.has_value());
  EXPECT_EQ(clash->name(), SpellName("l1", "b"));
  // Inside the ongoing one.
  EXPECT_TRUE(FindOverlap(Spell("2026-03-01", "2026-03-02"), others).has_value());
}

TEST(JobSpellRulesTest, ASecondJobOnEitherSideMayOverlap) {
  const std::vector<v1::JobSpell> main_job = {Named(Spell("2026-02-01"), "b")};
  EXPECT_FALSE(FindOverlap(Spell("2026-03-01", "", /*second=*/true), main_job).has_value());
  const std::vector<v1::JobSpell> second = {Named(Spell("2026-02-01", "", /*second=*/true), "c")};
  EXPECT_FALSE(FindOverlap(Spell("2026-03-01"), second).has_value());
}

TEST(JobSpellRulesTest, ASpellDoesNotOverlapItself) {
  const v1::JobSpell spell = Named(Spell("2026-02-01"), "b");
  EXPECT_FALSE(FindOverlap(spell, {spell}).has_value());
}

TEST(JobSpellRulesTest, TheOverlapErrorNamesTheOtherSpell) {
  const absl::Status status = OverlapError(Named(Spell("2026-02-01"), "b"));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(GetErrorReason(status), "SPELL_OVERLAP");
  ASSERT_EQ(GetPreconditionFailure(status).violations_size(), 1);
  EXPECT_EQ(GetPreconditionFailure(status).violations(0).subject(), "labourers/l1/spells/b");
  EXPECT_THAT(status.message(), HasSubstr("ongoing"));
}

TEST(JobSpellRulesTest, EndingRecordsTheDayAndTheReason) {
  const v1::JobSpell spell = Named(Spell("2026-02-01"), "b");
  absl::StatusOr<v1::JobSpell> ended = EndSpell(spell, "2026-05-31", "企业裁员", kToday);
  ASSERT_TRUE(ended.ok()) << ended.status();
  EXPECT_EQ(ended->end_date(), "2026-05-31");
  EXPECT_EQ(ended->end_reason(), "企业裁员");
  // The first day is a day worked: a spell may end on it.
  EXPECT_TRUE(EndSpell(spell, "2026-02-01", "试用未过", kToday).ok());
}

TEST(JobSpellRulesTest, EndingIsRefusedTwiceBeforeTheStartInTheFutureOrWithoutAReason) {
  const v1::JobSpell spell = Named(Spell("2026-02-01"), "b");
  EXPECT_THAT(ViolatedFieldsOf(EndSpell(spell, "2026-01-31", "x", kToday).status()),
              ElementsAre("end_date"));
  EXPECT_THAT(ViolatedFieldsOf(EndSpell(spell, "2026-06-16", "x", kToday).status()),
              ElementsAre("end_date"));
  EXPECT_THAT(ViolatedFieldsOf(EndSpell(spell, "2026-05-31", "", kToday).status()),
              ElementsAre("end_reason"));
  const absl::Status twice =
      EndSpell(Named(Spell("2026-02-01", "2026-03-01"), "b"), "2026-05-31", "x", kToday).status();
  EXPECT_EQ(twice.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(GetErrorReason(twice), "SPELL_ALREADY_ENDED");
}

TEST(JobSpellRulesTest, SpellNamesRoundTrip) {
  EXPECT_EQ(SpellName("l1", "s1"), "labourers/l1/spells/s1");
  absl::StatusOr<SpellRef> ref = ParseSpellName("labourers/l1/spells/s1", "name");
  ASSERT_TRUE(ref.ok()) << ref.status();
  EXPECT_EQ(ref->labourer_id, "l1");
  EXPECT_EQ(ref->spell_id, "s1");
  EXPECT_FALSE(ParseSpellName("labourers/l1", "name").ok());
  v1::JobSpell spell;
  spell.set_name("labourers/l1/spells/s1");
  EXPECT_EQ(SpellIdOf(spell), "s1");
}

}  // namespace
}  // namespace rrmon::employment
