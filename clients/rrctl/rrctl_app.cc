#include "clients/rrctl/rrctl_app.h"

#include <string>
#include <utility>

#include "CLI/CLI.hpp"
#include "clients/rrctl/alert_commands.h"
#include "clients/rrctl/assessment_commands.h"
#include "clients/rrctl/audit_commands.h"
#include "clients/rrctl/case_commands.h"
#include "clients/rrctl/command_context.h"
#include "clients/rrctl/employment_commands.h"
#include "clients/rrctl/error_output.h"
#include "clients/rrctl/guarantee_commands.h"
#include "clients/rrctl/household_commands.h"
#include "clients/rrctl/income_commands.h"
#include "clients/rrctl/measure_commands.h"
#include "clients/rrctl/member_commands.h"
#include "clients/rrctl/signal_commands.h"
#include "clients/rrctl/stats_commands.h"
#include "clients/rrctl/token_commands.h"

namespace rrmon::rrctl {

int RunRrctl(int argc, const char* const* argv, std::ostream& out, std::ostream& err, EnvLookup env,
             RetryPolicy retry) {
  CommandContext context(out, err, std::move(env), std::move(retry));
  GlobalOptions& globals = context.globals();

  CLI::App app(
      "rrctl: the command-line client of the rural revitalisation monitoring service "
      "(乡村振兴监测)",
      "rrctl");
  // Global options may come before or after the command.
  app.fallthrough();
  app.add_option("--address", globals.address,
                 "Service address host:port (env RRMON_ADDRESS, default 127.0.0.1:50051)");
  CLI::Option* token = app.add_option("--token", globals.token, "Bearer token (env RRMON_TOKEN)");
  CLI::Option* token_file = app.add_option("--token-file", globals.token_file,
                                           "File holding the bearer token (env RRMON_TOKEN_FILE)")
                                ->type_name("FILE");
  token->excludes(token_file);
  app.add_option("--output", globals.output, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  app.add_option("--timeout", globals.timeout_seconds, "Deadline of each call, in seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--ca-file", globals.ca_file,
                 "Use TLS with this root certificate (PEM); plaintext otherwise")
      ->type_name("FILE");
  app.add_flag("--insecure", globals.insecure,
               "Allow plaintext to an address that is not this machine");
  app.footer(
      "Exit codes: 0 ok, 2 usage, 3 rejected (invalid, precondition, exists, aborted),\n"
      "4 not found, 5 unauthenticated/permission denied, 6 unavailable/deadline, 1 other.");

  AddTokenCommands(app, context);
  AddHouseholdCommands(app, context);
  AddMemberCommands(app, context);
  AddSignalCommands(app, context);
  AddCaseCommands(app, context);
  AddMeasureCommands(app, context);
  AddIncomeCommands(app, context);
  AddGuaranteeCommands(app, context);
  AddAssessmentCommands(app, context);
  AddStatsCommands(app, context);
  AddAlertCommands(app, context);
  AddAuditCommands(app, context);
  AddEmploymentCommands(app, context);
  app.require_subcommand(1);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error, out, err);
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (!context.action) {
    err << app.help();
    return kExitUsage;
  }
  return context.action();
}

}  // namespace rrmon::rrctl
