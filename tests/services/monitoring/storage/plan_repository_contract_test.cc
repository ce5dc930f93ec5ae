// What every PlanRepository does (usecases/plan_repository.h), for each backend.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/status/status_details.h"
#include "common/time/timestamp.h"
#include "tests/services/monitoring/storage/repository_contract.h"

namespace rrmon::monitoring::contract {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const std::string kVillageA = "654201001001";
const std::string kVillageB = "654201001002";

v1::AssistanceMeasure Measure(const std::string& household, const std::string& id,
                              const std::string& start_date,
                              v1::MeasureType type = v1::MEASURE_TYPE_EMPLOYMENT,
                              v1::MeasureStatus status = v1::MEASURE_STATUS_PLANNED,
                              int64_t revision = 1) {
  v1::AssistanceMeasure measure;
  measure.set_name(absl::StrCat("households/", household, "/measures/", id));
  measure.set_type(type);
  measure.set_status(status);
  measure.set_start_date(start_date);
  measure.set_funds_fen(120'000);
  measure.set_etag(EtagOf(revision));
  return measure;
}

PlanChange MeasureChange(const std::string& household, const std::string& region,
                         v1::AssistanceMeasure measure,
                         std::optional<int64_t> expected = std::nullopt) {
  PlanChange change;
  change.household_id = household;
  change.region_code = region;
  change.audits.push_back(MakeAudit("CreateAssistanceMeasure", measure.name()));
  change.measure = std::move(measure);
  change.expected_revision = expected;
  return change;
}

v1::IncomeRecord Income(const std::string& household, const std::string& month, int64_t wage,
                        int64_t revision = 1) {
  v1::IncomeRecord record;
  record.set_name(absl::StrCat("households/", household, "/incomeRecords/", month));
  record.set_month(month);
  record.set_wage_income_fen(wage);
  record.set_etag(EtagOf(revision));
  return record;
}

PlanChange IncomeChange(const std::string& household, v1::IncomeRecord record,
                        std::optional<int64_t> expected = std::nullopt) {
  PlanChange change;
  change.household_id = household;
  change.region_code = kVillageA;
  change.audits.push_back(MakeAudit("UpdateIncomeRecord", record.name()));
  change.income_record = std::move(record);
  change.expected_revision = expected;
  return change;
}

template <typename T>
std::vector<std::string> Names(const std::vector<T>& records) {
  std::vector<std::string> names;
  for (const auto& record : records) names.push_back(record.name());
  return names;
}

std::map<v1::MeasureStatus, int64_t> CountByStatus(PlanRepository& plans) {
  std::map<v1::MeasureStatus, int64_t> counts;
  auto rows = plans.CountMeasuresByStatus();
  EXPECT_TRUE(rows.ok()) << rows.status();
  if (!rows.ok()) return counts;
  for (const auto& [status, count] : *rows) counts[status] += count;
  return counts;
}

using PlanRepositoryContract = RepositoryContractTest;

TEST_P(PlanRepositoryContract, MeasuresAreStoredComparedAndSetAndListedByStartDate) {
  StoreHousehold(households(), "h1", kVillageA);
  ASSERT_TRUE(
      plans().Apply(MeasureChange("h1", kVillageA, Measure("h1", "m2", "2026-05-01"))).ok());
  ASSERT_TRUE(
      plans().Apply(MeasureChange("h1", kVillageA, Measure("h1", "m1", "2026-03-01"))).ok());
  // The same measure created twice is a conflict, not a second row.
  EXPECT_EQ(plans()
                .Apply(MeasureChange("h1", kVillageA, Measure("h1", "m1", "2026-03-01")))
                .status()
                .code(),
            absl::StatusCode::kAborted);

  EXPECT_THAT(Names(plans().HouseholdMeasures("h1").value()),
              ElementsAre("households/h1/measures/m1", "households/h1/measures/m2"));
  EXPECT_EQ(plans().GetMeasure("h1", "m9").status().code(), absl::StatusCode::kNotFound);

  v1::AssistanceMeasure started = Measure("h1", "m1", "2026-03-01", v1::MEASURE_TYPE_EMPLOYMENT,
                                          v1::MEASURE_STATUS_IN_EFFECT, 2);
  auto stale = plans().Apply(MeasureChange("h1", kVillageA, started, /*expected=*/4));
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(GetErrorReason(stale.status()), "ETAG_MISMATCH");
  EXPECT_EQ(plans().GetMeasure("h1", "m1")->status(), v1::MEASURE_STATUS_PLANNED);
  ASSERT_TRUE(plans().Apply(MeasureChange("h1", kVillageA, started, /*expected=*/1)).ok());
  auto read = plans().GetMeasure("h1", "m1");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->status(), v1::MEASURE_STATUS_IN_EFFECT);
  EXPECT_EQ(RevisionOf(read->etag()), 2);
}

TEST_P(PlanRepositoryContract, ARequestIdReplaysItsMeasureAndRefusesAnotherBody) {
  StoreHousehold(households(), "h1", kVillageA);
  PlanChange change = MeasureChange("h1", kVillageA, Measure("h1", "m1", "2026-03-01"));
  change.request_key = RequestKey{"r1", "CreateAssistanceMeasure", "f1"};
  auto first = plans().Apply(change);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->has_value());
  EXPECT_EQ(plans().FindMeasureRequest(*change.request_key).value()->name(),
            "households/h1/measures/m1");

  PlanChange retry = MeasureChange("h1", kVillageA, Measure("h1", "m7", "2026-03-01"));
  retry.request_key = change.request_key;
  auto replayed = plans().Apply(retry);
  ASSERT_TRUE(replayed.ok()) << replayed.status();
  ASSERT_TRUE(replayed->has_value());
  EXPECT_EQ((*replayed)->name(), "households/h1/measures/m1");
  EXPECT_EQ(plans().GetMeasure("h1", "m7").status().code(), absl::StatusCode::kNotFound);

  retry.request_key->fingerprint = "f2";
  EXPECT_EQ(plans().Apply(retry).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_P(PlanRepositoryContract, ListsMeasuresByRegionTypeAndStatusAndCountsLiveOnes) {
  StoreHousehold(households(), "h1", kVillageA);
  v1::Household leaving = StoreHousehold(households(), "h2", kVillageB);
  ASSERT_TRUE(
      plans().Apply(MeasureChange("h1", kVillageA, Measure("h1", "m1", "2026-03-01"))).ok());
  ASSERT_TRUE(plans()
                  .Apply(MeasureChange("h1", kVillageA,
                                       Measure("h1", "m2", "2026-03-02", v1::MEASURE_TYPE_MEDICAL,
                                               v1::MEASURE_STATUS_DONE)))
                  .ok());
  ASSERT_TRUE(
      plans().Apply(MeasureChange("h2", kVillageB, Measure("h2", "m1", "2026-03-01"))).ok());

  MeasureQuery query;
  query.page.region_prefix = "654201";
  EXPECT_THAT(Names(plans().ListMeasures(query)->items),
              ElementsAre("households/h1/measures/m1", "households/h1/measures/m2",
                          "households/h2/measures/m1"));
  query.type = v1::MEASURE_TYPE_MEDICAL;
  EXPECT_THAT(Names(plans().ListMeasures(query)->items), ElementsAre("households/h1/measures/m2"));
  query.type = v1::MEASURE_TYPE_UNSPECIFIED;
  query.status = v1::MEASURE_STATUS_PLANNED;
  query.page.region_prefix = kVillageB;
  EXPECT_THAT(Names(plans().ListMeasures(query)->items), ElementsAre("households/h2/measures/m1"));

  std::map<v1::MeasureStatus, int64_t> counts = CountByStatus(plans());
  EXPECT_EQ(counts[v1::MEASURE_STATUS_PLANNED], 2);
  EXPECT_EQ(counts[v1::MEASURE_STATUS_DONE], 1);

  // A deleted household's plan leaves the lists and the counts.
  *leaving.mutable_delete_time() = ToTimestamp(kWriteTime);
  leaving.set_etag(EtagOf(2));
  ASSERT_TRUE(households()
                  .Replace(leaving, 1, MakeAudit("DeleteHousehold", leaving.name()), std::nullopt,
                           leaving.name())
                  .ok());
  EXPECT_THAT(plans().ListMeasures(query)->items, IsEmpty());
  counts = CountByStatus(plans());
  EXPECT_EQ(counts[v1::MEASURE_STATUS_PLANNED], 1);
}

TEST_P(PlanRepositoryContract, IncomeRecordsAreKeyedByMonthAndReadByRange) {
  StoreHousehold(households(), "h1", kVillageA);
  for (const char* month : {"2026-03", "2026-01", "2026-02"}) {
    ASSERT_TRUE(plans().Apply(IncomeChange("h1", Income("h1", month, 100'000))).ok());
  }
  EXPECT_EQ(plans().Apply(IncomeChange("h1", Income("h1", "2026-02", 5))).status().code(),
            absl::StatusCode::kAborted);  // the month exists: a change names its revision
  ASSERT_TRUE(plans().Apply(IncomeChange("h1", Income("h1", "2026-02", 250'000, 2), 1)).ok());

  EXPECT_EQ(plans().GetIncomeRecord("h1", "2026-02").value()->wage_income_fen(), 250'000);
  EXPECT_FALSE(plans().GetIncomeRecord("h1", "2025-12").value().has_value());
  EXPECT_THAT(
      Names(plans().ListIncomeRecords("h1", "2026-02", "").value()),
      ElementsAre("households/h1/incomeRecords/2026-02", "households/h1/incomeRecords/2026-03"));
  EXPECT_THAT(Names(plans().ListIncomeRecords("h1", "", "2026-01").value()),
              ElementsAre("households/h1/incomeRecords/2026-01"));
  EXPECT_THAT(plans().ListIncomeRecords("h2", "", "").value(), IsEmpty());
}

TEST_P(PlanRepositoryContract, GuaranteesAreOneRecordPerHouseholdComparedAndSet) {
  StoreHousehold(households(), "h1", kVillageA);
  EXPECT_FALSE(plans().GetGuarantees("h1").value().has_value());
  PlanChange change;
  change.household_id = "h1";
  change.region_code = kVillageA;
  change.guarantees.emplace();
  change.guarantees->set_name("households/h1/guarantees");
  change.guarantees->set_checked_date("2026-06-01");
  change.guarantees->set_etag(EtagOf(1));
  change.audits.push_back(MakeAudit("UpdateGuarantees", "households/h1/guarantees"));
  ASSERT_TRUE(plans().Apply(change).ok());
  EXPECT_EQ(plans().Apply(change).status().code(), absl::StatusCode::kAborted);

  change.guarantees->set_checked_date("2026-06-10");
  change.guarantees->set_etag(EtagOf(2));
  change.expected_revision = 1;
  ASSERT_TRUE(plans().Apply(change).ok());
  EXPECT_EQ(plans().GetGuarantees("h1").value()->checked_date(), "2026-06-10");
  EXPECT_EQ(plans().Apply(change).status().code(), absl::StatusCode::kAborted);
}

INSTANTIATE_TEST_SUITE_P(Backends, PlanRepositoryContract,
                         ::testing::ValuesIn(MonitoringBackends()), BackendName);

}  // namespace
}  // namespace rrmon::monitoring::contract
