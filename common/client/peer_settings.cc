#include "common/client/peer_settings.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/config/read_file.h"
#include "common/status/macros.h"
#include "common/status/status_details.h"

namespace rrmon::client {
namespace {

std::string Key(const std::string& peer, const char* name) {
  return absl::StrCat("peer.", peer, ".", name);
}

}  // namespace

std::vector<ConfigKey> PeerConfigKeys(const std::string& peer, const std::string& default_address,
                                      const std::string& default_timeout,
                                      const std::string& purpose) {
  return {
      {Key(peer, "address"), default_address,
       absl::StrCat(peer, "'s gRPC address (", purpose, "); empty: no peer")},
      {Key(peer, "token_file"), "",
       absl::StrCat("a service token for audience ", peer,
                    " (rrctl token issue --role service); empty: no peer")},
      {Key(peer, "ca_file"), "",
       absl::StrCat("PEM roots that verify ", peer, "; empty: plaintext")},
      {Key(peer, "cert_file"), "", absl::StrCat("client certificate for ", peer, "'s mutual TLS")},
      {Key(peer, "key_file"), "", absl::StrCat("key of ", Key(peer, "cert_file"))},
      {Key(peer, "allow_plaintext_non_loopback"), "false",
       absl::StrCat("allow plaintext to a ", peer,
                    " address off this machine (a mesh provides TLS)")},
      {Key(peer, "timeout"), default_timeout, absl::StrCat("deadline of each call to ", peer)},
      {Key(peer, "failure_threshold"), "5",
       absl::StrCat("failed calls in a row after which ", peer, " is not called for a while")},
      {Key(peer, "open_duration"), "10s",
       absl::StrCat("how long ", peer, " is not called after failure_threshold failures")},
  };
}

absl::StatusOr<PeerSettings> PeerSettingsFromConfig(const Config& config, const std::string& peer) {
  PeerSettings settings;
  settings.address = config.GetString(Key(peer, "address"));
  settings.token_file = config.GetString(Key(peer, "token_file"));
  settings.security.ca_file = config.GetString(Key(peer, "ca_file"));
  settings.security.cert_file = config.GetString(Key(peer, "cert_file"));
  settings.security.key_file = config.GetString(Key(peer, "key_file"));
  RRMON_ASSIGN_OR_RETURN(settings.security.allow_plaintext_non_loopback,
                         config.GetBool(Key(peer, "allow_plaintext_non_loopback")));
  RRMON_ASSIGN_OR_RETURN(settings.timeout, config.GetDuration(Key(peer, "timeout")));
  if (settings.timeout <= absl::ZeroDuration()) {
    return InvalidFieldError(Key(peer, "timeout"), "must be positive");
  }
  RRMON_ASSIGN_OR_RETURN(int64_t threshold,
                         config.GetIntInRange(Key(peer, "failure_threshold"), 1, 1000));
  settings.failure_threshold = static_cast<int>(threshold);
  RRMON_ASSIGN_OR_RETURN(settings.open_duration, config.GetDuration(Key(peer, "open_duration")));
  return settings;
}

absl::StatusOr<std::unique_ptr<PeerClient>> OpenPeerClient(const std::string& peer,
                                                           const PeerSettings& settings,
                                                           const Clock& clock,
                                                           OutgoingCallMetrics* metrics) {
  absl::StatusOr<std::string> token =
      ReadFileContents(settings.token_file, absl::StrCat(peer, " peer token file"));
  if (!token.ok()) return InvalidFieldError(Key(peer, "token_file"), token.status().message());
  RRMON_ASSIGN_OR_RETURN(std::shared_ptr<grpc::Channel> channel,
                         OpenChannel(settings.address, settings.security));
  PeerClientOptions options;
  options.peer = peer;
  options.call.token = std::string(absl::StripAsciiWhitespace(*token));
  options.call.timeout = settings.timeout;
  options.failure_threshold = settings.failure_threshold;
  options.open_duration = settings.open_duration;
  return std::make_unique<PeerClient>(std::move(channel), std::move(options), clock, metrics);
}

}  // namespace rrmon::client
