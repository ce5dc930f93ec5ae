// What every CaseRepository does (usecases/case_repository.h), for each backend.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

StoredSignal Signal(const std::string& household, const std::string& signal_id,
                    const std::string& region) {
  StoredSignal signal;
  signal.record.set_name(absl::StrCat("households/", household, "/riskSignals/", signal_id));
  signal.record.set_signal_id(signal_id);
  signal.record.set_occurred_date("2026-06-01");
  signal.household_id = household;
  signal.region_code = region;
  signal.fingerprint = absl::StrCat("fp-", signal_id);
  return signal;
}

StoredCase Case(const std::string& household, const std::string& case_id, const std::string& region,
                v1::CaseStep step, int64_t revision = 1,
                v1::CaseKind kind = v1::CASE_KIND_IDENTIFICATION) {
  StoredCase stored;
  stored.record.set_name(absl::StrCat("households/", household, "/cases/", case_id));
  stored.record.set_kind(kind);
  stored.record.set_step(step);
  stored.record.set_etag(EtagOf(revision));
  *stored.record.mutable_open_time() = ToTimestamp(kWriteTime);
  *stored.record.mutable_step_due_time() = ToTimestamp(kWriteTime + absl::Hours(24 * 7));
  stored.household_id = household;
  stored.region_code = region;
  stored.prior_status = v1::HOUSEHOLD_STATUS_REGISTERED;
  return stored;
}

CaseChange Opening(const std::string& household, const std::string& case_id,
                   const std::string& region) {
  CaseChange change;
  change.case_after = Case(household, case_id, region, v1::CASE_STEP_HOME_VERIFICATION);
  change.audits.push_back(MakeAudit("OpenCase", change.case_after->record.name()));
  return change;
}

template <typename T>
std::vector<std::string> Names(const std::vector<T>& records) {
  std::vector<std::string> names;
  for (const auto& record : records) names.push_back(record.name());
  return names;
}

RegionPageQuery Region(const std::string& prefix) {
  RegionPageQuery query;
  query.region_prefix = prefix;
  return query;
}

using CaseRepositoryContract = RepositoryContractTest;

TEST_P(CaseRepositoryContract, AChangeWritesSignalCaseAndHouseholdTogether) {
  v1::Household household = StoreHousehold(households(), "h1", kVillageA);
  CaseChange change = Opening("h1", "c1", kVillageA);
  change.new_signal = Signal("h1", "s1", kVillageA);
  household.set_status(v1::HOUSEHOLD_STATUS_UNDER_IDENTIFICATION);
  household.set_etag(EtagOf(2));
  change.household_after = household;
  change.expected_household_revision = 1;
  auto result = cases().Apply(change);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->existing_signal.has_value());
  EXPECT_FALSE(result->replayed_case.has_value());

  auto signal = cases().GetSignal("h1", "s1");
  ASSERT_TRUE(signal.ok() && signal->has_value());
  EXPECT_EQ((*signal)->fingerprint, "fp-s1");
  EXPECT_EQ((*signal)->region_code, kVillageA);
  auto stored = cases().GetCase("h1", "c1");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->record.step(), v1::CASE_STEP_HOME_VERIFICATION);
  EXPECT_EQ(stored->prior_status, v1::HOUSEHOLD_STATUS_REGISTERED);
  EXPECT_EQ(households().Get("h1")->status(), v1::HOUSEHOLD_STATUS_UNDER_IDENTIFICATION);
}

TEST_P(CaseRepositoryContract, AChangeWithAStalePartWritesNothingAtAll) {
  v1::Household household = StoreHousehold(households(), "h1", kVillageA);
  CaseChange change = Opening("h1", "c1", kVillageA);
  change.new_signal = Signal("h1", "s1", kVillageA);
  household.set_etag(EtagOf(2));
  change.household_after = household;
  change.expected_household_revision = 5;  // someone else changed it
  auto result = cases().Apply(change);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(GetErrorReason(result.status()), "ETAG_MISMATCH");
  EXPECT_FALSE(cases().GetSignal("h1", "s1").value().has_value());
  EXPECT_EQ(cases().GetCase("h1", "c1").status().code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE(cases().GetOpenCase("h1").value().has_value());
}

TEST_P(CaseRepositoryContract, AResentSignalReturnsTheStoredOneAndWritesNothingElse) {
  StoreHousehold(households(), "h1", kVillageA);
  CaseChange first;
  first.new_signal = Signal("h1", "s1", kVillageA);
  ASSERT_TRUE(cases().Apply(first).ok());

  CaseChange resent = Opening("h1", "c1", kVillageA);
  resent.new_signal = Signal("h1", "s1", kVillageA);
  resent.new_signal->fingerprint = "another body";
  auto result = cases().Apply(resent);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_TRUE(result->existing_signal.has_value());
  EXPECT_EQ(result->existing_signal->fingerprint, "fp-s1");
  EXPECT_EQ(cases().GetCase("h1", "c1").status().code(), absl::StatusCode::kNotFound);
}

TEST_P(CaseRepositoryContract, AHouseholdHasOneOpenCaseAtATime) {
  StoreHousehold(households(), "h1", kVillageA);
  ASSERT_TRUE(cases().Apply(Opening("h1", "c1", kVillageA)).ok());
  auto second = cases().Apply(Opening("h1", "c2", kVillageA));
  EXPECT_EQ(second.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(cases().GetOpenCase("h1").value()->record.name(), "households/h1/cases/c1");

  // A stale writer of the case is refused; the current one closes it.
  CaseChange stale;
  stale.case_after = Case("h1", "c1", kVillageA, v1::CASE_STEP_APPROVED, 2);
  stale.expected_case_revision = 3;
  EXPECT_EQ(cases().Apply(stale).status().code(), absl::StatusCode::kAborted);
  CaseChange close = stale;
  close.expected_case_revision = 1;
  *close.case_after->record.mutable_close_time() = ToTimestamp(kWriteTime);
  ASSERT_TRUE(cases().Apply(close).ok());
  EXPECT_FALSE(cases().GetOpenCase("h1").value().has_value());
  EXPECT_EQ(RevisionOf(cases().GetCase("h1", "c1")->record.etag()), 2);

  // Closed, a new case may open.
  EXPECT_TRUE(cases().Apply(Opening("h1", "c2", kVillageA)).ok());
  EXPECT_EQ(cases().GetOpenCase("h1").value()->record.name(), "households/h1/cases/c2");
}

TEST_P(CaseRepositoryContract, ARequestIdReplaysItsCaseAndRefusesAnotherBody) {
  StoreHousehold(households(), "h1", kVillageA);
  CaseChange change = Opening("h1", "c1", kVillageA);
  change.request_key = RequestKey{"r1", "OpenCase", "f1"};
  ASSERT_TRUE(cases().Apply(change).ok());
  auto found = cases().FindCaseRequest(*change.request_key);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->name(), "households/h1/cases/c1");

  CaseChange retry = Opening("h1", "c9", kVillageA);
  retry.request_key = change.request_key;
  auto replayed = cases().Apply(retry);
  ASSERT_TRUE(replayed.ok()) << replayed.status();
  ASSERT_TRUE(replayed->replayed_case.has_value());
  EXPECT_EQ(replayed->replayed_case->name(), "households/h1/cases/c1");
  EXPECT_EQ(cases().GetCase("h1", "c9").status().code(), absl::StatusCode::kNotFound);

  retry.request_key->fingerprint = "f2";
  EXPECT_EQ(cases().Apply(retry).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_P(CaseRepositoryContract, ListsByRegionHouseholdKindOpennessAndDueTime) {
  StoreHousehold(households(), "h1", kVillageA);
  StoreHousehold(households(), "h2", kVillageB);
  ASSERT_TRUE(cases().Apply(Opening("h2", "c1", kVillageB)).ok());
  ASSERT_TRUE(cases().Apply(Opening("h1", "c1", kVillageA)).ok());
  CaseChange closed;
  closed.case_after =
      Case("h1", "c0", kVillageA, v1::CASE_STEP_REJECTED, 1, v1::CASE_KIND_ELIMINATION);
  ASSERT_TRUE(cases().Apply(closed).ok());

  CaseQuery query;
  query.page = Region("654201");
  auto all = cases().ListCases(query);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_THAT(Names(all->items), ElementsAre("households/h1/cases/c0", "households/h1/cases/c1",
                                             "households/h2/cases/c1"));
  query.page.limit = 1;
  auto first = cases().ListCases(query);
  EXPECT_TRUE(first->more);
  query.page.after_key = first->last_key;
  EXPECT_THAT(Names(cases().ListCases(query)->items), ElementsAre("households/h1/cases/c1"));

  query.page = Region("654201");
  query.open_only = true;
  EXPECT_THAT(Names(cases().ListCases(query)->items),
              ElementsAre("households/h1/cases/c1", "households/h2/cases/c1"));
  query.due_before_micros = absl::ToUnixMicros(kWriteTime + absl::Hours(24 * 7));
  EXPECT_THAT(cases().ListCases(query)->items, IsEmpty());  // due exactly then: not before
  query.due_before_micros = absl::ToUnixMicros(kWriteTime + absl::Hours(24 * 8));
  EXPECT_EQ(cases().ListCases(query)->items.size(), 2u);

  query = CaseQuery();
  query.page = Region("654201");
  query.kind = v1::CASE_KIND_ELIMINATION;
  EXPECT_THAT(Names(cases().ListCases(query)->items), ElementsAre("households/h1/cases/c0"));
  query = CaseQuery();
  query.page = Region("654201");
  query.page.household_id = "h2";
  EXPECT_THAT(Names(cases().ListCases(query)->items), ElementsAre("households/h2/cases/c1"));

  auto open = cases().ListOpenCases();
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 2u);
  for (const StoredCase& stored : *open) {
    EXPECT_EQ(stored.region_code, stored.household_id == "h1" ? kVillageA : kVillageB);
  }
}

TEST_P(CaseRepositoryContract, RecordsFollowTheirHouseholdsRegionAndDeletion) {
  v1::Household household = StoreHousehold(households(), "h1", kVillageA);
  CaseChange change = Opening("h1", "c1", kVillageA);
  change.new_signal = Signal("h1", "s1", kVillageA);
  ASSERT_TRUE(cases().Apply(change).ok());

  household.set_region_code(kVillageB);
  household.set_etag(EtagOf(2));
  ASSERT_TRUE(households()
                  .Replace(household, 1, MakeAudit("UpdateHousehold", household.name()),
                           std::nullopt, household.name())
                  .ok());
  EXPECT_THAT(Names(cases().ListSignals(Region(kVillageA))->items), IsEmpty());
  EXPECT_THAT(Names(cases().ListSignals(Region(kVillageB))->items),
              ElementsAre("households/h1/riskSignals/s1"));
  CaseQuery query;
  query.page = Region(kVillageB);
  EXPECT_THAT(Names(cases().ListCases(query)->items), ElementsAre("households/h1/cases/c1"));

  *household.mutable_delete_time() = ToTimestamp(kWriteTime);
  household.set_etag(EtagOf(3));
  ASSERT_TRUE(households()
                  .Replace(household, 2, MakeAudit("DeleteHousehold", household.name()),
                           std::nullopt, household.name())
                  .ok());
  EXPECT_THAT(cases().ListCases(query)->items, IsEmpty());
  query.page.show_deleted = true;
  EXPECT_THAT(Names(cases().ListCases(query)->items), ElementsAre("households/h1/cases/c1"));
}

INSTANTIATE_TEST_SUITE_P(Backends, CaseRepositoryContract,
                         ::testing::ValuesIn(MonitoringBackends()), BackendName);

}  // namespace
}  // namespace rrmon::monitoring::contract
