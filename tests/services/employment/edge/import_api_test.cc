// ImportLabour over real gRPC, SQLite and Redis with a real monitoring server: valid rows
// stored and bad ones reported with line and field, nothing half-written, a re-upload
// storing nothing twice, a validating upload storing nothing.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/services/employment/employment_test_env.h"
#include "tests/support/id_numbers.h"

namespace rrmon::employment::testing {
namespace {

using ::testing::ElementsAre;

constexpr char kVillage[] = "654201001001";

struct Upload {
  grpc::Status status;
  v1::ImportLabourResponse response;
};

class ImportApiTest : public ::testing::Test {
 protected:
  void SetUp() override { env_ = EmploymentTestEnv::Start(); }

  Upload Send(const std::vector<v1::ImportLabourRequest>& messages,
              Role role = Role::ROLE_TOWNSHIP_OFFICER) {
    Upload upload;
    auto context = env_->Context(role, "654201");
    std::unique_ptr<grpc::ClientWriter<v1::ImportLabourRequest>> writer =
        env_->stub().ImportLabour(context.get(), &upload.response);
    for (const auto& message : messages) {
      if (!writer->Write(message)) break;
    }
    writer->WritesDone();
    upload.status = writer->Finish();
    return upload;
  }

  static v1::ImportRow LabourerRow(const std::string& row_id, int64_t line,
                                   const std::string& id_number) {
    v1::ImportRow row;
    row.set_row_id(row_id);
    row.set_line(line);
    *row.mutable_labourer() = SampleLabourer(id_number, kVillage);
    return row;
  }

  static v1::ImportRow SpellRow(const std::string& row_id, int64_t line,
                                const std::string& id_number, const std::string& start,
                                const std::string& end = "") {
    v1::ImportRow row;
    row.set_row_id(row_id);
    row.set_line(line);
    row.mutable_spell()->set_labourer_id_number(id_number);
    *row.mutable_spell()->mutable_spell() = SampleSpell(start, end);
    if (!end.empty()) row.mutable_spell()->mutable_spell()->set_end_reason("合同到期");
    return row;
  }

  static v1::ImportRow BusinessRow(const std::string& row_id, int64_t line,
                                   const std::string& id_number, int32_t employees) {
    v1::ImportRow row;
    row.set_row_id(row_id);
    row.set_line(line);
    row.mutable_business()->set_labourer_id_number(id_number);
    v1::Business& business = *row.mutable_business()->mutable_business();
    business.set_display_name("馕坑");
    business.set_sector("餐饮");
    business.set_start_date("2026-03-01");
    business.set_employees(employees);
    return row;
  }

  // An upload of a 脱贫户 member and another labourer with spells and a business, and
  // five bad rows (lines 6 to 10).
  std::vector<v1::ImportLabourRequest> Mixed() {
    const std::string alleviated = env_->RegisterHousehold(401).members(0).id_number();
    const std::string other = rrmon::testing::MakeIdNumber("654201", "19940909", 88);
    v1::ImportLabourRequest first;
    *first.add_rows() = LabourerRow("u1-1", 1, alleviated);
    *first.add_rows() = LabourerRow("u1-2", 2, other);
    *first.add_rows() = SpellRow("u1-3", 3, alleviated, "2026-01-05");
    *first.add_rows() = SpellRow("u1-4", 4, other, "2026-02-01", "2026-04-30");
    *first.add_rows() = BusinessRow("u1-5", 5, other, 2);
    v1::ImportLabourRequest second;
    // 6: overlaps line 3's ongoing main job.
    *second.add_rows() = SpellRow("u1-6", 6, alleviated, "2026-03-01");
    // 7: nobody with this ID number.
    *second.add_rows() =
        SpellRow("u1-7", 7, rrmon::testing::MakeIdNumber("654201", "19950101", 99), "2026-03-01");
    // 8: bad fields.
    v1::ImportRow bad = SpellRow("u1-8", 8, other, "2026-05-01");
    bad.mutable_spell()->mutable_spell()->set_monthly_income_fen(-1);
    bad.mutable_spell()->mutable_spell()->clear_form();
    *second.add_rows() = bad;
    // 9: no record at all; 10: an ID number with a wrong check character.
    v1::ImportRow empty;
    empty.set_row_id("u1-9");
    empty.set_line(9);
    *second.add_rows() = empty;
    v1::ImportRow wrong = LabourerRow("u1-10", 10, other);
    wrong.mutable_labourer()->set_id_number(other.substr(0, 17) + (other[17] == '1' ? "2" : "1"));
    *second.add_rows() = wrong;
    return {first, second};
  }

  int ListedSpells() {
    v1::ListJobSpellsRequest request;
    request.set_parent("labourers/-");
    request.set_region_prefix("654201");
    v1::ListJobSpellsResponse response;
    EXPECT_TRUE(env_->stub()
                    .ListJobSpells(env_->Context(Role::ROLE_COUNTY_OFFICER, "6542").get(), request,
                                   &response)
                    .ok());
    return response.spells_size();
  }

  std::unique_ptr<EmploymentTestEnv> env_;
};

TEST_F(ImportApiTest, ValidRowsAreStoredAndBadOnesReportedWithLineAndField) {
  const Upload upload = Send(Mixed());
  ASSERT_TRUE(upload.status.ok()) << upload.status.error_message();
  EXPECT_EQ(upload.response.rows(), 10);
  EXPECT_EQ(upload.response.stored(), 5);
  EXPECT_EQ(upload.response.invalid(), 3);
  EXPECT_EQ(upload.response.rejected(), 2);
  std::vector<int64_t> lines;
  for (const auto& result : upload.response.results()) lines.push_back(result.line());
  EXPECT_THAT(lines, ElementsAre(6, 7, 8, 9, 10));
  const auto& results = upload.response.results();
  EXPECT_EQ(results[0].reason(), "SPELL_OVERLAP");
  EXPECT_EQ(results[1].reason(), "LABOURER_NOT_FOUND");
  EXPECT_EQ(results[2].outcome(), v1::IMPORT_ROW_OUTCOME_INVALID);
  std::vector<std::string> fields;
  for (const auto& violation : results[2].violations()) fields.push_back(violation.field());
  EXPECT_THAT(fields, ElementsAre("spell.spell.form", "spell.spell.monthly_income_fen"));
  EXPECT_EQ(results[3].violations(0).field(), "record");
  EXPECT_EQ(results[4].violations(0).field(), "labourer.id_number");

  // What was stored is what the single calls would have stored.
  EXPECT_EQ(ListedSpells(), 2);
  v1::GetEmploymentProgressRequest request;
  request.set_region_prefix("654201");
  request.set_year(2026);
  v1::EmploymentProgress progress;
  ASSERT_TRUE(env_->stub()
                  .GetEmploymentProgress(env_->Context(Role::ROLE_COUNTY_OFFICER, "6542").get(),
                                         request, &progress)
                  .ok());
  EXPECT_EQ(progress.figures().poverty_alleviated_employed(), 1);  // linked through monitoring
  EXPECT_EQ(progress.figures().rural_labour_employed(), 2);
  EXPECT_EQ(progress.figures().business_jobs(), 2);
}

TEST_F(ImportApiTest, AReUploadStoresNothingTwice) {
  const std::vector<v1::ImportLabourRequest> messages = Mixed();
  ASSERT_TRUE(Send(messages).status.ok());
  // The same upload again, its lines moved (a row above was added in the file).
  std::vector<v1::ImportLabourRequest> again = messages;
  for (auto& message : again) {
    for (auto& row : *message.mutable_rows()) row.set_line(row.line() + 1);
  }
  const Upload second = Send(again);
  ASSERT_TRUE(second.status.ok()) << second.status.error_message();
  EXPECT_EQ(second.response.stored(), 0);
  EXPECT_EQ(second.response.already_imported(), 5);
  EXPECT_EQ(second.response.results(0).outcome(), v1::IMPORT_ROW_OUTCOME_ALREADY_IMPORTED);
  EXPECT_EQ(second.response.results(0).line(), 2);
  EXPECT_FALSE(second.response.results(0).name().empty());
  EXPECT_EQ(ListedSpells(), 2);

  // A row id used again for something else is refused.
  v1::ImportLabourRequest reused;
  *reused.add_rows() =
      SpellRow("u1-4", 1, rrmon::testing::MakeIdNumber("654201", "19940909", 88), "2026-06-01");
  const Upload clash = Send({reused});
  ASSERT_TRUE(clash.status.ok());
  EXPECT_EQ(clash.response.results(0).reason(), "ROW_ID_REUSED");
  EXPECT_EQ(ListedSpells(), 2);
}

TEST_F(ImportApiTest, AValidatingUploadChecksEverythingAndStoresNothing) {
  std::vector<v1::ImportLabourRequest> messages = Mixed();
  for (auto& message : messages) message.set_validate_only(true);
  const Upload upload = Send(messages);
  ASSERT_TRUE(upload.status.ok()) << upload.status.error_message();
  // The same verdicts as the real upload: the spells see the labourers above them, and
  // line 6 overlaps line 3.
  EXPECT_EQ(upload.response.stored(), 5);
  EXPECT_EQ(upload.response.invalid(), 3);
  EXPECT_EQ(upload.response.rejected(), 2);
  EXPECT_EQ(upload.response.results(0).reason(), "SPELL_OVERLAP");
  EXPECT_EQ(ListedSpells(), 0);
  v1::ListLabourersRequest list;
  v1::ListLabourersResponse labourers;
  ASSERT_TRUE(
      env_->stub()
          .ListLabourers(env_->Context(Role::ROLE_COUNTY_OFFICER, "6542").get(), list, &labourers)
          .ok());
  EXPECT_TRUE(labourers.labourers().empty());
  // The real upload afterwards stores the rows.
  for (auto& message : messages) message.set_validate_only(false);
  EXPECT_EQ(Send(messages).response.stored(), 5);
}

TEST_F(ImportApiTest, AStreamThatBreaksTheRulesFailsWhole) {
  v1::ImportLabourRequest big;
  for (int i = 0; i < 1001; ++i) {
    *big.add_rows() = LabourerRow(absl::StrCat("b", i), i + 1,
                                  rrmon::testing::MakeIdNumber("654201", "19900101", i));
  }
  EXPECT_EQ(Send({big}).status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::ImportLabourRequest validating;
  validating.set_validate_only(true);
  v1::ImportLabourRequest storing;
  EXPECT_EQ(Send({validating, storing}).status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Send({storing}, Role::ROLE_ANALYST).status.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ListedSpells(), 0);
  // An empty upload is an empty answer.
  const Upload empty = Send({});
  EXPECT_TRUE(empty.status.ok());
  EXPECT_EQ(empty.response.rows(), 0);
}

}  // namespace
}  // namespace rrmon::employment::testing
