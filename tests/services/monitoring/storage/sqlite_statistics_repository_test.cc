#include "services/monitoring/storage/sqlite_statistics_repository.h"

#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/storage/sqlite_bind.h"
#include "common/time/civil_date.h"
#include "common/time/timestamp.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/monitoring/storage/sqlite_household_repository.h"
#include "tests/support/id_numbers.h"
#include "tests/support/temp_dir.h"

namespace rrmon::monitoring {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// The day the figures are counted (the 2022 report) and the instant the call is made.
const absl::CivilDay kAsOf(2022, 12, 31);
const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2023, 1, 10, 8, 0, 0), absl::UTCTimeZone());
const int64_t kNowMicros = absl::ToUnixMicros(kNow);

// Villages of Tacheng prefecture (6542): three in 额敏县 (654221), two in 塔城市 (654201).
const std::vector<std::string> kVillages = {"654221100201", "654221100202", "654221101203",
                                            "654201001001", "654201002004"};
// A village of another prefecture (伊犁, 6540), whose households must never count in 6542.
const char kOtherPrefectureVillage[] = "654002001001";

absl::Time Utc(int year, int month, int day) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, 8, 0, 0), absl::UTCTimeZone());
}

struct HouseholdCountValue {
  int64_t households = 0;
  int64_t people = 0;
  bool operator==(const HouseholdCountValue&) const = default;
};

HouseholdCountValue ValueOf(const v1::HouseholdCount& count) {
  return {count.households(), count.people()};
}

std::ostream& operator<<(std::ostream& out, const HouseholdCountValue& value) {
  return out << "{" << value.households << " households, " << value.people << " people}";
}

// Writes households through the registry's repository, and measures and cases as rows
// (measures have no repository of their own yet; case rows with a closing day are easier
// to state directly than to drive through the workflow).
class StatisticsFixture {
 public:
  explicit StatisticsFixture(SqliteDatabase& database)
      : database_(database), households_(database) {}

  struct Household {
    std::string village;
    v1::HouseholdStatus status = v1::HOUSEHOLD_STATUS_REGISTERED;
    v1::MonitoringCategory category = v1::MONITORING_CATEGORY_UNSPECIFIED;
    v1::RiskType primary_risk_type = v1::RISK_TYPE_UNSPECIFIED;
    int size = 1;
    // Absent: a row written before creation days were recorded.
    std::optional<absl::Time> create_time;
    bool deleted = false;
  };

  // Returns the household id.
  std::string AddHousehold(const Household& spec) {
    const std::string id = absl::StrCat("h", ++households_added_);
    v1::Household household;
    household.set_name(absl::StrCat("households/", id));
    household.set_region_code(spec.village);
    household.set_status(spec.status);
    household.set_category(spec.category);
    household.set_primary_risk_type(spec.primary_risk_type);
    if (spec.primary_risk_type != v1::RISK_TYPE_UNSPECIFIED) {
      household.add_risk_types(spec.primary_risk_type);
    }
    household.set_household_size(spec.size);
    household.set_etag("1");
    if (spec.create_time.has_value()) {
      *household.mutable_create_time() = ToTimestamp(*spec.create_time);
    }
    if (spec.deleted) *household.mutable_delete_time() = ToTimestamp(Utc(2022, 12, 1));
    for (int m = 0; m < spec.size; ++m) {
      auto* member = household.add_members();
      member->set_name(absl::StrCat(household.name(), "/members/m", m));
      member->set_full_name(absl::StrCat("成员", m));
      member->set_relation_to_head(m == 0 ? v1::RELATION_HEAD : v1::RELATION_CHILD);
      // Unique across the whole registry: live members' ID numbers are a unique index.
      const int person = people_added_++;
      member->set_id_number(rrmon::testing::MakeIdNumber(
          spec.village.substr(0, 6), absl::StrCat(1950 + person / 1000, "0615"), person % 1000));
    }
    AuditRecord audit = NewAuditRecord(Utc(2022, 1, 1), "tester", common::v1::ROLE_COUNTY_OFFICER,
                                       "CreateHousehold", household.name(), "");
    auto written = households_.Insert(household, audit, std::nullopt, household.name());
    EXPECT_TRUE(written.ok()) << written.status();
    return id;
  }

  // `row_region` is the region column of the measure row itself, which may be stale.
  void AddMeasure(const std::string& household_id, const std::string& row_region,
                  v1::MeasureType type, v1::MeasureStatus status, int64_t funds_fen,
                  const std::string& start_date) {
    const std::string measure_id = absl::StrCat("m", ++rows_added_);
    v1::AssistanceMeasure record;
    record.set_name(absl::StrCat("households/", household_id, "/measures/", measure_id));
    record.set_type(type);
    record.set_status(status);
    record.set_funds_fen(funds_fen);
    record.set_start_date(start_date);
    const std::string blob = record.SerializeAsString();
    Run("INSERT INTO measures (household_id, measure_id, region_code, sort_key, type, status, "
        "funds_fen, start_date, revision, record) VALUES (?,?,?,?,?,?,?,?,?,?)",
        household_id, measure_id, row_region,
        absl::StrCat(row_region, "/", household_id, "/", measure_id), static_cast<int>(type),
        static_cast<int>(status), funds_fen, start_date, 1, SqlBlob{blob});
  }

  struct Case {
    std::string household_id;
    std::string row_region;
    v1::CaseKind kind = v1::CASE_KIND_IDENTIFICATION;
    v1::CaseStep step = v1::CASE_STEP_HOME_VERIFICATION;
    std::optional<int64_t> due_micros;
    std::string close_day;  // `YYYY-MM-DD` for closed cases
  };

  void AddCase(const Case& spec) {
    const std::string case_id = absl::StrCat("c", ++rows_added_);
    const bool open = spec.step != v1::CASE_STEP_APPROVED && spec.step != v1::CASE_STEP_REJECTED;
    v1::Case record;
    record.set_name(absl::StrCat("households/", spec.household_id, "/cases/", case_id));
    record.set_kind(spec.kind);
    record.set_step(spec.step);
    const std::string blob = record.SerializeAsString();
    Run("INSERT INTO cases (household_id, case_id, region_code, sort_key, kind, step, open, "
        "due_micros, prior_status, revision, record, close_day) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        spec.household_id, case_id, spec.row_region,
        absl::StrCat(spec.row_region, "/", spec.household_id, "/", case_id),
        static_cast<int>(spec.kind), static_cast<int>(spec.step), open, spec.due_micros,
        static_cast<int>(v1::HOUSEHOLD_STATUS_REGISTERED), 1, SqlBlob{blob}, spec.close_day);
  }

 private:
  template <typename... Args>
  void Run(const std::string& sql, const Args&... args) {
    auto connection = database_.Acquire();
    auto statement = connection->Prepare(sql);
    ASSERT_TRUE(statement.ok()) << statement.status();
    ASSERT_TRUE(BindAll(**statement, args...).ok());
    const absl::Status status = (*statement)->Run();
    ASSERT_TRUE(status.ok()) << status;
  }

  SqliteDatabase& database_;
  SqliteHouseholdRepository households_;
  int households_added_ = 0;
  int people_added_ = 0;
  int rows_added_ = 0;
};

// What the fixture put where, for the figures that are sums over many households.
struct Expected {
  std::map<v1::MonitoringCategory, HouseholdCountValue> monitored_by_category;
  std::map<v1::RiskType, HouseholdCountValue> monitored_by_risk_type;
  // Monitored households, their people and their counted measures, by county.
  std::map<std::string, HouseholdCountValue> monitored_by_county;
  std::map<std::string, int64_t> monitored_measures_by_county;
  // Counted measures (on or before kAsOf, live households of 6542 registered by then).
  std::map<v1::MeasureType, std::pair<int64_t, int64_t>> measures_by_type;  // count, funds
  std::map<v1::MeasureStatus, int64_t> measures_by_status;
};

class SqliteStatisticsRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(Open("monitoring.db", Migrations())); }

  static std::vector<Migration> Migrations(int up_to = 1'000) {
    std::vector<Migration> migrations;
    for (const Migration& migration : MonitoringSqliteMigrations()) {
      if (migration.version <= up_to) migrations.push_back(migration);
    }
    return migrations;
  }

  void Open(const std::string& file, const std::vector<Migration>& migrations) {
    fixture_.reset();
    repository_.reset();
    database_.reset();
    SqliteOptions options;
    options.path = dir_.File(file);
    // Durability is not under test; a few hundred commits go faster without fsync.
    options.synchronous = SqliteOptions::Sync::kNormal;
    auto database = SqliteDatabase::Open(options, migrations);
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    repository_ = std::make_unique<SqliteStatisticsRepository>(*database_);
    fixture_ = std::make_unique<StatisticsFixture>(*database_);
  }

  // The maintained figures, checked against a recount of every row.
  absl::StatusOr<v1::MonitoringStatistics> Compute(const std::string& prefix,
                                                   absl::CivilDay as_of = kAsOf,
                                                   int64_t now_micros = kNowMicros) {
    auto maintained = repository_->Compute({prefix, as_of, now_micros});
    auto recounted = repository_->Recount({prefix, as_of, now_micros});
    EXPECT_EQ(maintained.status(), recounted.status());
    if (maintained.ok() && recounted.ok()) {
      EXPECT_EQ(maintained->DebugString(), recounted->DebugString())
          << prefix << " on " << FormatDate(as_of) << " at " << now_micros;
    }
    return maintained;
  }

  // Compute == Recount for regions at every level, days and instants around the seed's.
  void ExpectExactEverywhere() {
    for (const char* prefix : {"65", "6542", "654221", "654221100", "654221100201", "6540"}) {
      for (const absl::CivilDay day : {kAsOf, absl::CivilDay(2022, 6, 30), UtcDay(kNow)}) {
        for (const int64_t now_micros : {kNowMicros, kNowMicros - 2 * 86'400'000'000}) {
          ASSERT_TRUE(Compute(prefix, day, now_micros).ok());
        }
      }
    }
  }

  int64_t CountRows(const char* sql, const std::string& bound) {
    auto lease = database_->Acquire();
    auto statement = lease->Prepare(sql);
    EXPECT_TRUE(statement.ok()) << statement.status();
    if (!statement.ok()) return -1;
    EXPECT_TRUE(BindAll(**statement, bound).ok());
    auto row = (*statement)->Step();
    EXPECT_TRUE(row.ok() && *row) << sql;
    return row.ok() && *row ? (*statement)->ColumnInt64(0) : -1;
  }
  // Measures whose started flag is behind or ahead of `day`.
  int64_t MeasureFlagsOffFor(absl::CivilDay day) {
    return CountRows(
        "SELECT COUNT(*) FROM measures WHERE counted_as_not_started <> (start_date > ?1)",
        FormatDate(day));
  }
  // Open cases with a due time whose overdue flag is behind or ahead of `instant`.
  int64_t CaseFlagsOffFor(absl::Time instant) {
    return CountRows(
        "SELECT COUNT(*) FROM cases WHERE open = 1 AND due_micros IS NOT NULL "
        "AND counted_as_overdue <> (due_micros < CAST(?1 AS INTEGER))",
        absl::StrCat(absl::ToUnixMicros(instant)));
  }

  // The seed's figures for Tacheng prefecture (244 households, 748 people, 1,149
  // measures), and around them everything that must not be counted.
  void BuildSeed() {
    // Sizes 1–6: 24 rounds of this pattern (31 people per 10 households) and 4 single
    // people make 244 households and 748 people.
    const int kSizes[10] = {1, 2, 3, 4, 5, 6, 2, 3, 3, 2};
    const v1::RiskType kRisks[5] = {
        v1::RISK_TYPE_ILLNESS, v1::RISK_TYPE_DISABILITY, v1::RISK_TYPE_SCHOOLING_COSTS,
        v1::RISK_TYPE_UNSTABLE_EMPLOYMENT, v1::RISK_TYPE_LACK_OF_LABOUR};
    const v1::MeasureType kTypes[6] = {v1::MEASURE_TYPE_INDUSTRY,
                                       v1::MEASURE_TYPE_EMPLOYMENT,
                                       v1::MEASURE_TYPE_PUBLIC_WELFARE_JOB,
                                       v1::MEASURE_TYPE_MICROCREDIT,
                                       v1::MEASURE_TYPE_MEDICAL,
                                       v1::MEASURE_TYPE_SOCIAL_ASSISTANCE};
    const v1::MeasureStatus kStatuses[3] = {v1::MEASURE_STATUS_PLANNED,
                                            v1::MEASURE_STATUS_IN_EFFECT, v1::MEASURE_STATUS_DONE};
    int people = 0;
    int measures = 0;
    for (int i = 0; i < 244; ++i) {
      StatisticsFixture::Household spec;
      spec.village = kVillages[i % kVillages.size()];
      spec.status = v1::HOUSEHOLD_STATUS_MONITORED;
      spec.category = static_cast<v1::MonitoringCategory>(1 + i % 3);
      spec.primary_risk_type = kRisks[(i / 3) % 5];
      spec.size = i < 240 ? kSizes[i % 10] : 1;
      if (i % 50 != 0) spec.create_time = Utc(2022, 1, 1) + absl::Hours(24 * i);
      monitored_create_days_.push_back(
          spec.create_time.has_value() ? FormatDate(UtcDay(*spec.create_time)) : "");
      monitored_sizes_.push_back(spec.size);
      const std::string id = fixture_->AddHousehold(spec);
      monitored_ids_.push_back(id);
      people += spec.size;
      const std::string county = spec.village.substr(0, 6);
      const HouseholdCountValue one{1, spec.size};
      Accumulate(expected_.monitored_by_category[spec.category], one);
      Accumulate(expected_.monitored_by_risk_type[spec.primary_risk_type], one);
      Accumulate(expected_.monitored_by_county[county], one);

      // 一户一策: four or five measures each, 1,149 in all.
      const int count = i < 173 ? 5 : 4;
      for (int j = 0; j < count; ++j) {
        const v1::MeasureType type = kTypes[(i + j) % 6];
        const v1::MeasureStatus status = kStatuses[(i + j) % 3];
        const int64_t funds = 50000 * (1 + (i * 7 + j) % 10);
        const std::string start = absl::StrCat("2022-0", 1 + (i + j) % 9, "-10");
        // One row carries a stale region of another prefecture; its household decides.
        const std::string row_region = i == 7 && j == 0 ? kOtherPrefectureVillage : spec.village;
        fixture_->AddMeasure(id, row_region, type, status, funds, start);
        monitored_measure_starts_.push_back({i, start});
        ++expected_.monitored_measures_by_county[county];
        CountMeasure(type, status, funds);
        ++measures;
      }
      // Cancelled: in the record, not in the plan.
      if (i % 20 == 0) {
        fixture_->AddMeasure(id, spec.village, v1::MEASURE_TYPE_MEDICAL,
                             v1::MEASURE_STATUS_CANCELLED, 123400, "2022-03-01");
        CountMeasure(v1::MEASURE_TYPE_MEDICAL, v1::MEASURE_STATUS_CANCELLED, 123400);
      }
      // Starts after the day counted.
      if (i % 30 == 1) {
        fixture_->AddMeasure(id, spec.village, v1::MEASURE_TYPE_EMPLOYMENT,
                             v1::MEASURE_STATUS_PLANNED, 80000, "2023-01-05");
      }
    }
    ASSERT_EQ(people, 748);
    ASSERT_EQ(measures, 1149);

    // Registered 脱贫户 not under monitoring, with measures of their own: counted among
    // registered households and measures, never among monitored ones.
    for (int r = 0; r < 10; ++r) {
      StatisticsFixture::Household spec;
      spec.village = kVillages[r % kVillages.size()];
      spec.size = 1 + r % 4;  // 23 people in all
      if (r != 0) spec.create_time = Utc(2022, 2, 1);
      const std::string id = fixture_->AddHousehold(spec);
      for (int j = 0; j < 2; ++j) {
        fixture_->AddMeasure(id, spec.village, v1::MEASURE_TYPE_INDUSTRY,
                             v1::MEASURE_STATUS_IN_EFFECT, 200000, "2022-04-01");
        CountMeasure(v1::MEASURE_TYPE_INDUSTRY, v1::MEASURE_STATUS_IN_EFFECT, 200000);
      }
    }

    // Under identification, with open cases: two overdue, one due exactly now (not yet
    // overdue) and one without a due time.
    const struct {
      v1::CaseStep step;
      std::optional<int64_t> due;
    } kOpen[4] = {{v1::CASE_STEP_HOME_VERIFICATION, kNowMicros - 1},
                  {v1::CASE_STEP_DATA_MATCHING, kNowMicros},
                  {v1::CASE_STEP_VILLAGE_REVIEW, kNowMicros - 86'400'000'000},
                  {v1::CASE_STEP_VILLAGE_REVIEW, std::nullopt}};
    for (int u = 0; u < 4; ++u) {
      StatisticsFixture::Household spec;
      spec.village = kVillages[u];
      spec.status = v1::HOUSEHOLD_STATUS_UNDER_IDENTIFICATION;
      spec.size = 2;
      spec.create_time = Utc(2022, 10, 1);
      const std::string id = fixture_->AddHousehold(spec);
      fixture_->AddCase({.household_id = id,
                         .row_region = spec.village,
                         .step = kOpen[u].step,
                         .due_micros = kOpen[u].due});
    }
    // A monitored household with an elimination under way, overdue; one whose elimination
    // was rejected; one whose identification was approved (not an elimination).
    fixture_->AddCase({.household_id = monitored_ids_[5],
                       .row_region = kVillages[0],
                       .kind = v1::CASE_KIND_ELIMINATION,
                       .step = v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW,
                       .due_micros = kNowMicros - 3'600'000'000});
    fixture_->AddCase({.household_id = monitored_ids_[3],
                       .row_region = kVillages[3],
                       .kind = v1::CASE_KIND_ELIMINATION,
                       .step = v1::CASE_STEP_REJECTED,
                       .due_micros = std::nullopt,
                       .close_day = "2022-05-05"});
    fixture_->AddCase({.household_id = monitored_ids_[2],
                       .row_region = kVillages[2],
                       .kind = v1::CASE_KIND_IDENTIFICATION,
                       .step = v1::CASE_STEP_APPROVED,
                       .due_micros = std::nullopt,
                       .close_day = "2022-03-01"});

    // Risk eliminated: in 2022 (twice), before 2022, twice (counted once), and after the
    // day counted.
    const std::vector<std::vector<std::string>> kEliminationDays = {{"2022-06-30"},
                                                                    {"2022-11-01"},
                                                                    {"2021-08-15"},
                                                                    {"2021-03-01", "2022-10-10"},
                                                                    {"2023-01-05"}};
    for (size_t e = 0; e < kEliminationDays.size(); ++e) {
      StatisticsFixture::Household spec;
      spec.village = kVillages[e % kVillages.size()];
      spec.status = v1::HOUSEHOLD_STATUS_RISK_ELIMINATED;
      spec.category = v1::MONITORING_CATEGORY_MARGINAL_AT_RISK;
      spec.size = 3;
      spec.create_time = Utc(2020, 6, 1);
      const std::string id = fixture_->AddHousehold(spec);
      for (const std::string& day : kEliminationDays[e]) {
        fixture_->AddCase({.household_id = id,
                           .row_region = spec.village,
                           .kind = v1::CASE_KIND_ELIMINATION,
                           .step = v1::CASE_STEP_APPROVED,
                           .due_micros = std::nullopt,
                           .close_day = day});
      }
    }

    // A deleted household: nothing of it counts.
    {
      StatisticsFixture::Household spec;
      spec.village = kVillages[0];
      spec.status = v1::HOUSEHOLD_STATUS_MONITORED;
      spec.category = v1::MONITORING_CATEGORY_SUDDEN_HARDSHIP;
      spec.primary_risk_type = v1::RISK_TYPE_ACCIDENT;
      spec.size = 4;
      spec.create_time = Utc(2022, 3, 3);
      spec.deleted = true;
      const std::string id = fixture_->AddHousehold(spec);
      for (int j = 0; j < 3; ++j) {
        fixture_->AddMeasure(id, spec.village, v1::MEASURE_TYPE_HOUSING,
                             v1::MEASURE_STATUS_IN_EFFECT, 900000, "2022-04-04");
      }
      fixture_->AddCase({.household_id = id,
                         .row_region = spec.village,
                         .kind = v1::CASE_KIND_ELIMINATION,
                         .step = v1::CASE_STEP_ELIMINATION_PROPOSAL,
                         .due_micros = kNowMicros - 1});
    }

    // Another prefecture, whose measure and case rows claim a region of 6542 (stale).
    for (int o = 0; o < 3; ++o) {
      StatisticsFixture::Household spec;
      spec.village = kOtherPrefectureVillage;
      spec.status = v1::HOUSEHOLD_STATUS_MONITORED;
      spec.category = v1::MONITORING_CATEGORY_UNSTABLE_ALLEVIATED;
      spec.primary_risk_type = v1::RISK_TYPE_NATURAL_DISASTER;
      spec.size = 2;
      spec.create_time = Utc(2022, 4, 1);
      const std::string id = fixture_->AddHousehold(spec);
      for (int j = 0; j < 5; ++j) {
        fixture_->AddMeasure(id, kVillages[0], v1::MEASURE_TYPE_DRINKING_WATER,
                             v1::MEASURE_STATUS_IN_EFFECT, 10000, "2022-05-01");
      }
      if (o == 0) {
        fixture_->AddCase({.household_id = id,
                           .row_region = kVillages[0],
                           .step = v1::CASE_STEP_TOWNSHIP_REVIEW,
                           .due_micros = kNowMicros - 1});
      }
      if (o == 1) {
        fixture_->AddCase({.household_id = id,
                           .row_region = kVillages[0],
                           .kind = v1::CASE_KIND_ELIMINATION,
                           .step = v1::CASE_STEP_APPROVED,
                           .due_micros = std::nullopt,
                           .close_day = "2022-05-01"});
      }
    }

    // Registered after the day counted; its measure, dated back before that day, belongs
    // to a household not counted yet, so it is not counted either.
    {
      StatisticsFixture::Household spec;
      spec.village = kVillages[1];
      spec.status = v1::HOUSEHOLD_STATUS_MONITORED;
      spec.category = v1::MONITORING_CATEGORY_SUDDEN_HARDSHIP;
      spec.primary_risk_type = v1::RISK_TYPE_ILLNESS;
      spec.size = 5;
      spec.create_time = Utc(2023, 1, 3);
      const std::string id = fixture_->AddHousehold(spec);
      fixture_->AddMeasure(id, spec.village, v1::MEASURE_TYPE_MEDICAL, v1::MEASURE_STATUS_IN_EFFECT,
                           300000, "2022-12-01");
    }
  }

  static void Accumulate(HouseholdCountValue& total, const HouseholdCountValue& more) {
    total.households += more.households;
    total.people += more.people;
  }

  void CountMeasure(v1::MeasureType type, v1::MeasureStatus status, int64_t funds) {
    ++expected_.measures_by_status[status];
    if (status == v1::MEASURE_STATUS_CANCELLED) return;
    auto& [count, sum] = expected_.measures_by_type[type];
    ++count;
    sum += funds;
  }

  rrmon::testing::TempDir dir_;
  std::unique_ptr<SqliteDatabase> database_;
  std::unique_ptr<SqliteStatisticsRepository> repository_;
  std::unique_ptr<StatisticsFixture> fixture_;
  Expected expected_;
  std::vector<std::string> monitored_ids_;
  std::vector<std::string> monitored_create_days_;
  std::vector<int> monitored_sizes_;
  std::vector<std::pair<int, std::string>> monitored_measure_starts_;  // household index, day
};

TEST_F(SqliteStatisticsRepositoryTest, ReproducesTheReportFigures) {
  ASSERT_NO_FATAL_FAILURE(BuildSeed());
  auto statistics = Compute("6542");
  ASSERT_TRUE(statistics.ok()) << statistics.status();

  EXPECT_EQ(ValueOf(statistics->monitored()), (HouseholdCountValue{244, 748}));
  EXPECT_EQ(statistics->monitored_measures(), 1149);
  // 244 monitored, 10 registered (23 people), 4 under identification (8), 5 eliminated (15).
  EXPECT_EQ(ValueOf(statistics->registered()), (HouseholdCountValue{263, 794}));
  ASSERT_EQ(statistics->by_status_size(), 4);
  EXPECT_EQ(statistics->by_status(0).status(), v1::HOUSEHOLD_STATUS_REGISTERED);
  EXPECT_EQ(ValueOf(statistics->by_status(0).count()), (HouseholdCountValue{10, 23}));
  EXPECT_EQ(statistics->by_status(1).status(), v1::HOUSEHOLD_STATUS_UNDER_IDENTIFICATION);
  EXPECT_EQ(ValueOf(statistics->by_status(1).count()), (HouseholdCountValue{4, 8}));
  EXPECT_EQ(statistics->by_status(2).status(), v1::HOUSEHOLD_STATUS_MONITORED);
  EXPECT_EQ(ValueOf(statistics->by_status(2).count()), (HouseholdCountValue{244, 748}));
  EXPECT_EQ(statistics->by_status(3).status(), v1::HOUSEHOLD_STATUS_RISK_ELIMINATED);
  EXPECT_EQ(ValueOf(statistics->by_status(3).count()), (HouseholdCountValue{5, 15}));
}

// A database holding rows before the counts were maintained: the migration counts them.
TEST_F(SqliteStatisticsRepositoryTest, UpgradeCountsTheRowsAlreadyThere) {
  ASSERT_NO_FATAL_FAILURE(Open("version7.db", Migrations(7)));
  ASSERT_NO_FATAL_FAILURE(BuildSeed());
  ASSERT_NO_FATAL_FAILURE(Open("version7.db", Migrations()));
  ASSERT_GE(database_->schema_version(), 8);
  ASSERT_NO_FATAL_FAILURE(ExpectExactEverywhere());
  auto statistics = Compute("6542");
  ASSERT_TRUE(statistics.ok()) << statistics.status();
  EXPECT_EQ(ValueOf(statistics->monitored()), (HouseholdCountValue{244, 748}));
  EXPECT_EQ(statistics->monitored_measures(), 1149);
  EXPECT_EQ(ValueOf(statistics->registered()), (HouseholdCountValue{263, 794}));
}

// Counts kept by migration 8's triggers, then recounted under the flags of migration 9
// (set from the real clock, years after the seed's days, so the corrections of days and
// instants before it are the ones read).
TEST_F(SqliteStatisticsRepositoryTest, UpgradeFromCountsWithoutFlags) {
  ASSERT_NO_FATAL_FAILURE(Open("version8.db", Migrations(8)));
  ASSERT_NO_FATAL_FAILURE(BuildSeed());
  ASSERT_NO_FATAL_FAILURE(Open("version8.db", Migrations()));
  ASSERT_GE(database_->schema_version(), 9);
  EXPECT_EQ(MeasureFlagsOffFor(UtcDay(absl::Now())), 0);
  EXPECT_EQ(CaseFlagsOffFor(absl::Now() - absl::Minutes(1)), 0);
  ASSERT_NO_FATAL_FAILURE(ExpectExactEverywhere());
  auto statistics = Compute("6542");
  ASSERT_TRUE(statistics.ok()) << statistics.status();
  EXPECT_EQ(statistics->monitored_measures(), 1149);
  EXPECT_EQ(statistics->overdue_cases(), 3);
}

// However far the flags are from the day and instant asked for, behind or ahead, the
// figures are the recount's; advancing to an instant leaves no flag off for it.
TEST_F(SqliteStatisticsRepositoryTest, AdvancingTheCountsKeepsEveryFigureExact) {
  ASSERT_NO_FATAL_FAILURE(BuildSeed());
  // Rows written with the flags' defaults (started, not overdue): off for a day before
  // the measures start and for the instant the cases are overdue.
  ASSERT_GT(MeasureFlagsOffFor(absl::CivilDay(2021, 1, 1)), 0);
  ASSERT_GT(CaseFlagsOffFor(kNow), 0);
  ASSERT_NO_FATAL_FAILURE(ExpectExactEverywhere());
  for (const absl::Time instant : {kNow, Utc(2021, 1, 1), kNow - absl::Hours(48), Utc(2022, 6, 30),
                                   kNow + absl::Hours(24 * 400), kNow}) {
    ASSERT_TRUE(repository_->AdvanceCounts(instant).ok());
    EXPECT_EQ(MeasureFlagsOffFor(UtcDay(instant)), 0) << instant;
    EXPECT_EQ(CaseFlagsOffFor(instant), 0) << instant;
    ASSERT_NO_FATAL_FAILURE(ExpectExactEverywhere()) << instant;
  }
  // Caught up with kNow: the flags are off for an earlier day, and still exact there.
  EXPECT_GT(MeasureFlagsOffFor(absl::CivilDay(2022, 6, 30)), 0);
  auto statistics = Compute("6542");
  ASSERT_TRUE(statistics.ok()) << statistics.status();
  EXPECT_EQ(statistics->monitored_measures(), 1149);
  EXPECT_EQ(statistics->overdue_cases(), 3);
  // Nothing behind: no write.
  const int64_t commits = database_->write_counts().commits;
  ASSERT_TRUE(repository_->AdvanceCounts(kNow).ok());
  EXPECT_EQ(database_->write_counts().commits, commits);
}

TEST_F(SqliteStatisticsRepositoryTest, MonitoredByCategoryAndRiskTypeSumToTheTotal) {
  ASSERT_NO_FATAL_FAILURE(BuildSeed());
  auto statistics = Compute("6542");
  ASSERT_TRUE(statistics.ok()) << statistics.status();

  ASSERT_EQ(statistics->monitored_by_category_size(), 3);
  HouseholdCountValue sum;
  int previous = 0;
  for (const auto& row : statistics->monitored_by_category()) {
    EXPECT_GT(row.category(), previous) << "sorted by enum number";
    previous = row.category();
    EXPECT_EQ(ValueOf(row.count()), expected_.monitored_by_category[row.category()])
        << v1::MonitoringCategory_Name(row.category());
    Accumulate(sum, ValueOf(row.count()));
  }
  EXPECT_EQ(sum, (HouseholdCountValue{244, 748}));
  // 244 = 82 + 81 + 81 by construction.
  EXPECT_EQ(statistics->monitored_by_category(0).count().households(), 82);

  ASSERT_EQ(statistics->monitored_by_primary_risk_type_size(), 5);
  sum = {};
  previous = 0;
  for (const auto& row : statistics->monitored_by_primary_risk_type()) {
    EXPECT_GT(row.risk_type(), previous) << "sorted by enum number";
    previous = row.risk_type();
    EXPECT_EQ(ValueOf(row.count()), expected_.monitored_by_risk_type[row.risk_type()])
        << v1::RiskType_Name(row.risk_type());
    Accumulate(sum, ValueOf(row.count()));
  }
  EXPECT_EQ(sum, (HouseholdCountValue{244, 748}));
}

TEST_F(SqliteStatisticsRepositoryTest, MeasuresByTypeAndStatus) {
  ASSERT_NO_FATAL_FAILURE(BuildSeed());
  auto statistics = Compute("6542");
  ASSERT_TRUE(statistics.ok()) << statistics.status();

  // By type: cancelled ones left out; those of registered households included.
  ASSERT_EQ(statistics->measures_by_type_size(),
            static_cast<int>(expected_.measures_by_type.size()));
  int64_t measures = 0;
  int i = 0;
  for (const auto& [type, expected] : expected_.measures_by_type) {
    const auto& row = statistics->measures_by_type(i++);
    EXPECT_EQ(row.type(), type);
    EXPECT_EQ(row.measures(), expected.first) << v1::MeasureType_Name(type);
    EXPECT_EQ(row.funds_fen(), expected.second) << v1::MeasureType_Name(type);
    measures += row.measures();
  }
  EXPECT_EQ(measures, 1149 + 20);

  // By status: every status, cancelled included (13 of them).
  ASSERT_EQ(statistics->measures_by_status_size(), 4);
  i = 0;
  for (const auto& [status, expected] : expected_.measures_by_status) {
    const auto& row = statistics->measures_by_status(i++);
    EXPECT_EQ(row.status(), status);
    EXPECT_EQ(row.measures(), expected) << v1::MeasureStatus_Name(status);
  }
  EXPECT_EQ(statistics->measures_by_status(3).status(), v1::MEASURE_STATUS_CANCELLED);
  EXPECT_EQ(statistics->measures_by_status(3).measures(), 13);
}

TEST_F(SqliteStatisticsRepositoryTest, OpenCasesByStepWithOverdue) {
  ASSERT_NO_FATAL_FAILURE(BuildSeed());
  auto statistics = Compute("6542");
  ASSERT_TRUE(statistics.ok()) << statistics.status();

  std::vector<std::tuple<v1::CaseStep, int64_t, int64_t>> steps;
  for (const auto& row : statistics->open_cases_by_step()) {
    steps.emplace_back(row.step(), row.cases(), row.overdue());
  }
  // Due exactly now is still on time; no due time is never overdue. The deleted
  // household's case and the other prefecture's (whose row claims 6542) are not counted.
  EXPECT_THAT(steps, ElementsAre(std::tuple(v1::CASE_STEP_HOME_VERIFICATION, 1, 1),
                                 std::tuple(v1::CASE_STEP_DATA_MATCHING, 1, 0),
                                 std::tuple(v1::CASE_STEP_VILLAGE_REVIEW, 2, 1),
                                 std::tuple(v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW, 1, 1)));
  EXPECT_EQ(statistics->overdue_cases(), 3);

  // Two days earlier every due time was still ahead.
  auto earlier = repository_->Compute({"6542", kAsOf, kNowMicros - 2 * 86'400'000'000});
  ASSERT_TRUE(earlier.ok()) << earlier.status();
  EXPECT_EQ(earlier->overdue_cases(), 0);
}

TEST_F(SqliteStatisticsRepositoryTest, EliminationsOnOrBeforeTheDayAndInItsYear) {
  ASSERT_NO_FATAL_FAILURE(BuildSeed());
  auto statistics = Compute("6542");
  ASSERT_TRUE(statistics.ok()) << statistics.status();
  // 2022-06-30, 2022-11-01, 2021-08-15 and the household eliminated twice; not the one of
  // 2023, the rejected one, the approved identification or the other prefecture's.
  EXPECT_EQ(statistics->eliminations(), 4);
  EXPECT_EQ(statistics->eliminations_this_year(), 3);

  // At mid-year: the bounds are inclusive, and the twice-eliminated household counts for
  // 2021 only.
  auto midyear = Compute("6542", absl::CivilDay(2022, 6, 30));
  ASSERT_TRUE(midyear.ok()) << midyear.status();
  EXPECT_EQ(midyear->eliminations(), 3);
  EXPECT_EQ(midyear->eliminations_this_year(), 1);

  auto previous_year = Compute("6542", absl::CivilDay(2021, 12, 31));
  ASSERT_TRUE(previous_year.ok()) << previous_year.status();
  EXPECT_EQ(previous_year->eliminations(), 2);
  EXPECT_EQ(previous_year->eliminations_this_year(), 2);

  auto other = Compute("6540");
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(other->eliminations(), 1);
}

TEST_F(SqliteStatisticsRepositoryTest, EarlierDayCountsOnlyWhatExistedThen) {
  ASSERT_NO_FATAL_FAILURE(BuildSeed());
  const absl::CivilDay day(2022, 6, 30);
  const std::string as_of = FormatDate(day);
  HouseholdCountValue monitored;
  std::vector<bool> counted(monitored_create_days_.size());
  for (size_t i = 0; i < monitored_create_days_.size(); ++i) {
    counted[i] = monitored_create_days_[i].empty() || monitored_create_days_[i] <= as_of;
    if (counted[i]) Accumulate(monitored, {1, monitored_sizes_[i]});
  }
  int64_t measures = 0;
  for (const auto& [household, start] : monitored_measure_starts_) {
    if (counted[household] && start <= as_of) ++measures;
  }
  ASSERT_LT(monitored.households, 244);
  ASSERT_GT(monitored.households, 0);

  auto statistics = Compute("6542", day);
  ASSERT_TRUE(statistics.ok()) << statistics.status();
  EXPECT_EQ(ValueOf(statistics->monitored()), monitored);
  EXPECT_EQ(statistics->monitored_measures(), measures);
  // Under identification since October: not registered yet at mid-year.
  for (const auto& row : statistics->by_status()) {
    EXPECT_NE(row.status(), v1::HOUSEHOLD_STATUS_UNDER_IDENTIFICATION);
  }
}

TEST_F(SqliteStatisticsRepositoryTest, RegionPrefixNarrowsToACounty) {
  ASSERT_NO_FATAL_FAILURE(BuildSeed());
  auto emin = Compute("654221");
  auto tacheng = Compute("654201");
  ASSERT_TRUE(emin.ok()) << emin.status();
  ASSERT_TRUE(tacheng.ok()) << tacheng.status();

  EXPECT_EQ(ValueOf(emin->monitored()), expected_.monitored_by_county["654221"]);
  EXPECT_EQ(emin->monitored_measures(), expected_.monitored_measures_by_county["654221"]);
  EXPECT_EQ(ValueOf(tacheng->monitored()), expected_.monitored_by_county["654201"]);
  EXPECT_EQ(tacheng->monitored_measures(), expected_.monitored_measures_by_county["654201"]);
  // The two counties are the whole of the seed's prefecture.
  EXPECT_EQ(emin->monitored().households() + tacheng->monitored().households(), 244);
  EXPECT_EQ(emin->monitored().people() + tacheng->monitored().people(), 748);
  EXPECT_EQ(emin->monitored_measures() + tacheng->monitored_measures(), 1149);
  // Three of the four open identification cases are in 额敏县, and so is the elimination
  // under way (monitored household 5, first village).
  int64_t open_cases = 0;
  for (const auto& row : emin->open_cases_by_step()) open_cases += row.cases();
  EXPECT_EQ(open_cases, 4);
}

TEST_F(SqliteStatisticsRepositoryTest, VillageAndOtherPrefecture) {
  ASSERT_NO_FATAL_FAILURE(BuildSeed());
  // One village: every fifth monitored household.
  auto village = Compute(kVillages[4]);
  ASSERT_TRUE(village.ok()) << village.status();
  HouseholdCountValue expected;
  for (size_t i = 4; i < monitored_sizes_.size(); i += 5)
    Accumulate(expected, {1, monitored_sizes_[i]});
  EXPECT_EQ(ValueOf(village->monitored()), expected);

  // The other prefecture's measures count there, whatever region their rows carry; the
  // measure row of household 7 that claims 6540 does not.
  auto other = Compute("6540");
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(ValueOf(other->monitored()), (HouseholdCountValue{3, 6}));
  EXPECT_EQ(other->monitored_measures(), 15);
  ASSERT_EQ(other->open_cases_by_step_size(), 1);
  EXPECT_EQ(other->open_cases_by_step(0).step(), v1::CASE_STEP_TOWNSHIP_REVIEW);
  EXPECT_EQ(other->overdue_cases(), 1);
}

// One call gives a prefecture dashboard its counties: each area one level down carries
// the figures a call for that area alone gives, and the areas add up to the totals.
TEST_F(SqliteStatisticsRepositoryTest, AreasOneLevelDownMatchTheirOwnFiguresAndAddUp) {
  ASSERT_NO_FATAL_FAILURE(BuildSeed());
  for (const std::string& prefix :
       std::vector<std::string>{"6542", "654221", kVillages[0].substr(0, 9)}) {
    SCOPED_TRACE(prefix);
    auto whole = Compute(prefix);
    ASSERT_TRUE(whole.ok()) << whole.status();
    ASSERT_FALSE(whole->by_area().empty());
    const size_t digits = prefix.size() == 4 ? 6 : prefix.size() == 6 ? 9 : 12;
    HouseholdCountValue registered, monitored;
    int64_t measures = 0, open = 0, overdue = 0, eliminations = 0, this_year = 0;
    std::string previous;
    for (const v1::AreaStatistics& area : whole->by_area()) {
      SCOPED_TRACE(area.region_prefix());
      EXPECT_EQ(area.region_prefix().size(), digits);
      EXPECT_TRUE(area.region_prefix().starts_with(prefix));
      EXPECT_LT(previous, area.region_prefix()) << "sorted, each area once";
      previous = area.region_prefix();
      auto alone = Compute(area.region_prefix());
      ASSERT_TRUE(alone.ok()) << alone.status();
      EXPECT_EQ(ValueOf(area.registered()), ValueOf(alone->registered()));
      EXPECT_EQ(ValueOf(area.monitored()), ValueOf(alone->monitored()));
      ASSERT_EQ(area.monitored_by_category_size(), alone->monitored_by_category_size());
      for (int i = 0; i < area.monitored_by_category_size(); ++i) {
        EXPECT_EQ(area.monitored_by_category(i).category(),
                  alone->monitored_by_category(i).category());
        EXPECT_EQ(ValueOf(area.monitored_by_category(i).count()),
                  ValueOf(alone->monitored_by_category(i).count()));
      }
      EXPECT_EQ(area.monitored_measures(), alone->monitored_measures());
      int64_t alone_open = 0;
      for (const auto& row : alone->open_cases_by_step()) alone_open += row.cases();
      EXPECT_EQ(area.open_cases(), alone_open);
      EXPECT_EQ(area.overdue_cases(), alone->overdue_cases());
      EXPECT_EQ(area.eliminations(), alone->eliminations());
      EXPECT_EQ(area.eliminations_this_year(), alone->eliminations_this_year());
      Accumulate(registered, ValueOf(area.registered()));
      Accumulate(monitored, ValueOf(area.monitored()));
      measures += area.monitored_measures();
      open += area.open_cases();
      overdue += area.overdue_cases();
      eliminations += area.eliminations();
      this_year += area.eliminations_this_year();
    }
    EXPECT_EQ(registered, ValueOf(whole->registered()));
    EXPECT_EQ(monitored, ValueOf(whole->monitored()));
    EXPECT_EQ(measures, whole->monitored_measures());
    int64_t whole_open = 0;
    for (const auto& row : whole->open_cases_by_step()) whole_open += row.cases();
    EXPECT_EQ(open, whole_open);
    EXPECT_EQ(overdue, whole->overdue_cases());
    EXPECT_EQ(eliminations, whole->eliminations());
    EXPECT_EQ(this_year, whole->eliminations_this_year());
  }
  auto prefecture = Compute("6542");
  ASSERT_TRUE(prefecture.ok());
  std::vector<std::string> counties;
  for (const auto& area : prefecture->by_area()) counties.push_back(area.region_prefix());
  EXPECT_THAT(counties, ElementsAre("654201", "654221"));
  EXPECT_EQ(ValueOf(prefecture->by_area(1).monitored()), expected_.monitored_by_county["654221"]);

  // A village has no areas below it.
  auto village = Compute(kVillages[0]);
  ASSERT_TRUE(village.ok());
  EXPECT_THAT(village->by_area(), IsEmpty());
}

TEST_F(SqliteStatisticsRepositoryTest, EmptyRegionHasZerosAndNoRows) {
  ASSERT_NO_FATAL_FAILURE(BuildSeed());
  auto statistics = Compute("654226");
  ASSERT_TRUE(statistics.ok()) << statistics.status();
  EXPECT_EQ(ValueOf(statistics->registered()), (HouseholdCountValue{0, 0}));
  EXPECT_EQ(ValueOf(statistics->monitored()), (HouseholdCountValue{0, 0}));
  EXPECT_THAT(statistics->by_status(), IsEmpty());
  EXPECT_THAT(statistics->monitored_by_category(), IsEmpty());
  EXPECT_THAT(statistics->monitored_by_primary_risk_type(), IsEmpty());
  EXPECT_THAT(statistics->measures_by_type(), IsEmpty());
  EXPECT_THAT(statistics->measures_by_status(), IsEmpty());
  EXPECT_THAT(statistics->open_cases_by_step(), IsEmpty());
  EXPECT_EQ(statistics->monitored_measures(), 0);
  EXPECT_EQ(statistics->overdue_cases(), 0);
  EXPECT_EQ(statistics->eliminations(), 0);
  EXPECT_EQ(statistics->eliminations_this_year(), 0);
  // The caller fills these in.
  EXPECT_EQ(statistics->region_prefix(), "");
  EXPECT_FALSE(statistics->has_compute_time());
}

TEST_F(SqliteStatisticsRepositoryTest, EmptyPrefixIsRefused) {
  EXPECT_EQ(Compute("").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace rrmon::monitoring
