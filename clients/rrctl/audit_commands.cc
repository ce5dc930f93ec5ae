#include "clients/rrctl/audit_commands.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "clients/rrctl/monitoring_stub.h"
#include "clients/rrctl/output.h"
#include "clients/rrctl/resource_names.h"
#include "common/auth/principal.h"
#include "rrmon/monitoring/v1/monitoring_service.grpc.pb.h"

namespace rrmon::rrctl {
namespace {

namespace monitoring = rrmon::monitoring::v1;
using monitoring::MonitoringService;
using rrmon::common::v1::AuditEntry;

// The resource relative to its household ("cases/1b2c"), or "household" for itself.
std::string WhatOf(const AuditEntry& entry) {
  absl::string_view resource = entry.resource();
  const size_t first = resource.find('/');
  const size_t second = first == absl::string_view::npos ? first : resource.find('/', first + 1);
  if (second == absl::string_view::npos) return "household";
  return std::string(resource.substr(second + 1));
}

std::string KindOf(const AuditEntry& entry) {
  switch (entry.kind()) {
    case rrmon::common::v1::AUDIT_ENTRY_KIND_CHANGE:
      return "change";
    case rrmon::common::v1::AUDIT_ENTRY_KIND_READ:
      return "read";
    default:
      return "?";
  }
}

}  // namespace

absl::StatusOr<monitoring::ListAuditEntriesRequest> BuildListAuditEntriesRequest(
    const AuditFlags& flags) {
  absl::StatusOr<std::string> parent = NormaliseHouseholdName(flags.household);
  if (!parent.ok()) return parent.status();
  if (flags.page_size < 0) return absl::InvalidArgumentError("--page-size must not be negative");
  monitoring::ListAuditEntriesRequest request;
  request.set_parent(*parent);
  request.set_page_size(flags.page_size);
  request.set_page_token(flags.page_token);
  return request;
}

std::string FormatAuditEntries(const monitoring::ListAuditEntriesResponse& response) {
  std::vector<std::vector<std::string>> rows;
  for (const AuditEntry& entry : response.audit_entries()) {
    rows.push_back({
        FormatUtcMinute(entry.create_time()),
        KindOf(entry),
        entry.action(),
        absl::StrCat(entry.actor(), " (", auth::RoleName(entry.actor_role()), ")"),
        WhatOf(entry),
        OrNone(entry.reason()),
    });
  }
  std::string text = FormatTable({"TIME (UTC)", "KIND", "METHOD", "BY", "WHAT", "REASON"}, rows);
  if (!response.next_page_token().empty()) {
    absl::StrAppend(&text, "next page: ", response.next_page_token(), "\n");
  }
  return text;
}

void AddAuditCommands(CLI::App& app, CommandContext& context) {
  CLI::App* audit = app.add_subcommand(
      "audit", "Show a household's audit trail: every change and every read of its records");
  auto flags = std::make_shared<AuditFlags>();
  audit->add_option("household", flags->household, "households/ID or ID")
      ->required()
      ->type_name("HOUSEHOLD");
  audit->add_option("--page-size", flags->page_size, "Entries per page (server default 100)");
  audit->add_option("--page-token", flags->page_token, "Continue from a previous page");
  audit->add_flag("--all", flags->all, "Follow the pages to the end");
  audit->callback([&context, flags] {
    context.action = [&context, flags] {
      return RunListCommand(context, BuildListAuditEntriesRequest(*flags), flags->all,
                            &MonitoringService::Stub::ListAuditEntries, FormatAuditEntries,
                            [](const monitoring::ListAuditEntriesResponse&) {});
    };
  });
}

}  // namespace rrmon::rrctl
