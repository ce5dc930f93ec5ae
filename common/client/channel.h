#pragma once

// Opening a channel to an rrmon service, for rrctl and for the services' peer clients
// alike: TLS when a CA is given (with a client certificate for mutual TLS), plaintext
// only to this machine unless explicitly allowed, since every call carries a bearer token.

#include <grpcpp/channel.h>
#include <grpcpp/support/channel_arguments.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rrmon::client {

struct ChannelSecurity {
  // PEM roots that verify the server; empty: plaintext.
  std::string ca_file;
  // A client certificate and its key, for servers that require one (tls.client_ca_file);
  // both or neither.
  std::string cert_file;
  std::string key_file;
  // Plaintext to a target off this machine sends tokens readable on the wire; refused
  // unless this is set.
  bool allow_plaintext_non_loopback = false;
};

// FAILED_PRECONDITION for plaintext to a non-loopback target (unless allowed) and for a
// certificate without its key; NOT_FOUND naming a file that cannot be read.
absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(
    absl::string_view target, const ChannelSecurity& security,
    const grpc::ChannelArguments& arguments = grpc::ChannelArguments());

}  // namespace rrmon::client
