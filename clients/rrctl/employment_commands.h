#pragma once

// `rrctl employment`: the employment service (its own address and token: --address and
// --token, or RRMON_EMPLOYMENT_ADDRESS / RRMON_EMPLOYMENT_TOKEN[_FILE], default
// 127.0.0.1:50052). Targets and progress against them.

#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/rrctl/command_context.h"
#include "rrmon/employment/v1/employment_service.pb.h"

namespace rrmon::rrctl {

absl::StatusOr<rrmon::employment::v1::GetEmploymentProgressRequest>
BuildGetEmploymentProgressRequest(absl::string_view region, int year, absl::string_view as_of);

absl::StatusOr<rrmon::employment::v1::SetEmploymentTargetRequest> BuildSetEmploymentTargetRequest(
    absl::string_view region, int year, int64_t people, absl::string_view etag,
    absl::string_view reason);

// The region's figures and completion, then the areas below with theirs, people by form
// and by tier of their main job, and the monthly trend.
std::string FormatEmploymentProgress(const rrmon::employment::v1::EmploymentProgress& progress);
std::string FormatEmploymentTarget(const rrmon::employment::v1::EmploymentTarget& target);

void AddEmploymentCommands(CLI::App& app, CommandContext& context);

}  // namespace rrmon::rrctl
