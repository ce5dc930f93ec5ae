#pragma once

// `rrctl alerts watch`: a region's alerts as they happen (new signals, overdue steps,
// assessments that find risk), one line each, until the service ends the stream or the
// user stops it (Ctrl-C, SIGTERM).

#include <string>

#include "CLI/CLI.hpp"
#include "clients/rrctl/command_context.h"
#include "rrmon/monitoring/v1/monitoring_service.pb.h"

namespace rrmon::rrctl {

// "2026-11-25 08:30Z  risk_signal  households/h (654201001001)  signal s-1, case ...",
// ending in a newline.
std::string FormatAlert(const rrmon::monitoring::v1::Alert& alert);

// "(3 alerts dropped: reader too slow)\n" when the stream dropped alerts before this
// one; empty otherwise.
std::string FormatDroppedAlerts(const rrmon::monitoring::v1::Alert& alert);

void AddAlertCommands(CLI::App& app, CommandContext& context);

}  // namespace rrmon::rrctl
