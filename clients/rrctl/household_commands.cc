#include "clients/rrctl/household_commands.h"

#include <grpcpp/client_context.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/rrctl/enum_names.h"
#include "clients/rrctl/household_requests.h"
#include "clients/rrctl/member_fields.h"
#include "clients/rrctl/monitoring_stub.h"
#include "clients/rrctl/output.h"
#include "rrmon/monitoring/v1/monitoring_service.grpc.pb.h"

namespace rrmon::rrctl {
namespace {

using monitoring::MonitoringService;

// Sets `*target` when the option is given, so "not given" and "given empty" differ.
template <typename T>
CLI::Option* AddOptional(CLI::App* app, const std::string& name, std::optional<T>& target,
                         const std::string& description) {
  return app->add_option_function<T>(
      name, [&target](const T& value) { target = value; }, description);
}

int RunCreate(CommandContext& context, const CreateHouseholdFlags& flags) {
  absl::StatusOr<monitoring::CreateHouseholdRequest> request;
  if (!flags.from_json_path.empty()) {
    absl::StatusOr<std::string> json = ReadFileContents(flags.from_json_path, "--from-json file");
    if (!json.ok()) return context.ReportLocalError(json.status());
    request = BuildCreateHouseholdRequestFromJson(*json, flags.request_id);
  } else {
    request = BuildCreateHouseholdRequest(flags);
  }
  // The request_id makes a repeated create return the first result (AIP-155).
  return RunUnaryCommand(context, request, Retry::kSafe, &MonitoringService::Stub::CreateHousehold,
                         FormatHousehold);
}

int RunGet(CommandContext& context, const std::string& name) {
  return RunUnaryCommand(context, BuildGetHouseholdRequest(name), Retry::kSafe,
                         &MonitoringService::Stub::GetHousehold, FormatHousehold);
}

int RunList(CommandContext& context, const ListHouseholdsFlags& flags) {
  absl::StatusOr<monitoring::ListHouseholdsRequest> request = BuildListHouseholdsRequest(flags);
  if (!request.ok()) return context.ReportLocalError(request.status());
  return WithMonitoringStub(
      context, [&](const Connection& connection, MonitoringService::Stub& stub) {
        monitoring::ListHouseholdsResponse all;
        while (true) {
          monitoring::ListHouseholdsResponse page;
          grpc::Status status =
              CallWithRetry(connection.call, context.retry(), [&](grpc::ClientContext& call) {
                return stub.ListHouseholds(&call, *request, &page);
              });
          if (!status.ok()) return context.ReportRpcError(status, connection);
          for (auto& household : *page.mutable_households()) {
            *all.add_households() = std::move(household);
          }
          all.set_next_page_token(page.next_page_token());
          if (!flags.all || page.next_page_token().empty()) break;
          request->set_page_token(page.next_page_token());
        }
        const std::vector<monitoring::Household> households(all.households().begin(),
                                                            all.households().end());
        return context.Print(all, FormatHouseholdList(households, all.next_page_token()));
      });
}

int RunUpdate(CommandContext& context, const UpdateHouseholdFlags& flags) {
  return RunUnaryCommand(context, BuildUpdateHouseholdRequest(flags), Retry::kOnce,
                         &MonitoringService::Stub::UpdateHousehold, FormatHousehold);
}

int RunDelete(CommandContext& context, const DeleteHouseholdFlags& flags) {
  return RunUnaryCommand(context, BuildDeleteHouseholdRequest(flags), Retry::kOnce,
                         &MonitoringService::Stub::DeleteHousehold, FormatHousehold);
}

int RunUndelete(CommandContext& context, const std::string& name, const std::string& reason) {
  return RunUnaryCommand(context, BuildUndeleteHouseholdRequest(name, reason), Retry::kOnce,
                         &MonitoringService::Stub::UndeleteHousehold, FormatHousehold);
}

void AddCreate(CLI::App* household, CommandContext& context) {
  CLI::App* create = household->add_subcommand("create", "Register a household with its members");
  auto flags = std::make_shared<CreateHouseholdFlags>();
  CLI::Option* region = create->add_option("--region-code", flags->region_code,
                                           "12-digit code of the household's village");
  CLI::Option* address = AddOptional(create, "--address", flags->address, "Address (住址)");
  CLI::Option* year = AddOptional(create, "--alleviated-year", flags->alleviated_year,
                                  "Year lifted out of poverty (脱贫户), e.g. 2016");
  CLI::Option* allowance = create->add_flag("--minimum-living-allowance",
                                            flags->minimum_living_allowance, "Receives 低保");
  CLI::Option* support = create->add_flag("--extreme-poverty-support",
                                          flags->extreme_poverty_support, "Receives 特困供养");
  CLI::Option* member = create
                            ->add_option("--member", flags->member_specs,
                                         absl::StrCat("A member as key=value pairs, repeatable: ",
                                                      absl::StrJoin(MemberSpecKeys(), ","),
                                                      " (write \\, for a comma inside a value)"))
                            ->type_name("SPEC")
                            ->allow_extra_args(false);
  CLI::Option* from_json =
      create->add_option("--from-json", flags->from_json_path, "A Household in protobuf JSON")
          ->type_name("FILE");
  for (CLI::Option* option : {region, address, year, allowance, support, member}) {
    from_json->excludes(option);
  }
  create->add_option("--request-id", flags->request_id,
                     "Idempotency key (default: a new UUID); reuse it to retry safely");
  create->callback([&context, flags] {
    context.action = [&context, flags] { return RunCreate(context, *flags); };
  });
}

void AddGet(CLI::App* household, CommandContext& context) {
  CLI::App* get = household->add_subcommand("get", "Show a household and its members");
  auto name = std::make_shared<std::string>();
  get->add_option("name", *name, "households/ID or ID")->required()->type_name("NAME");
  get->callback(
      [&context, name] { context.action = [&context, name] { return RunGet(context, *name); }; });
}

void AddList(CLI::App* household, CommandContext& context) {
  CLI::App* list = household->add_subcommand("list", "List households in a region");
  auto flags = std::make_shared<ListHouseholdsFlags>();
  list->add_option("--region", flags->region, "Region code prefix (default: your whole region)")
      ->type_name("PREFIX");
  list->add_option("--category", flags->category,
                   EnumChoicesText(*monitoring::MonitoringCategory_descriptor()));
  list->add_option("--status", flags->status,
                   EnumChoicesText(*monitoring::HouseholdStatus_descriptor()));
  list->add_flag("--show-deleted", flags->show_deleted, "Include deleted households");
  list->add_option("--page-size", flags->page_size, "Households per page (server default 50)");
  list->add_option("--page-token", flags->page_token, "Continue from a previous page");
  list->add_flag("--all", flags->all, "Follow the pages to the end");
  list->callback([&context, flags] {
    context.action = [&context, flags] { return RunList(context, *flags); };
  });
}

void AddUpdate(CLI::App* household, CommandContext& context) {
  CLI::App* update =
      household->add_subcommand("update", "Change the given fields of a household (only those)");
  auto flags = std::make_shared<UpdateHouseholdFlags>();
  update->add_option("name", flags->name, "households/ID or ID")->required()->type_name("NAME");
  AddOptional(update, "--etag", flags->etag, "Fail with ABORTED if changed since read");
  AddOptional(update, "--region-code", flags->region_code, "New village code");
  AddOptional(update, "--address", flags->address, "New address");
  CLI::Option* year = AddOptional(update, "--alleviated-year", flags->alleviated_year,
                                  "Mark 脱贫户 with this year");
  CLI::Option* not_alleviated =
      update->add_flag("--not-alleviated", flags->not_alleviated, "Clear the 脱贫户 mark and year");
  year->excludes(not_alleviated);
  AddOptional(update, "--minimum-living-allowance", flags->minimum_living_allowance, "true|false")
      ->type_name("BOOL");
  AddOptional(update, "--extreme-poverty-support", flags->extreme_poverty_support, "true|false")
      ->type_name("BOOL");
  AddOptional(update, "--reason", flags->reason, "Why (kept in the audit trail)");
  update->callback([&context, flags] {
    context.action = [&context, flags] { return RunUpdate(context, *flags); };
  });
}

void AddDelete(CLI::App* household, CommandContext& context) {
  CLI::App* remove = household->add_subcommand(
      "delete", "Soft-delete a household (kept and audited; undelete restores it)");
  auto flags = std::make_shared<DeleteHouseholdFlags>();
  remove->add_option("name", flags->name, "households/ID or ID")->required()->type_name("NAME");
  remove->add_option("--reason", flags->reason, "Why (kept in the audit trail)")->required();
  AddOptional(remove, "--etag", flags->etag, "Fail with ABORTED if changed since read");
  remove->callback([&context, flags] {
    context.action = [&context, flags] { return RunDelete(context, *flags); };
  });
}

void AddUndelete(CLI::App* household, CommandContext& context) {
  CLI::App* undelete = household->add_subcommand("undelete", "Restore a deleted household");
  auto flags = std::make_shared<std::pair<std::string, std::string>>();
  undelete->add_option("name", flags->first, "households/ID or ID")->required()->type_name("NAME");
  undelete->add_option("--reason", flags->second, "Why (kept in the audit trail)")->required();
  undelete->callback([&context, flags] {
    context.action = [&context, flags] {
      return RunUndelete(context, flags->first, flags->second);
    };
  });
}

}  // namespace

void AddHouseholdCommands(CLI::App& app, CommandContext& context) {
  CLI::App* household = app.add_subcommand("household", "Register and maintain households");
  AddCreate(household, context);
  AddGet(household, context);
  AddList(household, context);
  AddUpdate(household, context);
  AddDelete(household, context);
  AddUndelete(household, context);
  household->require_subcommand(1);
}

}  // namespace rrmon::rrctl
