#include "services/employment/domain/labourer_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/status/status_details.h"
#include "tests/support/id_numbers.h"
#include "tests/support/status_checks.h"

namespace rrmon::employment {
namespace {

using rrmon::testing::ViolatedFieldsOf;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

const absl::CivilDay kToday(2026, 6, 15);

v1::Labourer Valid() {
  v1::Labourer labourer;
  labourer.set_full_name("努尔兰·阿合买提");
  labourer.set_id_number(rrmon::testing::MakeIdNumber("654201", "19900412", 17));
  labourer.set_region_code("654201001001");
  labourer.add_skills("电焊");
  labourer.set_labour_capacity(monitoring::v1::LABOUR_CAPACITY_SKILLED);
  auto* training = labourer.add_trainings();
  training->set_course("电工");
  training->set_start_date("2025-03-01");
  training->set_end_date("2025-03-20");
  training->set_certificate("XJ-2025-0042");
  return labourer;
}

TEST(LabourerRulesTest, AValidLabourerPasses) {
  EXPECT_TRUE(ValidateLabourer(Valid(), kToday, "labourer").ok());
}

TEST(LabourerRulesTest, EveryBadFieldIsNamedAtOnce) {
  v1::Labourer labourer = Valid();
  labourer.set_full_name("");
  labourer.set_id_number("654201199004121234");  // wrong check character
  labourer.set_region_code("654201");            // a county, not a village
  labourer.set_labour_capacity(static_cast<monitoring::v1::LabourCapacity>(99));
  labourer.add_skills("");
  labourer.mutable_trainings(0)->set_end_date("2025-02-01");  // before its start
  const absl::Status status = ValidateLabourer(labourer, kToday, "labourer");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolatedFieldsOf(status),
              UnorderedElementsAre("labourer.full_name", "labourer.id_number",
                                   "labourer.region_code", "labourer.labour_capacity",
                                   "labourer.skills[1]", "labourer.trainings[0].end_date"));
}

TEST(LabourerRulesTest, TrainingMayNotEndInTheFuture) {
  v1::Labourer labourer = Valid();
  labourer.mutable_trainings(0)->set_end_date("2026-06-16");
  EXPECT_THAT(ViolatedFieldsOf(ValidateLabourer(labourer, kToday, "")),
              ElementsAre("trainings[0].end_date"));
  labourer.mutable_trainings(0)->set_end_date("2026-06-15");
  EXPECT_TRUE(ValidateLabourer(labourer, kToday, "").ok());
}

TEST(LabourerRulesTest, NormalisingUppercasesTheCheckCharacter) {
  v1::Labourer labourer = Valid();
  std::string id;
  for (int sequence = 1; sequence < 1000; ++sequence) {
    id = rrmon::testing::MakeIdNumber("654201", "19900412", sequence);
    if (id.back() == 'X') break;
  }
  ASSERT_EQ(id.back(), 'X');
  id.back() = 'x';
  labourer.set_id_number(id);
  NormalizeLabourerInput(labourer);
  EXPECT_EQ(labourer.id_number().back(), 'X');
  EXPECT_TRUE(ValidateLabourer(labourer, kToday, "").ok());
}

TEST(LabourerRulesTest, PovertyAlleviatedLabourIsALinkedMemberOfAnAlleviatedOrMonitoredHousehold) {
  v1::HouseholdLink link;
  link.set_state(v1::HOUSEHOLD_LINK_STATE_LINKED);
  EXPECT_FALSE(IsPovertyAlleviatedLabour(link));  // a registered household, neither
  link.set_poverty_alleviated(true);
  EXPECT_TRUE(IsPovertyAlleviatedLabour(link));
  link.set_poverty_alleviated(false);
  link.set_monitored(true);
  EXPECT_TRUE(IsPovertyAlleviatedLabour(link));
  link.set_state(v1::HOUSEHOLD_LINK_STATE_UNCHECKED);  // flags of an old check do not count
  EXPECT_FALSE(IsPovertyAlleviatedLabour(link));
}

TEST(LabourerRulesTest, MonitoredMeansIdentifiedWhetherOrNotTheRiskWasEliminated) {
  EXPECT_TRUE(IsMonitoredStatus(monitoring::v1::HOUSEHOLD_STATUS_MONITORED));
  EXPECT_TRUE(IsMonitoredStatus(monitoring::v1::HOUSEHOLD_STATUS_RISK_ELIMINATED));
  EXPECT_FALSE(IsMonitoredStatus(monitoring::v1::HOUSEHOLD_STATUS_UNDER_IDENTIFICATION));
  EXPECT_FALSE(IsMonitoredStatus(monitoring::v1::HOUSEHOLD_STATUS_REGISTERED));
}

TEST(LabourerRulesTest, ApplyingALinkSetsTheDerivedFlag) {
  v1::Labourer labourer = Valid();
  v1::HouseholdLink link;
  link.set_state(v1::HOUSEHOLD_LINK_STATE_LINKED);
  link.set_household("households/h1");
  link.set_poverty_alleviated(true);
  ApplyHouseholdLink(link, labourer);
  EXPECT_TRUE(labourer.poverty_alleviated_labour());
  EXPECT_EQ(labourer.household_link().household(), "households/h1");
  link.set_state(v1::HOUSEHOLD_LINK_STATE_NOT_REGISTERED);
  ApplyHouseholdLink(link, labourer);
  EXPECT_FALSE(labourer.poverty_alleviated_labour());
}

TEST(LabourerRulesTest, MaskingHidesTheIdNumberTrainingsAndTheHousehold) {
  v1::Labourer labourer = Valid();
  labourer.set_name("labourers/l1");
  labourer.mutable_household_link()->set_state(v1::HOUSEHOLD_LINK_STATE_LINKED);
  labourer.mutable_household_link()->set_household("households/h1");
  labourer.mutable_household_link()->set_member("households/h1/members/m1");
  const std::string id = labourer.id_number();
  MaskSensitiveData(labourer);
  EXPECT_NE(labourer.id_number(), id);
  EXPECT_EQ(labourer.id_number().substr(0, 4), id.substr(0, 4));
  EXPECT_NE(labourer.id_number().find('*'), std::string::npos);
  EXPECT_THAT(labourer.trainings(), IsEmpty());
  EXPECT_EQ(labourer.household_link().state(), v1::HOUSEHOLD_LINK_STATE_LINKED);
  EXPECT_EQ(labourer.household_link().household(), "");
  EXPECT_EQ(labourer.household_link().member(), "");
  EXPECT_EQ(labourer.name(), "labourers/l1");
  EXPECT_EQ(labourer.region_code(), "654201001001");
}

TEST(LabourerRulesTest, NamesRoundTripAndForeignNamesAreRefused) {
  EXPECT_EQ(LabourerName("abc"), "labourers/abc");
  EXPECT_EQ(ParseLabourerName("labourers/abc", "name").value(), "abc");
  EXPECT_EQ(ParseLabourerName("households/abc", "name").status().code(),
            absl::StatusCode::kInvalidArgument);
  v1::Labourer labourer;
  labourer.set_name("labourers/abc");
  EXPECT_EQ(LabourerIdOf(labourer), "abc");
}

}  // namespace
}  // namespace rrmon::employment
