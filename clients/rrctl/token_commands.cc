#include "clients/rrctl/token_commands.h"

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/principal.h"
#include "common/auth/token.h"

namespace rrmon::rrctl {

absl::StatusOr<std::string> IssueToken(const IssueTokenFlags& flags, absl::Time now) {
  absl::StatusOr<rrmon::auth::Role> role = rrmon::auth::ParseRoleName(flags.role);
  if (!role.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--role: unknown role \"", flags.role,
        "\"; allowed: village_cadre, township_officer, county_officer, analyst, service"));
  }
  if (absl::Status fits = rrmon::auth::CheckRegionFitsRole(*role, flags.region); !fits.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--region: ", fits.message()));
  }
  absl::Duration ttl;
  if (!absl::ParseDuration(flags.ttl, &ttl) || ttl <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--ttl: \"", flags.ttl, "\" is not a positive duration such as 8h or 30m"));
  }
  const absl::Duration longest = rrmon::auth::MaxTokenLifetime(*role, rrmon::auth::TokenPolicy{});
  if (ttl > longest) {
    return absl::InvalidArgumentError(
        absl::StrCat("--ttl: ", flags.ttl, " is longer than services accept for this role (",
                     absl::FormatDuration(longest), ")"));
  }
  if (flags.audience.empty()) return absl::InvalidArgumentError("--audience: is required");
  absl::StatusOr<rrmon::auth::TokenSigner> signer =
      rrmon::auth::TokenSigner::FromPrivateKeyFile(flags.private_key_path);
  if (!signer.ok()) return signer.status();
  rrmon::auth::Principal principal;
  principal.subject = flags.subject;
  principal.role = *role;
  principal.region_prefix = flags.region;
  principal.expire_time = now + ttl;
  principal.audience = flags.audience;
  return signer->Issue(principal, now);
}

void AddTokenCommands(CLI::App& app, CommandContext& context) {
  CLI::App* token = app.add_subcommand("token", "Make signing keys and issue bearer tokens");
  token->require_subcommand(1);

  CLI::App* keygen = token->add_subcommand(
      "keygen", "Write a new Ed25519 signing key pair (never overwrites existing files)");
  auto keys = std::make_shared<std::pair<std::string, std::string>>();
  keygen
      ->add_option("--private-key", keys->first, "Where to write the private key (PEM, mode 0600)")
      ->required()
      ->type_name("FILE");
  keygen->add_option("--public-key", keys->second, "Where to write the public key (PEM)")
      ->required()
      ->type_name("FILE");
  keygen->callback([&context, keys] {
    context.action = [&context, keys] {
      if (absl::Status s = rrmon::auth::GenerateSigningKeyPair(keys->first, keys->second);
          !s.ok()) {
        return context.ReportLocalError(s);
      }
      context.out() << "wrote private key " << keys->first << " (keep it secret) and public key "
                    << keys->second << " (give it to the services)\n";
      return 0;
    };
  });

  CLI::App* issue = token->add_subcommand(
      "issue",
      "Print a signed token for a worker (use: export RRMON_TOKEN=$(rrctl token issue ...))");
  auto flags = std::make_shared<IssueTokenFlags>();
  issue->add_option("--key", flags->private_key_path, "The private signing key")
      ->required()
      ->type_name("PRIVATE_KEY_FILE");
  issue->add_option("--subject", flags->subject, "Who the token is for (staff number)")->required();
  issue
      ->add_option("--role", flags->role,
                   "village_cadre|township_officer|county_officer|analyst|service")
      ->required();
  issue
      ->add_option("--region", flags->region,
                   "Region prefix the holder may see and change (2, 4, 6, 9 or 12 digits)")
      ->required()
      ->type_name("PREFIX");
  issue
      ->add_option("--ttl", flags->ttl,
                   "How long the token is valid, e.g. 8h, 30m (at most 12h for people, 720h "
                   "for services)")
      ->capture_default_str();
  issue->add_option("--audience", flags->audience, "The service the token is for")
      ->capture_default_str();
  issue->callback([&context, flags] {
    context.action = [&context, flags] {
      absl::StatusOr<std::string> token = IssueToken(*flags, absl::Now());
      if (!token.ok()) return context.ReportLocalError(token.status());
      context.out() << *token << "\n";
      return 0;
    };
  });
}

}  // namespace rrmon::rrctl
