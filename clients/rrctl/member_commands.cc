#include "clients/rrctl/member_commands.h"

#include <grpcpp/client_context.h>

#include <memory>
#include <optional>
#include <string>

#include "clients/rrctl/enum_names.h"
#include "clients/rrctl/household_requests.h"
#include "clients/rrctl/member_fields.h"
#include "clients/rrctl/monitoring_stub.h"
#include "clients/rrctl/output.h"
#include "rrmon/monitoring/v1/monitoring_service.grpc.pb.h"

namespace rrmon::rrctl {
namespace {

using monitoring::MonitoringService;

CLI::Option* AddField(CLI::App* app, const std::string& name, std::optional<std::string>& target,
                      const std::string& description) {
  return app->add_option_function<std::string>(
      name, [&target](const std::string& value) { target = value; }, description);
}

// The member flags shared by add and update; `required` for add.
void AddMemberFieldFlags(CLI::App* app, MemberFields& fields, bool required) {
  auto require = [required](CLI::Option* option) {
    if (required) option->required();
  };
  require(AddField(app, "--full-name", fields.full_name, "姓名, in any script"));
  require(AddField(app, "--id-number", fields.id_number, "身份证号, 18 characters"));
  require(AddField(app, "--relation", fields.relation,
                   EnumChoicesText(*monitoring::Relation_descriptor())));
  require(AddField(app, "--health", fields.health,
                   EnumChoicesText(*monitoring::HealthStatus_descriptor())));
  require(AddField(app, "--labour", fields.labour,
                   EnumChoicesText(*monitoring::LabourCapacity_descriptor())));
  AddField(app, "--ethnicity", fields.ethnicity, "民族, e.g. 维吾尔族");
  AddField(app, "--schooling", fields.schooling,
           EnumChoicesText(*monitoring::SchoolingStage_descriptor()));
  AddField(app, "--shares", fields.shares,
           "true|false: lives and shares income with the household (default true)")
      ->type_name("BOOL");
}

int RunAdd(CommandContext& context, const AddMemberFlags& flags) {
  // Safe to retry: the request_id makes a repeated call return the first result.
  return RunUnaryCommand(context, BuildCreateMemberRequest(flags), Retry::kSafe,
                         &MonitoringService::Stub::CreateHouseholdMember, FormatMember);
}

int RunUpdate(CommandContext& context, const UpdateMemberFlags& flags) {
  return RunUnaryCommand(context, BuildUpdateMemberRequest(flags), Retry::kOnce,
                         &MonitoringService::Stub::UpdateHouseholdMember, FormatMember);
}

int RunRemove(CommandContext& context, const RemoveMemberFlags& flags) {
  return RunUnaryCommand(context, BuildDeleteMemberRequest(flags), Retry::kOnce,
                         &MonitoringService::Stub::DeleteHouseholdMember,
                         [](const monitoring::DeleteHouseholdMemberResponse& response) {
                           return FormatHousehold(response.household());
                         });
}

}  // namespace

void AddMemberCommands(CLI::App& app, CommandContext& context) {
  CLI::App* member = app.add_subcommand("member", "Add, change and remove household members");

  CLI::App* add = member->add_subcommand("add", "Add a person to a household");
  auto add_flags = std::make_shared<AddMemberFlags>();
  add->add_option("household", add_flags->household, "households/ID or ID")
      ->required()
      ->type_name("HOUSEHOLD");
  AddMemberFieldFlags(add, add_flags->fields, /*required=*/true);
  add->add_option("--request-id", add_flags->request_id,
                  "Idempotency key (default: a new UUID); reuse it to retry safely");
  add->callback([&context, add_flags] {
    context.action = [&context, add_flags] { return RunAdd(context, *add_flags); };
  });

  CLI::App* update = member->add_subcommand("update", "Change the given fields of a member");
  auto update_flags = std::make_shared<UpdateMemberFlags>();
  update->add_option("name", update_flags->name, "households/ID/members/ID")
      ->required()
      ->type_name("MEMBER_NAME");
  AddField(update, "--etag", update_flags->etag, "Fail with ABORTED if changed since read");
  AddMemberFieldFlags(update, update_flags->fields, /*required=*/false);
  AddField(update, "--reason", update_flags->reason, "Why (kept in the audit trail)");
  update->callback([&context, update_flags] {
    context.action = [&context, update_flags] { return RunUpdate(context, *update_flags); };
  });

  CLI::App* remove = member->add_subcommand(
      "remove", "Remove a person from a household (moved away, deceased, married out)");
  auto remove_flags = std::make_shared<RemoveMemberFlags>();
  remove->add_option("name", remove_flags->name, "households/ID/members/ID")
      ->required()
      ->type_name("MEMBER_NAME");
  remove->add_option("--reason", remove_flags->reason, "Why (kept in the audit trail)")->required();
  AddField(remove, "--etag", remove_flags->etag, "Fail with ABORTED if changed since read");
  remove->callback([&context, remove_flags] {
    context.action = [&context, remove_flags] { return RunRemove(context, *remove_flags); };
  });

  member->require_subcommand(1);
}

}  // namespace rrmon::rrctl
