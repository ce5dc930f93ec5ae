#pragma once

// How a service is configured to call a peer service, the same keys for every pair:
// peer.<peer>.address, .token_file, .ca_file, .cert_file, .key_file,
// .allow_plaintext_non_loopback, .timeout, .failure_threshold, .open_duration. And the
// one way to turn them into a PeerClient.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/client/channel.h"
#include "common/client/peer_client.h"
#include "common/config/config.h"
#include "common/time/clock.h"

namespace rrmon::client {

struct PeerSettings {
  // host:port; empty: no peer.
  std::string address;
  // A service token for the peer's audience (rrctl token issue --role service); empty: no
  // peer, since every call carries one.
  std::string token_file;
  ChannelSecurity security;
  // Per attempt: a call never waits longer for a peer that does not answer.
  absl::Duration timeout = absl::Seconds(2);
  int failure_threshold = 5;
  absl::Duration open_duration = absl::Seconds(10);

  bool configured() const { return !address.empty() && !token_file.empty(); }
};

// The keys of calls to `peer` ("monitoring"): `purpose` says in each description what
// the service asks the peer for.
std::vector<ConfigKey> PeerConfigKeys(const std::string& peer, const std::string& default_address,
                                      const std::string& default_timeout,
                                      const std::string& purpose);

// Reads the keys of PeerConfigKeys(peer, ...); INVALID_ARGUMENT naming the key.
absl::StatusOr<PeerSettings> PeerSettingsFromConfig(const Config& config, const std::string& peer);

// Reads the token file and opens the channel (nothing is sent until the first call).
// INVALID_ARGUMENT on peer.<peer>.token_file when it cannot be read. `clock` and
// `metrics` (may be null) must outlive the client.
absl::StatusOr<std::unique_ptr<PeerClient>> OpenPeerClient(const std::string& peer,
                                                           const PeerSettings& settings,
                                                           const Clock& clock,
                                                           OutgoingCallMetrics* metrics);

}  // namespace rrmon::client
