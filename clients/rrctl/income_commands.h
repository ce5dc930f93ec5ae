#pragma once

// `rrctl income set|list`: a household's declared income, month by month, in yuan.

#include <optional>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "clients/rrctl/command_context.h"
#include "rrmon/monitoring/v1/monitoring_service.pb.h"

namespace rrmon::rrctl {

// A month's figures in yuan; a figure not given is zero (the month is replaced whole).
struct SetIncomeFlags {
  std::string household;
  std::string month;
  std::optional<std::string> wage;
  std::optional<std::string> operating;
  std::optional<std::string> property;
  std::optional<std::string> transfer;
  std::optional<std::string> operating_expenses;
  std::optional<std::string> unavoidable_spending;
  std::string note;
  std::string etag;
  std::string reason;
};

struct ListIncomeFlags {
  std::string household;
  std::string from_month;
  std::string to_month;
};

absl::StatusOr<rrmon::monitoring::v1::SetIncomeRecordRequest> BuildSetIncomeRecordRequest(
    const SetIncomeFlags& flags);

absl::StatusOr<rrmon::monitoring::v1::ListIncomeRecordsRequest> BuildListIncomeRecordsRequest(
    const ListIncomeFlags& flags);

// One month's figures in yuan.
std::string FormatIncomeRecord(const rrmon::monitoring::v1::IncomeRecord& record);

// One row per month, oldest first, figures in yuan.
std::string FormatIncomeRecordList(
    const rrmon::monitoring::v1::ListIncomeRecordsResponse& response);

void AddIncomeCommands(CLI::App& app, CommandContext& context);

}  // namespace rrmon::rrctl
