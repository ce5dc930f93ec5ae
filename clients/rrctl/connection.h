#pragma once

// Where rrctl calls and as whom: the address and the token from flags or the environment.
// How it calls (TLS or loopback plaintext, deadlines, retries) is common/client's.

#include <grpcpp/channel.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/client/call_policy.h"
#include "common/config/read_file.h"

namespace rrmon::rrctl {

inline constexpr absl::string_view kDefaultAddress = "127.0.0.1:50051";

// Which service a command calls: where to find it and its token when no flag says.
// Tokens are issued for one service (their audience), so each has its own variables.
struct ServiceTarget {
  const char* address_env;
  absl::string_view default_address;
  const char* token_env;
  const char* token_file_env;
};
inline constexpr ServiceTarget kMonitoringTarget = {"RRMON_ADDRESS", kDefaultAddress, "RRMON_TOKEN",
                                                    "RRMON_TOKEN_FILE"};
inline constexpr ServiceTarget kEmploymentTarget = {"RRMON_EMPLOYMENT_ADDRESS", "127.0.0.1:50052",
                                                    "RRMON_EMPLOYMENT_TOKEN",
                                                    "RRMON_EMPLOYMENT_TOKEN_FILE"};

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

// --address, else the target's variable (RRMON_ADDRESS), else its default
// (127.0.0.1:50051 for monitoring).
std::string ResolveAddress(const GlobalOptions& options, const EnvLookup& env,
                           const ServiceTarget& target = kMonitoringTarget);

// --token, else --token-file, else the target's token variable (RRMON_TOKEN), else its
// token file variable (RRMON_TOKEN_FILE); a file's content is trimmed. An empty string
// when none is set; NOT_FOUND/INVALID_ARGUMENT when a token file cannot be read or is
// empty.
absl::StatusOr<std::string> ResolveToken(const GlobalOptions& options, const EnvLookup& env,
                                         const ServiceTarget& target = kMonitoringTarget);

// TLS with `ca_file` as the root when it is set; otherwise plaintext, which is refused
// (FAILED_PRECONDITION, naming the flags that change it) for a non-loopback target
// unless `insecure`.
absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(absl::string_view target,
                                                           absl::string_view ca_file,
                                                           bool insecure);

// How each call is made (common/client): the token and a deadline per attempt, retries
// of reads and of creates that carry a request_id, one attempt for the rest.
using client::CallOnce;
using client::CallSettings;
using client::CallWithRetry;
using client::RetryPolicy;

}  // namespace rrmon::rrctl
