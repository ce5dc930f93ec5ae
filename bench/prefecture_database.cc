#include "bench/prefecture_database.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status/macros.h"
#include "common/storage/sqlite_bind.h"
#include "common/time/civil_date.h"
#include "common/time/timestamp.h"
#include "rrmon/monitoring/v1/assessment.pb.h"
#include "rrmon/monitoring/v1/household.pb.h"
#include "rrmon/monitoring/v1/measures.pb.h"
#include "rrmon/monitoring/v1/risk.pb.h"
#include "services/monitoring/storage/sqlite_household_repository.h"
#include "tests/support/id_numbers.h"

namespace rrmon::bench {
namespace {

namespace v1 = rrmon::monitoring::v1;

constexpr int kPeoplePerHousehold = 3;
// Enough for a province's database (~4 GB) while it is built.
constexpr int kLoadingCacheMib = 6 * 1024;
// Per 10,000 households.
constexpr int kMonitored = 2'000;
constexpr int kEliminated = 300;
constexpr int kUnderIdentification = 100;
constexpr int kDeleted = 50;
constexpr int kOpenEliminationCases = 150;
const char* const kEthnicities[] = {"哈萨克族", "汉族", "维吾尔族", "回族", "蒙古族"};
const char* const kUnits[] = {"县农业农村局", "县人社局", "县医保局", "县教育局", "乡人民政府"};

class Rows {
 public:
  explicit Rows(SqliteConnection& connection) : connection_(connection) {}

  template <typename... Args>
  absl::Status Insert(const char* sql, const Args&... args) {
    RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement, connection_.Prepare(sql));
    RRMON_RETURN_IF_ERROR(BindAll(*statement, args...));
    return statement->Run();
  }

 private:
  SqliteConnection& connection_;
};

struct Builder {
  std::mt19937_64 random{20261124};

  int Between(int low, int high) {  // both included
    return std::uniform_int_distribution<int>(low, high)(random);
  }
  std::string NewId() { return absl::StrFormat("%016x", random()); }
};

absl::Time Noon(absl::CivilDay day) {
  return absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(), 4, 0, 0),
                         absl::UTCTimeZone());
}

absl::StatusOr<int64_t> CountOf(SqliteConnection& connection, const std::string& sql) {
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement, connection.Prepare(sql));
  RRMON_ASSIGN_OR_RETURN(const bool row, statement->Step());
  if (!row) return absl::InternalError(absl::StrCat("no row: ", sql));
  return statement->ColumnInt64(0);
}

// A database built by an earlier run (RRMON_BENCH_REUSE_DB=1): migrated if the schema
// has moved on since, and described from its rows.
absl::Status ReadKeptDatabase(const SqliteOptions& options, PrefectureDatabase& db) {
  RRMON_ASSIGN_OR_RETURN(db.database,
                         SqliteDatabase::Open(options, monitoring::MonitoringSqliteMigrations()));
  auto lease = db.database->Acquire();
  const auto count = [&](const char* sql, int& into) -> absl::Status {
    RRMON_ASSIGN_OR_RETURN(const int64_t n, CountOf(*lease, sql));
    into = static_cast<int>(n);
    return absl::OkStatus();
  };
  RRMON_RETURN_IF_ERROR(count("SELECT COUNT(*) FROM households", db.households));
  RRMON_RETURN_IF_ERROR(count("SELECT COUNT(*) FROM household_members", db.people));
  RRMON_RETURN_IF_ERROR(count("SELECT COUNT(*) FROM measures", db.measures));
  RRMON_RETURN_IF_ERROR(count("SELECT COUNT(*) FROM cases", db.cases));
  RRMON_RETURN_IF_ERROR(count("SELECT COUNT(*) FROM income_records", db.income_records));
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * monitored,
                         lease->Prepare("SELECT h.id FROM households h JOIN guarantees g "
                                        "ON g.household_id = h.id WHERE h.status = ?1 "
                                        "AND h.deleted = 0 AND substr(h.region_code, 1, 6) = ?2 "
                                        "LIMIT 1"));
  RRMON_RETURN_IF_ERROR(
      BindAll(*monitored, static_cast<int>(v1::HOUSEHOLD_STATUS_MONITORED), db.county));
  RRMON_ASSIGN_OR_RETURN(const bool found, monitored->Step());
  if (found) db.monitored_household = monitored->ColumnText(0);
  return absl::OkStatus();
}

}  // namespace

RegistryShape PrefectureShape() {
  // 塔城市, 乌苏市, 额敏县, 沙湾县, 托里县, 裕民县, 和布克赛尔县.
  return {.counties = {"654201", "654202", "654221", "654223", "654224", "654225", "654226"},
          .townships_per_county = 5,
          .villages_per_township = 3,
          .households = 10'000};
}

RegistryShape ProvinceShape() {
  // Xinjiang's 14 prefectures, Tacheng with its real counties, the others with seven
  // counties numbered as a prefecture's are.
  RegistryShape shape = PrefectureShape();
  for (const char* prefecture : {"6501", "6502", "6504", "6505", "6523", "6527", "6528", "6529",
                                 "6530", "6531", "6532", "6540", "6543"}) {
    for (const char* county : {"01", "02", "21", "22", "23", "24", "25"}) {
      shape.counties.push_back(absl::StrCat(prefecture, county));
    }
  }
  shape.townships_per_county = 10;
  shape.villages_per_township = 10;
  shape.households = 1'000'000;
  return shape;
}

absl::StatusOr<std::unique_ptr<PrefectureDatabase>> BuildPrefectureDatabase(
    const std::string& name, const std::string& extra_sql, const RegistryShape& shape) {
  auto result = std::make_unique<PrefectureDatabase>();
  PrefectureDatabase& db = *result;
  bool reuse = false;
  if (const char* keep = std::getenv("RRMON_BENCH_DB_DIR"); keep != nullptr && *keep != '\0') {
    db.path = (std::filesystem::path(keep) / (name + ".db")).string();
    const char* reuse_kept = std::getenv("RRMON_BENCH_REUSE_DB");
    reuse = reuse_kept != nullptr && std::string_view(reuse_kept) == "1" &&
            std::filesystem::exists(db.path);
    for (const char* suffix : {"", "-wal", "-shm"}) {
      if (!reuse) std::filesystem::remove(db.path + suffix);
    }
  } else {
    db.dir = std::make_unique<testing::TempDir>();
    db.path = db.dir->File(name + ".db");
  }
  SqliteOptions options;
  options.path = db.path;
  // Rows go in through the triggers that keep the statistics, as the service writes them,
  // with a page cache that holds the database (a province's rows would otherwise be
  // read back from the OS for every row the triggers count). The bench then reopens it
  // with the service's defaults.
  SqliteOptions loading = options;
  loading.cache_mib = kLoadingCacheMib;
  RRMON_ASSIGN_OR_RETURN(db.database,
                         SqliteDatabase::Open(loading, monitoring::MonitoringSqliteMigrations()));
  db.as_of = absl::CivilDay(2026, 11, 24);
  db.now = absl::FromCivil(absl::CivilSecond(2026, 11, 24, 8, 0, 0), absl::UTCTimeZone());
  db.province = "65";
  db.prefecture = "6542";
  db.county = "654221";

  std::vector<std::string> villages;
  const int villages_per_county = shape.townships_per_county * shape.villages_per_township;
  for (const std::string& county : shape.counties) {
    for (int v = 0; v < villages_per_county; ++v) {
      // townships 100, 101, ..., their villages numbered on from 201
      villages.push_back(
          absl::StrFormat("%s%03d%03d", county, 100 + v / shape.villages_per_township, 201 + v));
    }
  }
  db.village = villages[2 * villages_per_county + 4];  // a village of 654221
  if (reuse) {
    RRMON_RETURN_IF_ERROR(ReadKeptDatabase(options, db));
    return result;
  }
  const int households = shape.households;
  const auto per_10k = [&](int count) {
    return static_cast<int>(int64_t{count} * households / 10'000);
  };

  Builder builder;
  // Households get their status in shuffled order so every village has some of each.
  std::vector<int> order(households);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), builder.random);
  std::vector<v1::HouseholdStatus> status_of(households, v1::HOUSEHOLD_STATUS_REGISTERED);
  std::vector<bool> deleted(households, false);
  {
    int next = 0;
    for (int i = 0; i < per_10k(kMonitored); ++i) {
      status_of[order[next++]] = v1::HOUSEHOLD_STATUS_MONITORED;
    }
    for (int i = 0; i < per_10k(kEliminated); ++i) {
      status_of[order[next++]] = v1::HOUSEHOLD_STATUS_RISK_ELIMINATED;
    }
    for (int i = 0; i < per_10k(kUnderIdentification); ++i) {
      status_of[order[next++]] = v1::HOUSEHOLD_STATUS_UNDER_IDENTIFICATION;
    }
    for (int i = 0; i < per_10k(kDeleted); ++i) deleted[order[next++]] = true;
  }

  {
    auto lease = db.database->Acquire();
    RRMON_ASSIGN_OR_RETURN(SqliteTransaction transaction, SqliteTransaction::Begin(*lease));
    Rows rows(*lease);
    const absl::CivilDay first_day(2021, 3, 1);
    const absl::CivilDay last_day(2026, 10, 31);
    const int days = static_cast<int>(last_day - first_day);
    // People numbered per county: (county, birth day, sequence) makes the ID number, which
    // must be unique.
    std::map<std::string, int> people_of_county;
    int open_elimination_cases = 0;

    for (int i = 0; i < households; ++i) {
      const std::string id = builder.NewId();
      const std::string& village = villages[i % villages.size()];
      const v1::HouseholdStatus status = status_of[i];
      const bool identified = status == v1::HOUSEHOLD_STATUS_MONITORED ||
                              status == v1::HOUSEHOLD_STATUS_RISK_ELIMINATED;
      // One in twenty was registered before creation days were recorded.
      const bool legacy = builder.Between(0, 19) == 0;
      const absl::CivilDay created = first_day + builder.Between(0, days - 400);
      const absl::CivilDay identified_on = created + builder.Between(30, 300);

      v1::Household household;
      household.set_name(absl::StrCat("households/", id));
      household.set_region_code(village);
      household.set_address(absl::StrCat("塔城地区", village, "村", builder.Between(1, 300), "号"));
      household.set_poverty_alleviated(builder.Between(0, 3) == 0);
      if (household.poverty_alleviated()) {
        household.set_poverty_alleviation_year(builder.Between(2016, 2020));
      }
      household.set_minimum_living_allowance(builder.Between(0, 9) == 0);
      household.set_status(status);
      household.set_household_size(kPeoplePerHousehold);
      household.set_etag(absl::StrCat(builder.Between(1, 6)));
      if (!legacy) *household.mutable_create_time() = ToTimestamp(Noon(created));
      *household.mutable_update_time() = ToTimestamp(Noon(identified_on));
      if (deleted[i]) *household.mutable_delete_time() = ToTimestamp(Noon(identified_on));
      if (identified) {
        household.set_category(static_cast<v1::MonitoringCategory>(builder.Between(1, 3)));
        household.set_identification_date(FormatDate(identified_on));
        const auto risk = static_cast<v1::RiskType>(builder.Between(1, 12));
        household.add_risk_types(risk);
        if (builder.Between(0, 2) == 0) {
          household.add_risk_types(static_cast<v1::RiskType>(builder.Between(1, 12)));
        }
        household.set_primary_risk_type(risk);
      }
      // Approved on a day that has happened: an elimination closed after the counted day
      // is what a past day's query corrects for, not what today's holds.
      const absl::CivilDay eliminated_on =
          std::min(identified_on + builder.Between(180, 360), db.as_of);
      if (status == v1::HOUSEHOLD_STATUS_RISK_ELIMINATED) {
        household.set_risk_elimination_date(FormatDate(eliminated_on));
      }
      const std::string record = household.SerializeAsString();
      RRMON_RETURN_IF_ERROR(
          rows.Insert("INSERT INTO households (id, region_code, county_code, category, status, "
                      "household_size, revision, deleted, record, primary_risk_type, create_day) "
                      "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                      id, village, village.substr(0, 6), static_cast<int>(household.category()),
                      static_cast<int>(status), kPeoplePerHousehold, 1, deleted[i], SqlBlob{record},
                      static_cast<int>(household.primary_risk_type()),
                      legacy ? std::string() : FormatDate(created)));

      for (int m = 0; m < kPeoplePerHousehold; ++m) {
        const int person = people_of_county[village.substr(0, 6)]++;
        v1::HouseholdMember member;
        const std::string member_id = builder.NewId();
        member.set_name(absl::StrCat(household.name(), "/members/", member_id));
        member.set_full_name(m == 0 ? "阿依古丽·买买提" : "叶尔兰·努尔兰");
        // (birth day, sequence) is unique per person: ID numbers are a unique index.
        const absl::CivilDay birth = absl::CivilDay(1950, 1, 1) + (person / 1000) * 397;
        member.set_id_number(testing::MakeIdNumber(
            village.substr(0, 6),
            absl::StrFormat("%04d%02d%02d", birth.year(), birth.month(), birth.day()),
            person % 1000));
        member.set_relation_to_head(m == 0 ? v1::RELATION_HEAD
                                           : (m == 1 ? v1::RELATION_SPOUSE : v1::RELATION_CHILD));
        member.set_ethnicity(kEthnicities[builder.Between(0, 4)]);
        member.set_sex(m == 1 ? v1::SEX_FEMALE : v1::SEX_MALE);
        member.set_birth_date(FormatDate(birth));
        member.set_health(static_cast<v1::HealthStatus>(builder.Between(1, 3)));
        member.set_labour_capacity(static_cast<v1::LabourCapacity>(builder.Between(1, 3)));
        member.set_etag("1");
        const std::string member_record = member.SerializeAsString();
        RRMON_RETURN_IF_ERROR(rows.Insert(
            "INSERT INTO household_members (household_id, member_id, position, id_number, "
            "active, record) VALUES (?,?,?,?,?,?)",
            id, member_id, m, member.id_number(), !deleted[i], SqlBlob{member_record}));
      }
      ++db.households;
      db.people += kPeoplePerHousehold;

      if (identified) {
        // 一户一策: 12 to 23 measures, ~17.5 on average.
        const int measures = builder.Between(12, 23);
        for (int k = 0; k < measures; ++k) {
          const std::string measure_id = builder.NewId();
          const absl::CivilDay start = identified_on + builder.Between(0, 400);
          v1::AssistanceMeasure measure;
          measure.set_name(absl::StrCat(household.name(), "/measures/", measure_id));
          measure.set_type(static_cast<v1::MeasureType>(builder.Between(1, 12)));
          measure.set_description("发放基础母牛2头，技术员跟踪指导饲养");
          measure.set_responsible_unit(kUnits[builder.Between(0, 4)]);
          measure.set_responsible_person("吐尔逊·艾力");
          measure.set_funds_fen(int64_t{100} * builder.Between(0, 30'000));
          measure.set_start_date(FormatDate(start));
          measure.set_end_date(FormatDate(start + 365));
          measure.set_status(status == v1::HOUSEHOLD_STATUS_RISK_ELIMINATED
                                 ? v1::MEASURE_STATUS_DONE
                                 : static_cast<v1::MeasureStatus>(builder.Between(1, 4)));
          measure.set_etag("2");
          *measure.mutable_create_time() = ToTimestamp(Noon(identified_on));
          *measure.mutable_update_time() = ToTimestamp(Noon(start));
          const std::string measure_record = measure.SerializeAsString();
          RRMON_RETURN_IF_ERROR(rows.Insert(
              "INSERT INTO measures (household_id, measure_id, region_code, sort_key, type, "
              "status, funds_fen, start_date, revision, record) VALUES (?,?,?,?,?,?,?,?,?,?)",
              id, measure_id, village, absl::StrCat(village, "/", id, "/", measure_id),
              static_cast<int>(measure.type()), static_cast<int>(measure.status()),
              measure.funds_fen(), measure.start_date(), 2, SqlBlob{measure_record}));
          ++db.measures;
        }
      }

      // Cases: the open identification case of a household under identification, an open
      // elimination case of some monitored ones, and the two approved cases (identification,
      // then elimination) of every eliminated household.
      auto add_case = [&](v1::CaseKind kind, v1::CaseStep step, std::optional<int64_t> due_micros,
                          const std::string& close_day) -> absl::Status {
        const std::string case_id = builder.NewId();
        v1::Case record;
        record.set_name(absl::StrCat(household.name(), "/cases/", case_id));
        record.set_kind(kind);
        record.set_step(step);
        const std::string blob = record.SerializeAsString();
        const bool open = step != v1::CASE_STEP_APPROVED && step != v1::CASE_STEP_REJECTED;
        ++db.cases;
        return rows.Insert(
            "INSERT INTO cases (household_id, case_id, region_code, sort_key, kind, step, open, "
            "due_micros, prior_status, revision, record, close_day) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            id, case_id, village, absl::StrCat(village, "/", id, "/", case_id),
            static_cast<int>(kind), static_cast<int>(step), open, due_micros,
            static_cast<int>(v1::HOUSEHOLD_STATUS_REGISTERED), 3, SqlBlob{blob}, close_day);
      };
      // Due between 20 days ago and 10 days ahead: about two thirds overdue.
      auto due = [&] {
        const absl::Time at = db.now + absl::Hours(builder.Between(-480, 240));
        return std::optional<int64_t>(absl::ToUnixMicros(at));
      };
      if (status == v1::HOUSEHOLD_STATUS_UNDER_IDENTIFICATION) {
        RRMON_RETURN_IF_ERROR(add_case(v1::CASE_KIND_IDENTIFICATION,
                                       static_cast<v1::CaseStep>(builder.Between(1, 5)), due(),
                                       ""));
      } else if (status == v1::HOUSEHOLD_STATUS_MONITORED &&
                 open_elimination_cases < per_10k(kOpenEliminationCases) &&
                 builder.Between(0, 9) == 0) {
        ++open_elimination_cases;
        RRMON_RETURN_IF_ERROR(add_case(v1::CASE_KIND_ELIMINATION,
                                       static_cast<v1::CaseStep>(builder.Between(6, 9)), due(),
                                       ""));
      } else if (status == v1::HOUSEHOLD_STATUS_RISK_ELIMINATED) {
        RRMON_RETURN_IF_ERROR(add_case(v1::CASE_KIND_IDENTIFICATION, v1::CASE_STEP_APPROVED,
                                       std::nullopt, FormatDate(identified_on)));
        RRMON_RETURN_IF_ERROR(add_case(v1::CASE_KIND_ELIMINATION, v1::CASE_STEP_APPROVED,
                                       std::nullopt, FormatDate(eliminated_on)));
      }

      if (status == v1::HOUSEHOLD_STATUS_MONITORED) {
        // The 12 months before as_of's month, and the guarantees.
        for (absl::CivilMonth month(2025, 11); month <= absl::CivilMonth(2026, 10); ++month) {
          const std::string text = absl::StrFormat("%04d-%02d", month.year(), month.month());
          v1::IncomeRecord income;
          income.set_name(absl::StrCat(household.name(), "/incomeRecords/", text));
          income.set_month(text);
          income.set_wage_income_fen(int64_t{100} * builder.Between(0, 2'500));
          income.set_operating_income_fen(int64_t{100} * builder.Between(0, 1'200));
          income.set_property_income_fen(int64_t{100} * builder.Between(0, 50));
          income.set_transfer_income_fen(int64_t{100} * builder.Between(100, 600));
          income.set_operating_expenses_fen(int64_t{100} * builder.Between(0, 400));
          income.set_unavoidable_spending_fen(int64_t{100} * builder.Between(0, 300));
          income.set_etag("1");
          const std::string blob = income.SerializeAsString();
          RRMON_RETURN_IF_ERROR(
              rows.Insert("INSERT INTO income_records (household_id, month, revision, record) "
                          "VALUES (?,?,?,?)",
                          id, text, 1, SqlBlob{blob}));
          ++db.income_records;
        }
        v1::Guarantees guarantees;
        guarantees.set_name(absl::StrCat(household.name(), "/guarantees"));
        for (auto* check :
             {guarantees.mutable_food(), guarantees.mutable_clothing(),
              guarantees.mutable_compulsory_schooling(), guarantees.mutable_basic_medical(),
              guarantees.mutable_drinking_water()}) {
          check->set_holds(true);
        }
        guarantees.set_housing_grade(v1::HOUSING_SAFETY_GRADE_B);
        guarantees.set_checked_date("2026-06-15");
        guarantees.set_etag("1");
        const std::string blob = guarantees.SerializeAsString();
        RRMON_RETURN_IF_ERROR(
            rows.Insert("INSERT INTO guarantees (household_id, revision, record) VALUES (?,?,?)",
                        id, 1, SqlBlob{blob}));
        if (db.monitored_household.empty() && village.substr(0, 6) == db.county) {
          db.monitored_household = id;
        }
      }
    }
    RRMON_RETURN_IF_ERROR(transaction.Commit());
  }
  db.database.reset();
  RRMON_ASSIGN_OR_RETURN(db.database,
                         SqliteDatabase::Open(options, monitoring::MonitoringSqliteMigrations()));
  auto lease = db.database->Acquire();
  if (!extra_sql.empty()) {
    RRMON_RETURN_IF_ERROR(lease->Execute(extra_sql));
  }
  // A checkpoint, so reads find the rows in the database file rather than in the WAL.
  RRMON_RETURN_IF_ERROR(lease->Execute("PRAGMA wal_checkpoint(TRUNCATE)"));
  return result;
}

}  // namespace rrmon::bench
