#include "clients/rrctl/case_commands.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "rrmon/common/v1/common.pb.h"

namespace rrmon::rrctl {
namespace {

namespace monitoring = rrmon::monitoring::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

std::vector<std::string> Lines(const std::string& text) { return absl::StrSplit(text, '\n'); }

google::protobuf::Timestamp At(int year, int month, int day, int hour, int minute) {
  const absl::Time time =
      absl::FromCivil(absl::CivilMinute(year, month, day, hour, minute), absl::UTCTimeZone());
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(absl::ToUnixSeconds(time));
  return timestamp;
}

monitoring::StepRecord* AddRecord(monitoring::Case& c, monitoring::CaseStep step,
                                  monitoring::StepOutcome outcome, const std::string& actor,
                                  rrmon::common::v1::Role role,
                                  const google::protobuf::Timestamp& time) {
  monitoring::StepRecord* record = c.add_history();
  record->set_step(step);
  record->set_outcome(outcome);
  record->set_actor(actor);
  record->set_actor_role(role);
  *record->mutable_time() = time;
  return record;
}

monitoring::Determination Unstable() {
  monitoring::Determination determination;
  determination.set_category(monitoring::MONITORING_CATEGORY_UNSTABLE_ALLEVIATED);
  determination.add_risk_types(monitoring::RISK_TYPE_ILLNESS);
  determination.add_risk_types(monitoring::RISK_TYPE_DISABILITY);
  determination.set_primary_risk_type(monitoring::RISK_TYPE_ILLNESS);
  return determination;
}

// An identification at township review, overdue, after a return from the village.
monitoring::Case SampleCase() {
  using rrmon::common::v1::ROLE_TOWNSHIP_OFFICER;
  using rrmon::common::v1::ROLE_VILLAGE_CADRE;
  monitoring::Case c;
  c.set_name("households/h1/cases/c1");
  c.set_kind(monitoring::CASE_KIND_IDENTIFICATION);
  c.set_step(monitoring::CASE_STEP_TOWNSHIP_REVIEW);
  c.add_risk_signals("households/h1/riskSignals/medical-1");
  c.add_risk_signals("households/h1/riskSignals/visit-7");
  *c.mutable_determination() = Unstable();
  *c.mutable_open_time() = At(2026, 11, 25, 8, 30);
  *c.mutable_step_start_time() = At(2026, 12, 3, 12, 0);
  *c.mutable_step_due_time() = At(2026, 12, 6, 12, 0);
  c.set_overdue(true);
  c.set_etag("6");

  auto* home =
      AddRecord(c, monitoring::CASE_STEP_HOME_VERIFICATION, monitoring::STEP_OUTCOME_COMPLETED,
                "tc-0042", ROLE_VILLAGE_CADRE, At(2026, 11, 25, 8, 30))
          ->mutable_home_verification();
  home->set_authorization_signed(true);
  home->set_authorization_reference("额敏县档案 2026-017");
  home->set_visit_date("2026-11-25");

  auto* matching =
      AddRecord(c, monitoring::CASE_STEP_DATA_MATCHING, monitoring::STEP_OUTCOME_COMPLETED,
                "tc-0101", ROLE_TOWNSHIP_OFFICER, At(2026, 11, 26, 9, 15))
          ->mutable_data_matching();
  matching->add_matched_sources("医保");
  matching->add_matched_sources("民政");
  matching->set_findings("无异常");

  AddRecord(c, monitoring::CASE_STEP_VILLAGE_REVIEW, monitoring::STEP_OUTCOME_RETURNED, "tc-0042",
            ROLE_VILLAGE_CADRE, At(2026, 11, 27, 10, 0))
      ->set_reason("医保数据不全");

  AddRecord(c, monitoring::CASE_STEP_DATA_MATCHING, monitoring::STEP_OUTCOME_COMPLETED, "tc-0101",
            ROLE_TOWNSHIP_OFFICER, At(2026, 11, 28, 11, 0))
      ->mutable_data_matching()
      ->add_matched_sources("医保");

  monitoring::StepRecord* review =
      AddRecord(c, monitoring::CASE_STEP_VILLAGE_REVIEW, monitoring::STEP_OUTCOME_COMPLETED,
                "tc-0042", ROLE_VILLAGE_CADRE, At(2026, 12, 3, 12, 0));
  auto* notice = review->mutable_public_notice();
  notice->set_start_date("2026-11-28");
  notice->set_end_date("2026-12-02");
  notice->set_objections_received(true);
  notice->set_objections_resolution("已入户解释");
  *review->mutable_determination() = Unstable();
  return c;
}

TEST(CaseTimelineTest, HeaderThenOneLinePerDecisionInOrder) {
  EXPECT_THAT(
      Lines(FormatCaseTimeline(SampleCase())),
      ElementsAre(
          "case:           households/h1/cases/c1",  //
          "kind:           identification",          //
          "household:      households/h1",           //
          "current step:   TOWNSHIP_REVIEW",         //
          "opened:         2026-11-25 08:30Z",       //
          "step started:   2026-12-03 12:00Z",       //
          "step due:       2026-12-06 12:00Z  OVERDUE", "closed:         -",
          "determination:  unstable_alleviated (risks illness, disability; primary illness)",
          "signals:        households/h1/riskSignals/medical-1, "
          "households/h1/riskSignals/visit-7",
          "etag:           6",  //
          "",                   //
          "TIMELINE",
          "TIME               STEP               OUTCOME    BY                          REASON"
          "        EVIDENCE",
          "2026-11-25 08:30Z  HOME_VERIFICATION  completed  tc-0042 (village_cadre)     -"
          "             authorisation signed, ref 额敏县档案 2026-017, visit 2026-11-25",
          "2026-11-26 09:15Z  DATA_MATCHING      completed  tc-0101 (township_officer)  -"
          "             matched 医保, 民政; findings: 无异常",
          "2026-11-27 10:00Z  VILLAGE_REVIEW     returned   tc-0042 (village_cadre)     "
          "医保数据不全  -",
          "2026-11-28 11:00Z  DATA_MATCHING      completed  tc-0101 (township_officer)  -"
          "             matched 医保",
          "2026-12-03 12:00Z  VILLAGE_REVIEW     completed  tc-0042 (village_cadre)     -"
          "             notice 2026-11-28 to 2026-12-02 (5 days), objections: 已入户解释; "
          "category unstable_alleviated (risks illness, disability; primary illness)",
          ""));
}

TEST(CaseTimelineTest, AFreshCaseHasNoDecisionsAndAClosedOneNoOverdueMark) {
  monitoring::Case fresh;
  fresh.set_name("households/h2/cases/c9");
  fresh.set_kind(monitoring::CASE_KIND_ELIMINATION);
  fresh.set_step(monitoring::CASE_STEP_ELIMINATION_PROPOSAL);
  *fresh.mutable_open_time() = At(2026, 11, 25, 8, 30);
  const std::string text = FormatCaseTimeline(fresh);
  EXPECT_THAT(text, HasSubstr("current step:   ELIMINATION_PROPOSAL\n"));
  EXPECT_THAT(text, HasSubstr("step due:       -\n"));
  EXPECT_THAT(text, HasSubstr("determination:  -\n"));
  EXPECT_THAT(text, HasSubstr("\nTIMELINE\n(no decision yet)\n"));

  monitoring::Case closed = SampleCase();
  closed.set_step(monitoring::CASE_STEP_APPROVED);
  closed.set_overdue(false);
  closed.clear_step_due_time();
  *closed.mutable_close_time() = At(2026, 12, 8, 16, 45);
  const std::string closed_text = FormatCaseTimeline(closed);
  EXPECT_THAT(closed_text, HasSubstr("current step:   APPROVED\n"));
  EXPECT_THAT(closed_text, HasSubstr("closed:         2026-12-08 16:45Z\n"));
  EXPECT_THAT(closed_text, Not(HasSubstr("OVERDUE")));
}

TEST(CaseTimelineTest, EvidenceSummaries) {
  monitoring::StepRecord record;
  EXPECT_EQ(FormatStepEvidence(record), "-");
  record.mutable_home_verification()->set_visit_date("2026-11-25");
  EXPECT_EQ(FormatStepEvidence(record), "authorisation NOT signed, visit 2026-11-25");
  record.mutable_data_matching();
  EXPECT_EQ(FormatStepEvidence(record), "no sources matched");
  auto* notice = record.mutable_public_notice();
  notice->set_start_date("2026-11-28");
  notice->set_end_date("2026-11-28");
  notice->set_objections_received(true);
  EXPECT_EQ(FormatStepEvidence(record),
            "notice 2026-11-28 to 2026-11-28 (1 day), objections (no resolution given)");
  notice->set_end_date("someday");
  notice->set_objections_received(false);
  EXPECT_EQ(FormatStepEvidence(record), "notice 2026-11-28 to someday, no objections");
  record.clear_evidence();
  record.mutable_determination()->set_category(monitoring::MONITORING_CATEGORY_SUDDEN_HARDSHIP);
  EXPECT_EQ(FormatStepEvidence(record), "category sudden_hardship (risks -; primary -)");
}

TEST(CaseListTest, OneRowPerCaseAndTheNextPage) {
  monitoring::ListCasesResponse response;
  *response.add_cases() = SampleCase();
  monitoring::Case& closed = *response.add_cases();
  closed.set_name("households/h2/cases/c2");
  closed.set_kind(monitoring::CASE_KIND_ELIMINATION);
  closed.set_step(monitoring::CASE_STEP_REJECTED);
  *closed.mutable_open_time() = At(2026, 1, 5, 0, 0);
  *closed.mutable_close_time() = At(2026, 1, 9, 7, 5);
  response.set_next_page_token("tok");
  EXPECT_THAT(
      Lines(FormatCaseList(response)),
      ElementsAre("CASE                    KIND            STEP             OPENED             "
                  "STEP DUE           CLOSED             OVERDUE",
                  "households/h1/cases/c1  identification  TOWNSHIP_REVIEW  2026-11-25 08:30Z  "
                  "2026-12-06 12:00Z  -                  yes",
                  "households/h2/cases/c2  elimination     REJECTED         2026-01-05 00:00Z  "
                  "-                  2026-01-09 07:05Z",
                  "next page: tok", ""));
}

DecideCaseFlags Decide(const std::string& outcome) {
  DecideCaseFlags flags;
  flags.name = "h1/cases/c1";
  flags.outcome = outcome;
  return flags;
}

TEST(DecideCaseStepRequestTest, HomeVerificationWithAGeneratedRequestId) {
  DecideCaseFlags flags = Decide("completed");
  flags.etag = "3";
  flags.authorization_signed = true;
  flags.authorization_ref = "额敏县档案 2026-017";
  flags.visit_date = "2026-11-25";
  auto request = BuildDecideCaseStepRequest(flags);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->name(), "households/h1/cases/c1");
  EXPECT_EQ(request->etag(), "3");
  EXPECT_EQ(request->outcome(), monitoring::STEP_OUTCOME_COMPLETED);
  ASSERT_EQ(request->evidence_case(), monitoring::DecideCaseStepRequest::kHomeVerification);
  EXPECT_TRUE(request->home_verification().authorization_signed());
  EXPECT_EQ(request->home_verification().authorization_reference(), "额敏县档案 2026-017");
  EXPECT_EQ(request->home_verification().visit_date(), "2026-11-25");
  EXPECT_FALSE(request->has_determination());
  EXPECT_EQ(request->request_id().size(), 36u);
  EXPECT_NE(BuildDecideCaseStepRequest(flags)->request_id(), request->request_id());
  flags.request_id = "decide-1";
  EXPECT_EQ(BuildDecideCaseStepRequest(flags)->request_id(), "decide-1");
}

TEST(DecideCaseStepRequestTest, NoticeWithDeterminationAndMatching) {
  DecideCaseFlags flags = Decide("completed");
  flags.notice_start = "2026-11-28";
  flags.notice_end = "2026-12-02";
  flags.objections = true;
  flags.objections_resolution = "已入户解释";
  flags.category = "unstable-alleviated";
  flags.risk_types = {"illness", "disability"};
  flags.primary_risk_type = "illness";
  auto request = BuildDecideCaseStepRequest(flags);
  ASSERT_TRUE(request.ok()) << request.status();
  ASSERT_EQ(request->evidence_case(), monitoring::DecideCaseStepRequest::kPublicNotice);
  EXPECT_EQ(request->public_notice().start_date(), "2026-11-28");
  EXPECT_EQ(request->public_notice().end_date(), "2026-12-02");
  EXPECT_TRUE(request->public_notice().objections_received());
  EXPECT_EQ(request->public_notice().objections_resolution(), "已入户解释");
  EXPECT_EQ(request->determination().category(),
            monitoring::MONITORING_CATEGORY_UNSTABLE_ALLEVIATED);
  EXPECT_THAT(request->determination().risk_types(),
              ElementsAre(monitoring::RISK_TYPE_ILLNESS, monitoring::RISK_TYPE_DISABILITY));
  EXPECT_EQ(request->determination().primary_risk_type(), monitoring::RISK_TYPE_ILLNESS);

  DecideCaseFlags matching = Decide("completed");
  matching.matched_sources = {"医保", "民政"};
  auto matched = BuildDecideCaseStepRequest(matching);
  ASSERT_TRUE(matched.ok()) << matched.status();
  EXPECT_THAT(matched->data_matching().matched_sources(), ElementsAre("医保", "民政"));

  // A bare decision (township review) carries no evidence.
  auto bare = BuildDecideCaseStepRequest(Decide("completed"));
  ASSERT_TRUE(bare.ok()) << bare.status();
  EXPECT_EQ(bare->evidence_case(), monitoring::DecideCaseStepRequest::EVIDENCE_NOT_SET);
}

TEST(DecideCaseStepRequestTest, LocalMistakesAreUsageErrors) {
  auto message = [](const DecideCaseFlags& flags) {
    auto request = BuildDecideCaseStepRequest(flags);
    EXPECT_FALSE(request.ok());
    EXPECT_EQ(request.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(request.status().message());
  };
  EXPECT_THAT(message(Decide("returned")), HasSubstr("--reason must say why the case is returned"));
  DecideCaseFlags rejected = Decide("rejected");
  rejected.reason = "  ";
  EXPECT_THAT(message(rejected), HasSubstr("--reason"));
  EXPECT_THAT(message(Decide("approved")), HasSubstr("allowed: completed, returned, rejected"));

  DecideCaseFlags two = Decide("completed");
  two.visit_date = "2026-11-25";
  two.matched_sources = {"医保"};
  EXPECT_THAT(message(two), HasSubstr("give the evidence of one step only"));

  DecideCaseFlags bad_date = Decide("completed");
  bad_date.notice_end = "2026-12";
  EXPECT_THAT(message(bad_date), HasSubstr("--notice-end"));

  DecideCaseFlags bad_name = Decide("completed");
  bad_name.name = "households/h1/measures/m1";
  EXPECT_THAT(message(bad_name), HasSubstr("households/ID/cases/ID (as shown by rrctl case list)"));

  DecideCaseFlags bad_risk = Decide("completed");
  bad_risk.risk_types = {"illness", "bad-luck"};
  EXPECT_THAT(message(bad_risk), HasSubstr("--risk-type: unknown value \"bad-luck\""));
}

TEST(CaseRequestsTest, ListGetAndPropose) {
  ListCasesFlags flags;
  flags.list.region = "654201";
  flags.kind = "identification";
  flags.open_only = true;
  flags.overdue_only = true;
  auto list = BuildListCasesRequest(flags);
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->parent(), "households/-");
  EXPECT_EQ(list->region_prefix(), "654201");
  EXPECT_EQ(list->kind(), monitoring::CASE_KIND_IDENTIFICATION);
  EXPECT_TRUE(list->open_only());
  EXPECT_TRUE(list->overdue_only());

  flags.list.household = "h1";
  EXPECT_THAT(std::string(BuildListCasesRequest(flags).status().message()),
              HasSubstr("leave it out when you give a HOUSEHOLD"));
  flags.list.region.clear();
  EXPECT_EQ(BuildListCasesRequest(flags)->parent(), "households/h1");

  EXPECT_EQ(BuildGetCaseRequest("households/h1/cases/c1")->name(), "households/h1/cases/c1");
  EXPECT_EQ(BuildGetCaseRequest(" h1/cases/c1 ")->name(), "households/h1/cases/c1");
  EXPECT_FALSE(BuildGetCaseRequest("c1").ok());
  EXPECT_FALSE(BuildGetCaseRequest("h1/cases/").ok());

  ProposeEliminationFlags propose{"h1", " 收入稳定超过监测线 ", ""};
  auto proposal = BuildProposeRiskEliminationRequest(propose);
  ASSERT_TRUE(proposal.ok()) << proposal.status();
  EXPECT_EQ(proposal->parent(), "households/h1");
  EXPECT_EQ(proposal->reason(), "收入稳定超过监测线");
  EXPECT_THAT(proposal->request_id(), Not(IsEmpty()));
  propose.reason = "";
  EXPECT_FALSE(BuildProposeRiskEliminationRequest(propose).ok());
}

}  // namespace
}  // namespace rrmon::rrctl
