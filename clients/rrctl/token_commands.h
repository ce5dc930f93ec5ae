#pragma once

// `rrctl token keygen` and `rrctl token issue`: the county's key holder makes the signing
// key pair once, then issues each worker a token for their role and region.

#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clients/rrctl/command_context.h"

namespace rrmon::rrctl {

struct IssueTokenFlags {
  std::string private_key_path;
  std::string subject;
  std::string role;
  std::string region;
  std::string ttl = "8h";
  // The service the token is for; a token for one service does not work at another.
  std::string audience = "monitoring";
};

// The signed token. INVALID_ARGUMENT for a bad role, a region that is not one or does not
// fit the role (auth::CheckRegionFitsRole), a bad subject, or a ttl that is not a positive
// duration such as "8h", "30m", "1h30m" or is longer than services accept for the role
// (auth::TokenPolicy defaults: 12h for people, 720h for services).
absl::StatusOr<std::string> IssueToken(const IssueTokenFlags& flags, absl::Time now);

void AddTokenCommands(CLI::App& app, CommandContext& context);

}  // namespace rrmon::rrctl
