#pragma once

// Where and how rrctl calls: address, credentials (TLS or loopback plaintext), bearer
// token, a deadline on every call, and bounded retries of the calls that are safe to
// repeat.

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace rrmon::rrctl {

inline constexpr absl::string_view kDefaultAddress = "127.0.0.1:50051";

// Reads an environment variable; nullopt when unset. Injected so tests need no setenv.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;
EnvLookup ProcessEnvironment();

// The global options as given (empty when not given on the command line).
struct GlobalOptions {
  std::string address;
  std::string token;
  std::string token_file;
  std::string output = "table";
  double timeout_seconds = 10;
  std::string ca_file;
  bool insecure = false;
};

// --address, else RRMON_ADDRESS, else 127.0.0.1:50051.
std::string ResolveAddress(const GlobalOptions& options, const EnvLookup& env);

// --token, else --token-file, else RRMON_TOKEN, else RRMON_TOKEN_FILE; a file's content
// is trimmed. An empty string when none is set; NOT_FOUND/INVALID_ARGUMENT when a token
// file cannot be read or is empty.
absl::StatusOr<std::string> ResolveToken(const GlobalOptions& options, const EnvLookup& env);

// Whether a gRPC target stays on this machine: localhost, 127.0.0.0/8, ::1, unix sockets
// (with or without a dns:/ipv4:/ipv6: scheme).
bool IsLoopbackAddress(absl::string_view target);

// TLS with `ca_file` as the root when it is set; otherwise plaintext, which is refused
// (FAILED_PRECONDITION) for a non-loopback target unless `insecure`.
absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(absl::string_view target,
                                                           absl::string_view ca_file,
                                                           bool insecure);

// Reads a whole file; NOT_FOUND naming `what` and the path when it cannot be read.
absl::StatusOr<std::string> ReadFileContents(const std::string& path, absl::string_view what);

// What each call gets: the token and a deadline (per attempt).
struct CallSettings {
  std::string token;
  absl::Duration timeout = absl::Seconds(10);

  void Prepare(grpc::ClientContext& context) const;
};

// Retries on UNAVAILABLE (the call did not reach a working server) with exponential
// backoff and jitter. Only for calls that are safe to repeat: reads, and creates that
// carry a request_id.
struct RetryPolicy {
  int max_attempts = 3;
  absl::Duration initial_backoff = absl::Milliseconds(250);
  double multiplier = 2.0;
  std::function<void(absl::Duration)> sleep;  // absl::SleepFor when empty
};

// Runs `call` with a fresh, prepared ClientContext per attempt.
grpc::Status CallWithRetry(const CallSettings& settings, const RetryPolicy& policy,
                           const std::function<grpc::Status(grpc::ClientContext&)>& call);

// One attempt, no retry: for calls that change state without an idempotency key.
grpc::Status CallOnce(const CallSettings& settings,
                      const std::function<grpc::Status(grpc::ClientContext&)>& call);

}  // namespace rrmon::rrctl
