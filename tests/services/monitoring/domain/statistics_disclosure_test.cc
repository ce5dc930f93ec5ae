#include "services/monitoring/domain/statistics_disclosure.h"

#include "gtest/gtest.h"

namespace rrmon::monitoring {
namespace {

void Set(v1::HouseholdCount* count, int64_t households, int64_t people) {
  count->set_households(households);
  count->set_people(people);
}

TEST(StatisticsDisclosureTest, CellsUnderTheMinimumAreWithheldAndMarked) {
  v1::MonitoringStatistics statistics;
  Set(statistics.mutable_registered(), 40, 120);
  Set(statistics.mutable_monitored(), 4, 11);
  auto* illness = statistics.add_monitored_by_primary_risk_type();
  illness->set_risk_type(v1::RISK_TYPE_ILLNESS);
  Set(illness->mutable_count(), 1, 3);
  auto* disability = statistics.add_monitored_by_primary_risk_type();
  disability->set_risk_type(v1::RISK_TYPE_DISABILITY);
  Set(disability->mutable_count(), 5, 8);
  auto* category = statistics.add_monitored_by_category();
  Set(category->mutable_count(), 0, 0);
  auto* area = statistics.add_by_area();
  Set(area->mutable_registered(), 2, 5);
  Set(area->add_monitored_by_category()->mutable_count(), 1, 1);

  SuppressSmallCells(statistics, 5);
  EXPECT_EQ(statistics.min_cell_size(), 5);
  EXPECT_FALSE(statistics.registered().suppressed());
  EXPECT_EQ(statistics.registered().households(), 40);
  EXPECT_TRUE(statistics.monitored().suppressed());
  EXPECT_EQ(statistics.monitored().people(), 0);
  EXPECT_TRUE(statistics.monitored_by_primary_risk_type(0).count().suppressed());
  EXPECT_EQ(statistics.monitored_by_primary_risk_type(0).count().households(), 0);
  EXPECT_FALSE(statistics.monitored_by_primary_risk_type(1).count().suppressed())
      << "the minimum itself is shown";
  EXPECT_FALSE(statistics.monitored_by_category(0).count().suppressed()) << "zero reveals no one";
  EXPECT_TRUE(statistics.by_area(0).registered().suppressed());
  EXPECT_TRUE(statistics.by_area(0).monitored_by_category(0).count().suppressed());
}

TEST(StatisticsDisclosureTest, AMinimumOfOneChangesNothing) {
  v1::MonitoringStatistics statistics;
  Set(statistics.mutable_monitored(), 1, 3);
  SuppressSmallCells(statistics, 1);
  EXPECT_EQ(statistics.min_cell_size(), 0);
  EXPECT_EQ(statistics.monitored().households(), 1);
  EXPECT_FALSE(statistics.monitored().suppressed());
}

}  // namespace
}  // namespace rrmon::monitoring
