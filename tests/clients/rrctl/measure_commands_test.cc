#include "clients/rrctl/measure_commands.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_split.h"

namespace rrmon::rrctl {
namespace {

namespace monitoring = rrmon::monitoring::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> Lines(const std::string& text) { return absl::StrSplit(text, '\n'); }

std::vector<std::string> MaskOf(const UpdateMeasureFlags& flags) {
  auto request = BuildUpdateAssistanceMeasureRequest(flags);
  EXPECT_TRUE(request.ok()) << request.status();
  if (!request.ok()) return {};
  return {request->update_mask().paths().begin(), request->update_mask().paths().end()};
}

UpdateMeasureFlags Update() {
  UpdateMeasureFlags flags;
  flags.name = "h1/measures/m1";
  flags.etag = "4";
  return flags;
}

TEST(UpdateMeasureRequestTest, TheMaskIsExactlyTheFlagsGivenInProtoOrder) {
  UpdateMeasureFlags status = Update();
  status.status = "in-effect";
  EXPECT_THAT(MaskOf(status), ElementsAre("status"));

  UpdateMeasureFlags all = Update();
  // Given in another order than the proto's; the mask follows the proto.
  all.status = "done";
  all.end_date = "2026-12-31";
  all.funds = "1500.5";
  all.description = "庭院种植: 蔬菜大棚一座";
  all.type = "industry";
  all.unit = "阿西尔乡农业站";
  all.person = "王小明";
  all.start_date = "2026-03-01";
  all.reason = "验收完成";
  EXPECT_THAT(MaskOf(all),
              ElementsAre("type", "description", "responsible_unit", "responsible_person",
                          "funds_fen", "start_date", "end_date", "status"));
  auto request = BuildUpdateAssistanceMeasureRequest(all);
  ASSERT_TRUE(request.ok()) << request.status();
  const monitoring::AssistanceMeasure& measure = request->measure();
  EXPECT_EQ(measure.name(), "households/h1/measures/m1");
  EXPECT_EQ(measure.etag(), "4");
  EXPECT_EQ(measure.type(), monitoring::MEASURE_TYPE_INDUSTRY);
  EXPECT_EQ(measure.funds_fen(), 150050);
  EXPECT_EQ(measure.status(), monitoring::MEASURE_STATUS_DONE);
  EXPECT_EQ(measure.end_date(), "2026-12-31");
  EXPECT_EQ(request->reason(), "验收完成");

  // An empty --end makes the measure open-ended: it is in the mask, with no date.
  UpdateMeasureFlags open_ended = Update();
  open_ended.end_date = "";
  open_ended.funds = "0";
  EXPECT_THAT(MaskOf(open_ended), ElementsAre("funds_fen", "end_date"));
  EXPECT_EQ(BuildUpdateAssistanceMeasureRequest(open_ended)->measure().end_date(), "");
}

TEST(UpdateMeasureRequestTest, NothingToUpdateNoEtagOrBadValuesAreUsageErrors) {
  auto message = [](const UpdateMeasureFlags& flags) {
    auto request = BuildUpdateAssistanceMeasureRequest(flags);
    EXPECT_FALSE(request.ok());
    return std::string(request.status().message());
  };
  EXPECT_THAT(message(Update()), HasSubstr("nothing to update"));
  UpdateMeasureFlags no_etag = Update();
  no_etag.etag = " ";
  no_etag.status = "done";
  EXPECT_THAT(message(no_etag), HasSubstr("--etag is required"));
  UpdateMeasureFlags funds = Update();
  funds.funds = "12.345";
  EXPECT_THAT(message(funds), HasSubstr("--funds: \"12.345\" has more than two decimals"));
  UpdateMeasureFlags status = Update();
  status.status = "finished";
  EXPECT_THAT(message(status), HasSubstr("allowed: planned, in_effect, done, cancelled"));
  UpdateMeasureFlags name = Update();
  name.name = "h1";
  name.status = "done";
  EXPECT_THAT(message(name), HasSubstr("households/ID/measures/ID"));
}

TEST(CreateMeasureRequestTest, FromFlags) {
  AddMeasureFlags flags;
  flags.household = "h1";
  flags.type = "social-assistance";
  flags.description = "纳入低保";
  flags.unit = "民政所";
  flags.person = "李四";
  flags.funds = "4800";
  flags.start_date = "2026-11-01";
  auto request = BuildCreateAssistanceMeasureRequest(flags);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->parent(), "households/h1");
  EXPECT_EQ(request->measure().type(), monitoring::MEASURE_TYPE_SOCIAL_ASSISTANCE);
  EXPECT_EQ(request->measure().funds_fen(), 480000);
  EXPECT_EQ(request->measure().start_date(), "2026-11-01");
  EXPECT_EQ(request->measure().end_date(), "");
  EXPECT_EQ(request->measure().status(), monitoring::MEASURE_STATUS_UNSPECIFIED);
  EXPECT_EQ(request->request_id().size(), 36u);

  flags.status = "in-effect";
  EXPECT_EQ(BuildCreateAssistanceMeasureRequest(flags)->measure().status(),
            monitoring::MEASURE_STATUS_IN_EFFECT);
  flags.funds = "-1";
  EXPECT_THAT(std::string(BuildCreateAssistanceMeasureRequest(flags).status().message()),
              HasSubstr("must not be negative"));
  flags.funds = "1";
  flags.end_date = "31.12.2026";
  EXPECT_THAT(std::string(BuildCreateAssistanceMeasureRequest(flags).status().message()),
              HasSubstr("--end"));
}

TEST(ListMeasuresRequestTest, FiltersAndRegion) {
  ListMeasuresFlags flags;
  flags.list.region = "654201001";
  flags.type = "employment";
  flags.status = "planned";
  auto request = BuildListAssistanceMeasuresRequest(flags);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->parent(), "households/-");
  EXPECT_EQ(request->region_prefix(), "654201001");
  EXPECT_EQ(request->type(), monitoring::MEASURE_TYPE_EMPLOYMENT);
  EXPECT_EQ(request->status(), monitoring::MEASURE_STATUS_PLANNED);
  flags.list.page_size = -1;
  EXPECT_FALSE(BuildListAssistanceMeasuresRequest(flags).ok());
}

TEST(MeasureOutputTest, FundsInYuanAndWarnings) {
  monitoring::AssistanceMeasure measure;
  measure.set_name("households/h1/measures/m1");
  measure.set_type(monitoring::MEASURE_TYPE_PUBLIC_WELFARE_JOB);
  measure.set_description("护林员");
  measure.set_responsible_unit("林业站");
  measure.set_responsible_person("王小明");
  measure.set_funds_fen(600050);
  measure.set_start_date("2026-01-01");
  measure.set_status(monitoring::MEASURE_STATUS_IN_EFFECT);
  measure.set_etag("2");
  EXPECT_THAT(FormatMeasure(measure), HasSubstr("funds (yuan):        6000.50\n"));
  EXPECT_THAT(FormatMeasure(measure), HasSubstr("end:                 - (open-ended)\n"));
  EXPECT_THAT(FormatMeasure(measure), HasSubstr("status:              in_effect\n"));

  monitoring::ListAssistanceMeasuresResponse list;
  *list.add_measures() = measure;
  EXPECT_THAT(Lines(FormatMeasureList(list)),
              ElementsAre("MEASURE                    TYPE                STATUS     FUNDS (YUAN)  "
                          "START       END  PERSON  DESCRIPTION",
                          "households/h1/measures/m1  public_welfare_job  in_effect       6000.50  "
                          "2026-01-01  -    王小明  护林员",
                          ""));

  google::protobuf::RepeatedPtrField<std::string> warnings;
  EXPECT_EQ(FormatPlanWarnings(warnings), "");
  *warnings.Add() = "no one can work and there is no social assistance";
  *warnings.Add() = "second";
  EXPECT_EQ(FormatPlanWarnings(warnings),
            "warning: no one can work and there is no social assistance\nwarning: second\n");
}

}  // namespace
}  // namespace rrmon::rrctl
