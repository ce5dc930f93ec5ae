#pragma once

// What every command shares: the global options, where to print, and how a call's
// outcome becomes output and an exit code. Commands register with CLI11 and leave the
// work to do in `action`, run after parsing succeeded.

#include <grpcpp/channel.h>
#include <grpcpp/support/status.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "clients/rrctl/connection.h"
#include "clients/rrctl/output.h"
#include "google/protobuf/message.h"

namespace rrmon::rrctl {

struct Connection {
  std::string address;
  std::shared_ptr<grpc::Channel> channel;
  CallSettings call;
};

class CommandContext {
 public:
  CommandContext(std::ostream& out, std::ostream& err, EnvLookup env, RetryPolicy retry)
      : out_(out), err_(err), env_(std::move(env)), retry_(std::move(retry)) {}

  GlobalOptions& globals() { return globals_; }
  std::ostream& out() { return out_; }
  std::ostream& err() { return err_; }
  const EnvLookup& env() const { return env_; }
  const RetryPolicy& retry() const { return retry_; }
  OutputFormat format() const;

  // The command chosen on the command line; empty until a command's callback ran.
  std::function<int()> action;

  // Resolves address, token and credentials of the target service. UNAUTHENTICATED when
  // there is no token.
  absl::StatusOr<Connection> Connect(const ServiceTarget& target = kMonitoringTarget) const;

  // Prints a local error (with the token hint for UNAUTHENTICATED) and returns the exit
  // code: `usage_code` for INVALID_ARGUMENT and FAILED_PRECONDITION (bad flags, refused
  // plaintext), the mapped code otherwise.
  int ReportLocalError(const absl::Status& status, int usage_code = 2);

  // Prints a failed call's error and returns its exit code.
  int ReportRpcError(const grpc::Status& status, const Connection& connection);

  // Prints `message` as JSON, or `table` for the table format; returns 0.
  int Print(const google::protobuf::Message& message, const std::string& table);

 private:
  std::ostream& out_;
  std::ostream& err_;
  EnvLookup env_;
  RetryPolicy retry_;
  GlobalOptions globals_;
};

}  // namespace rrmon::rrctl
