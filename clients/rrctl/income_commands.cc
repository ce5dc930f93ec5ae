#include "clients/rrctl/income_commands.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "clients/rrctl/amount_column.h"
#include "clients/rrctl/date_text.h"
#include "clients/rrctl/flag_values.h"
#include "clients/rrctl/money.h"
#include "clients/rrctl/monitoring_stub.h"
#include "clients/rrctl/output.h"
#include "clients/rrctl/resource_names.h"
#include "rrmon/monitoring/v1/monitoring_service.grpc.pb.h"

namespace rrmon::rrctl {
namespace {

namespace monitoring = rrmon::monitoring::v1;
using monitoring::MonitoringService;

// The amount of an optional flag in fen; 0 when not given.
absl::StatusOr<int64_t> FenOrZero(const std::optional<std::string>& yuan, absl::string_view what) {
  if (!yuan.has_value()) return 0;
  return ParseYuan(*yuan, what);
}

// An optional month bound of a list; empty when not given.
absl::StatusOr<std::string> OptionalMonth(absl::string_view text, absl::string_view what) {
  if (absl::StripAsciiWhitespace(text).empty()) return std::string();
  return CheckMonthText(text, what);
}

void AddSet(CLI::App* income, CommandContext& context) {
  CLI::App* set = income->add_subcommand(
      "set", "Record (or correct) a household's declared income of one month, in yuan");
  auto flags = std::make_shared<SetIncomeFlags>();
  set->add_option("household", flags->household, "households/ID or ID")
      ->required()
      ->type_name("HOUSEHOLD");
  set->add_option("--month", flags->month, "The month, YYYY-MM")->required()->type_name("MONTH");
  const std::string figures = "Figures in yuan (a figure not given is 0)";
  AddOptionalValue(set, "--wage", flags->wage, "工资性收入")->type_name("YUAN")->group(figures);
  AddOptionalValue(set, "--operating", flags->operating, "生产经营性收入")
      ->type_name("YUAN")
      ->group(figures);
  AddOptionalValue(set, "--property", flags->property, "财产性收入")
      ->type_name("YUAN")
      ->group(figures);
  AddOptionalValue(set, "--transfer", flags->transfer, "转移性收入 (pensions, allowances)")
      ->type_name("YUAN")
      ->group(figures);
  AddOptionalValue(set, "--operating-expenses", flags->operating_expenses, "生产经营支出")
      ->type_name("YUAN")
      ->group(figures);
  AddOptionalValue(set, "--unavoidable-spending", flags->unavoidable_spending,
                   "合规自付支出 (medical bills after reimbursement, schooling)")
      ->type_name("YUAN")
      ->group(figures);
  set->add_option("--note", flags->note, "Note on the figures");
  set->add_option("--etag", flags->etag, "When correcting a month: the etag last read");
  set->add_option("--reason", flags->reason, "Why (required when correcting a month)");
  set->callback([&context, flags] {
    context.action = [&context, flags] {
      return RunUnaryCommand(context, BuildSetIncomeRecordRequest(*flags), Retry::kOnce,
                             &MonitoringService::Stub::SetIncomeRecord, FormatIncomeRecord);
    };
  });
}

void AddList(CLI::App* income, CommandContext& context) {
  CLI::App* list = income->add_subcommand("list", "List a household's monthly income records");
  auto flags = std::make_shared<ListIncomeFlags>();
  list->add_option("household", flags->household, "households/ID or ID")
      ->required()
      ->type_name("HOUSEHOLD");
  list->add_option("--from", flags->from_month, "First month, YYYY-MM (default: the earliest)")
      ->type_name("MONTH");
  list->add_option("--to", flags->to_month, "Last month, YYYY-MM (default: the latest)")
      ->type_name("MONTH");
  list->callback([&context, flags] {
    context.action = [&context, flags] {
      return RunUnaryCommand(context, BuildListIncomeRecordsRequest(*flags), Retry::kSafe,
                             &MonitoringService::Stub::ListIncomeRecords, FormatIncomeRecordList);
    };
  });
}

}  // namespace

absl::StatusOr<monitoring::SetIncomeRecordRequest> BuildSetIncomeRecordRequest(
    const SetIncomeFlags& flags) {
  monitoring::SetIncomeRecordRequest request;
  absl::StatusOr<std::string> parent = NormaliseHouseholdName(flags.household);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  monitoring::IncomeRecord& record = *request.mutable_income_record();
  absl::StatusOr<std::string> month = CheckMonthText(flags.month, "--month");
  if (!month.ok()) return month.status();
  record.set_month(*month);

  struct Figure {
    const std::optional<std::string>& yuan;
    absl::string_view flag;
    void (monitoring::IncomeRecord::*set)(int64_t);
  };
  const Figure figures[] = {
      {flags.wage, "--wage", &monitoring::IncomeRecord::set_wage_income_fen},
      {flags.operating, "--operating", &monitoring::IncomeRecord::set_operating_income_fen},
      {flags.property, "--property", &monitoring::IncomeRecord::set_property_income_fen},
      {flags.transfer, "--transfer", &monitoring::IncomeRecord::set_transfer_income_fen},
      {flags.operating_expenses, "--operating-expenses",
       &monitoring::IncomeRecord::set_operating_expenses_fen},
      {flags.unavoidable_spending, "--unavoidable-spending",
       &monitoring::IncomeRecord::set_unavoidable_spending_fen},
  };
  for (const Figure& figure : figures) {
    absl::StatusOr<int64_t> fen = FenOrZero(figure.yuan, figure.flag);
    if (!fen.ok()) return fen.status();
    (record.*figure.set)(*fen);
  }
  record.set_note(flags.note);
  request.set_etag(std::string(absl::StripAsciiWhitespace(flags.etag)));
  request.set_reason(flags.reason);
  return request;
}

absl::StatusOr<monitoring::ListIncomeRecordsRequest> BuildListIncomeRecordsRequest(
    const ListIncomeFlags& flags) {
  monitoring::ListIncomeRecordsRequest request;
  absl::StatusOr<std::string> parent = NormaliseHouseholdName(flags.household);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  absl::StatusOr<std::string> from = OptionalMonth(flags.from_month, "--from");
  if (!from.ok()) return from.status();
  request.set_start_month(*from);
  absl::StatusOr<std::string> to = OptionalMonth(flags.to_month, "--to");
  if (!to.ok()) return to.status();
  request.set_end_month(*to);
  return request;
}

std::string FormatIncomeRecord(const monitoring::IncomeRecord& record) {
  return FormatFields({
      {"name", OrNone(record.name())},
      {"month", OrNone(record.month())},
      {"wage (yuan)", FormatYuan(record.wage_income_fen())},
      {"operating (yuan)", FormatYuan(record.operating_income_fen())},
      {"property (yuan)", FormatYuan(record.property_income_fen())},
      {"transfer (yuan)", FormatYuan(record.transfer_income_fen())},
      {"operating expenses (yuan)", FormatYuan(record.operating_expenses_fen())},
      {"unavoidable spending (yuan)", FormatYuan(record.unavoidable_spending_fen())},
      {"note", OrNone(record.note())},
      {"etag", OrNone(record.etag())},
  });
}

std::string FormatIncomeRecordList(const monitoring::ListIncomeRecordsResponse& response) {
  std::vector<std::vector<std::string>> rows;
  for (const monitoring::IncomeRecord& record : response.income_records()) {
    rows.push_back({
        OrNone(record.month()),
        FormatYuan(record.wage_income_fen()),
        FormatYuan(record.operating_income_fen()),
        FormatYuan(record.property_income_fen()),
        FormatYuan(record.transfer_income_fen()),
        FormatYuan(record.operating_expenses_fen()),
        FormatYuan(record.unavoidable_spending_fen()),
        OrNone(record.etag()),
        OrNone(record.note()),
    });
  }
  if (rows.empty()) return "no income records\n";
  std::vector<std::string> header = {"MONTH",       "WAGE",     "OPERATING",
                                     "PROPERTY",    "TRANSFER", "OP. EXPENSES",
                                     "UNAVOIDABLE", "ETAG",     "NOTE"};
  for (size_t column = 1; column <= 6; ++column) RightAlignColumn(header, rows, column);
  return absl::StrCat("figures in yuan\n", FormatTable(header, rows));
}

void AddIncomeCommands(CLI::App& app, CommandContext& context) {
  CLI::App* income = app.add_subcommand("income", "A household's declared monthly income");
  AddSet(income, context);
  AddList(income, context);
  income->require_subcommand(1);
}

}  // namespace rrmon::rrctl
