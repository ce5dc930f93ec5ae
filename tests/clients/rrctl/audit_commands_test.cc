#include "clients/rrctl/audit_commands.h"

#include "absl/time/time.h"
#include "common/time/timestamp.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rrmon::rrctl {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(AuditRequestTest, TakesAnIdOrANameAndRefusesANegativePageSize) {
  AuditFlags flags;
  flags.household = "0f3a9c";
  flags.page_size = 20;
  absl::StatusOr<rrmon::monitoring::v1::ListAuditEntriesRequest> request =
      BuildListAuditEntriesRequest(flags);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->parent(), "households/0f3a9c");
  EXPECT_EQ(request->page_size(), 20);

  flags.page_size = -1;
  EXPECT_THAT(BuildListAuditEntriesRequest(flags).status().message(), HasSubstr("--page-size"));
}

TEST(AuditOutputTest, OneRowPerEntryWithWhoAndWhatUnderTheHousehold) {
  rrmon::monitoring::v1::ListAuditEntriesResponse response;
  auto* change = response.add_audit_entries();
  change->set_kind(rrmon::common::v1::AUDIT_ENTRY_KIND_CHANGE);
  change->set_action("DecideCaseStep");
  change->set_actor("officer-3");
  change->set_actor_role(rrmon::common::v1::ROLE_TOWNSHIP_OFFICER);
  change->set_resource("households/h1/cases/c1");
  change->set_reason("入户核实属实");
  change->set_after_json(R"({"idNumber":"654201198003071234"})");
  *change->mutable_create_time() = ToTimestamp(absl::FromUnixSeconds(1781515800));
  auto* read = response.add_audit_entries();
  read->set_kind(rrmon::common::v1::AUDIT_ENTRY_KIND_READ);
  read->set_action("GetHousehold");
  read->set_actor("employment");
  read->set_actor_role(rrmon::common::v1::ROLE_SERVICE);
  read->set_resource("households/h1");
  response.set_next_page_token("tok");

  const std::string text = FormatAuditEntries(response);
  EXPECT_THAT(text, HasSubstr("2026-06-15 09:30"));
  EXPECT_THAT(text, HasSubstr("change"));
  EXPECT_THAT(text, HasSubstr("officer-3 (township_officer)"));
  EXPECT_THAT(text, HasSubstr("cases/c1"));
  EXPECT_THAT(text, HasSubstr("入户核实属实"));
  EXPECT_THAT(text, HasSubstr("employment (service)"));
  EXPECT_THAT(text, HasSubstr("household"));
  EXPECT_THAT(text, HasSubstr("next page: tok"));
  EXPECT_THAT(text, Not(HasSubstr("654201198003071234"))) << "the table shows no record content";
}

}  // namespace
}  // namespace rrmon::rrctl
