// The progress repository contract: the counts every labourer write keeps are exactly the
// counts of the stored aggregates counted afresh, whatever the sequence of writes; a new
// year and a new rule bring them up to date; targets are stored under etags.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "common/status/status_details.h"
#include "common/time/civil_date.h"
#include "common/validation/region_code.h"
#include "services/employment/domain/business_rules.h"
#include "services/employment/domain/progress_counts.h"
#include "tests/services/employment/storage/employment_stores.h"

namespace rrmon::employment {
namespace {

// (area, figure, form, tier, month) → n, without zeros.
using CountMap = std::map<std::tuple<std::string, int, int, int, int>, int64_t>;

CountMap ToMap(const std::vector<ProgressCountRow>& rows) {
  CountMap counts;
  for (const ProgressCountRow& row : rows) {
    if (row.n == 0) continue;
    counts[{row.area, static_cast<int>(row.figure), row.form, row.tier, row.month}] += row.n;
  }
  return counts;
}

// What ReadCounts must return, counted afresh from the aggregates.
CountMap Expected(const std::vector<LabourerRecord>& records, const ProgressQuery& query,
                  const EmployedRule& rule, int through_year) {
  const size_t below = validation::SubareaPrefixLength(query.region_prefix.size());
  CountMap counts;
  for (const LabourerRecord& record : records) {
    for (const auto& [key, n] :
         ContributionOf(record.labourer, record.spells, record.businesses, rule, through_year)) {
      const bool own = key.area == query.region_prefix;
      const bool child = below > 0 && key.area.size() == below &&
                         key.area.compare(0, query.region_prefix.size(), query.region_prefix) == 0;
      if ((!own && !child) || key.year != query.year || key.day > query.as_of) continue;
      counts[{key.area, static_cast<int>(key.figure), key.form, key.tier,
              static_cast<int>(key.day.month())}] += n;
    }
  }
  std::erase_if(counts, [](const auto& entry) { return entry.second == 0; });
  return counts;
}

v1::Business Business(const std::string& labourer_id, const std::string& id,
                      const std::string& start, int32_t employees) {
  v1::Business business;
  business.set_name(BusinessName(labourer_id, id));
  business.set_display_name("店");
  business.set_sector("餐饮");
  business.set_start_date(start);
  business.set_employees(employees);
  business.set_etag(EtagOf(1));
  return business;
}

LabourerChange At(LabourerChange change, const std::string& day) {
  change.audit.time = absl::FromCivil(ParseDate(day, "day").value(), absl::UTCTimeZone());
  return change;
}

class ProgressRepositoryContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { store_ = GetParam().open(); }
  LabourerRepository& labourers() { return store_->labourers(); }
  ProgressRepository& progress() { return store_->progress(); }

  std::vector<LabourerRecord> All(const std::vector<std::string>& ids) {
    std::vector<LabourerRecord> records;
    for (const std::string& id : ids) records.push_back(labourers().Get(id).value());
    return records;
  }

  std::unique_ptr<Store> store_;
};

TEST_P(ProgressRepositoryContract, KeptCountsEqualAFreshCountAfterRandomWrites) {
  absl::BitGen random;
  const std::vector<std::string> villages = {"654201001001", "654201001002", "654201002001",
                                             "654202001001", "654203101001"};
  const std::vector<v1::PlaceTier> tiers = {v1::PLACE_TIER_IN_TOWNSHIP, v1::PLACE_TIER_IN_COUNTY,
                                            v1::PLACE_TIER_IN_PROVINCE,
                                            v1::PLACE_TIER_OUT_OF_PROVINCE};
  std::vector<std::string> ids;
  for (int i = 0; i < 12; ++i) {
    const std::string id = absl::StrCat("l", i);
    ids.push_back(id);
    ASSERT_TRUE(
        labourers()
            .Write(At(Insert(Labourer(id, villages[i % villages.size()], i + 1, i % 3 != 0)),
                      "2026-01-05"))
            .ok());
  }
  int next_id = 0;
  for (int step = 0; step < 150; ++step) {
    const std::string id = ids[absl::Uniform(random, 0u, ids.size())];
    LabourerRecord record = labourers().Get(id).value();
    LabourerChange change = At(Next(record.labourer), "2026-06-01");
    const int what = absl::Uniform(random, 0, 6);
    const absl::CivilDay start =
        absl::CivilDay(2025, 1, 1) + absl::Uniform(random, 0, 500);  // 2025 to mid-2026
    if (what <= 1) {                                                 // a spell, ended or ongoing
      v1::JobSpell spell = Spell(id, absl::StrCat("s", next_id++), FormatDate(start));
      spell.set_place_tier(tiers[absl::Uniform(random, 0u, tiers.size())]);
      spell.set_form(static_cast<v1::JobForm>(absl::Uniform(random, 1, 7)));
      spell.set_second_job(absl::Bernoulli(random, 0.3));
      if (absl::Bernoulli(random, 0.5)) {
        spell.set_end_date(FormatDate(start + absl::Uniform(random, 0, 200)));
      }
      change.spells.push_back(spell);
    } else if (what == 2 && !record.spells.empty()) {  // a spell ends or changes its end
      v1::JobSpell spell = record.spells[absl::Uniform(random, 0u, record.spells.size())];
      spell.set_end_date(
          FormatDate(ParseDate(spell.start_date(), "d").value() + absl::Uniform(random, 0, 90)));
      change.spells.push_back(spell);
    } else if (what == 3) {  // the household link changes
      change.labourer.set_poverty_alleviated_labour(!record.labourer.poverty_alleviated_labour());
    } else if (what == 4) {  // the labourer moves
      change.labourer.set_region_code(villages[absl::Uniform(random, 0u, villages.size())]);
    } else {  // a business, or a change in what one employs
      v1::Business business = record.businesses.empty() || absl::Bernoulli(random, 0.5)
                                  ? Business(id, absl::StrCat("b", next_id++), FormatDate(start), 0)
                                  : record.businesses.front();
      business.set_employees(absl::Uniform(random, 0, 8));
      change.businesses.push_back(business);
    }
    ASSERT_TRUE(labourers().Write(change).ok());
  }

  const std::vector<LabourerRecord> records = All(ids);
  for (const std::string prefix : {"65", "6542", "654201", "654201001", "654201001001"}) {
    for (const absl::CivilDay as_of : {absl::CivilDay(2025, 12, 31), absl::CivilDay(2026, 3, 15),
                                       absl::CivilDay(2026, 12, 31)}) {
      const ProgressQuery query{prefix, static_cast<int>(as_of.year()), as_of};
      absl::StatusOr<std::vector<ProgressCountRow>> rows = progress().ReadCounts(query, 2026);
      ASSERT_TRUE(rows.ok()) << rows.status();
      const CountMap expected = Expected(records, query, EmployedRule{30}, 2026);
      EXPECT_FALSE(expected.empty()) << prefix;
      EXPECT_EQ(ToMap(*rows), expected) << prefix << " " << as_of;
    }
  }
}

TEST_P(ProgressRepositoryContract, TheFirstWriteOfADatabaseIsCountedOnce) {
  // The first write finds the counts never made and counts the stored labourers: not the
  // one it is writing, which it counts itself.
  LabourerChange first = At(Insert(Labourer("l1", "654201001001", 1, true)), "2026-06-01");
  first.spells = {Spell("l1", "s1", "2026-01-01", "2026-03-31")};
  ASSERT_TRUE(labourers().Write(first).ok());
  const ProgressQuery query{"6542", 2026, absl::CivilDay(2026, 12, 31)};
  const CountMap counts = ToMap(progress().ReadCounts(query, 2026).value());
  EXPECT_EQ(counts, Expected(All({"l1"}), query, EmployedRule{30}, 2026));
  EXPECT_EQ(counts.at({"6542", static_cast<int>(ProgressFigure::kPovertyAlleviatedEmployed),
                       v1::JOB_FORM_ENTERPRISE, v1::PLACE_TIER_OUT_OF_PROVINCE, 1}),
            1);
}

TEST_P(ProgressRepositoryContract, ANewYearCountsTheSpellsStillGoingOn) {
  ASSERT_TRUE(
      labourers().Write(At(Insert(Labourer("l1", "654201001001", 1, true)), "2026-02-01")).ok());
  LabourerChange add = At(Next(labourers().Get("l1")->labourer), "2026-02-01");
  add.spells = {Spell("l1", "s1", "2026-01-10")};  // out of province, ongoing
  ASSERT_TRUE(labourers().Write(add).ok());

  const ProgressQuery next_year{"6542", 2027, absl::CivilDay(2027, 3, 1)};
  // Read while 2026 is the current year: nothing is counted in 2027 yet.
  EXPECT_TRUE(ToMap(progress().ReadCounts(next_year, 2026).value()).empty());
  // In 2027, without any write: the ongoing spell counts from its 30th day of the year.
  const CountMap counted = ToMap(progress().ReadCounts(next_year, 2027).value());
  EXPECT_EQ(counted.at({"6542", static_cast<int>(ProgressFigure::kPovertyAlleviatedEmployed),
                        v1::JOB_FORM_ENTERPRISE, v1::PLACE_TIER_OUT_OF_PROVINCE, 1}),
            1);
  EXPECT_EQ(counted.at({"6542", static_cast<int>(ProgressFigure::kOutOfCountyPersonTimes),
                        v1::JOB_FORM_ENTERPRISE, v1::PLACE_TIER_OUT_OF_PROVINCE, 1}),
            1);
  // Ending the spell in 2027 keeps the counts those of a fresh count.
  LabourerChange end = At(Next(labourers().Get("l1")->labourer), "2027-03-01");
  end.spells = {Spell("l1", "s1", "2026-01-10", "2027-01-20")};
  ASSERT_TRUE(labourers().Write(end).ok());
  EXPECT_EQ(ToMap(progress().ReadCounts(next_year, 2027).value()),
            Expected(All({"l1"}), next_year, EmployedRule{30}, 2027));
  EXPECT_EQ(ToMap(progress().ReadCounts(next_year, 2027).value())
                .count({"6542", static_cast<int>(ProgressFigure::kPovertyAlleviatedEmployed),
                        v1::JOB_FORM_ENTERPRISE, v1::PLACE_TIER_OUT_OF_PROVINCE, 1}),
            0U);  // 20 days of 2027 are not a month
}

TEST_P(ProgressRepositoryContract, AnotherRuleRecountsEveryLabourer) {
  ASSERT_TRUE(
      labourers().Write(At(Insert(Labourer("l1", "654201001001", 1, true)), "2026-06-01")).ok());
  LabourerChange add = At(Next(labourers().Get("l1")->labourer), "2026-06-01");
  add.spells = {Spell("l1", "s1", "2026-01-01", "2026-03-31")};  // 90 days
  ASSERT_TRUE(labourers().Write(add).ok());
  const ProgressQuery query{"654201", 2026, absl::CivilDay(2026, 12, 31)};
  const auto employed = [](const CountMap& counts) {
    int64_t people = 0;
    for (const auto& [key, n] : counts) {
      if (std::get<0>(key) == "654201" &&
          std::get<1>(key) == static_cast<int>(ProgressFigure::kPovertyAlleviatedEmployed)) {
        people += n;
      }
    }
    return people;
  };
  EXPECT_EQ(employed(ToMap(progress().ReadCounts(query, 2026).value())), 1);
  std::unique_ptr<ProgressRepository> stricter = store_->ProgressUnder(EmployedRule{120});
  EXPECT_EQ(employed(ToMap(stricter->ReadCounts(query, 2026).value())), 0);
  std::unique_ptr<ProgressRepository> looser = store_->ProgressUnder(EmployedRule{90});
  EXPECT_EQ(employed(ToMap(looser->ReadCounts(query, 2026).value())), 1);
}

TEST_P(ProgressRepositoryContract, TargetsAreWrittenUnderEtagsAndListedOneLevelDown) {
  const auto change = [](const std::string& prefix, int64_t people, int64_t revision,
                         std::optional<int64_t> expected) {
    TargetChange target_change;
    target_change.target.set_region_prefix(prefix);
    target_change.target.set_year(2026);
    target_change.target.set_people(people);
    target_change.target.set_etag(EtagOf(revision));
    target_change.expected_revision = expected;
    target_change.audit.action = "SetEmploymentTarget";
    target_change.audit.resource = prefix;
    return target_change;
  };
  ASSERT_TRUE(progress().WriteTarget(change("6542", 16500, 1, std::nullopt)).ok());
  ASSERT_TRUE(progress().WriteTarget(change("654201", 3000, 1, std::nullopt)).ok());
  ASSERT_TRUE(progress().WriteTarget(change("654202", 2500, 1, std::nullopt)).ok());
  ASSERT_TRUE(progress().WriteTarget(change("654201001", 300, 1, std::nullopt)).ok());
  // A second create, and a stale update, clash.
  EXPECT_EQ(progress().WriteTarget(change("6542", 1, 1, std::nullopt)).code(),
            absl::StatusCode::kAborted);
  EXPECT_EQ(progress().WriteTarget(change("6542", 1, 3, 2)).code(), absl::StatusCode::kAborted);
  ASSERT_TRUE(progress().WriteTarget(change("6542", 16600, 2, 1)).ok());
  EXPECT_EQ(progress().FindTarget("6542", 2026).value()->people(), 16600);
  EXPECT_FALSE(progress().FindTarget("6542", 2025).value().has_value());
  std::vector<std::string> below;
  const std::vector<v1::EmploymentTarget> targets =
      progress().ListTargetsBelow("6542", 2026).value();
  for (const auto& target : targets) {
    below.push_back(target.region_prefix());
  }
  EXPECT_THAT(below, ::testing::ElementsAre("654201", "654202"));
}

INSTANTIATE_TEST_SUITE_P(Backends, ProgressRepositoryContract, ::testing::ValuesIn(Backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace rrmon::employment
