#include "clients/rrctl/command_context.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "clients/rrctl/error_output.h"

namespace rrmon::rrctl {

OutputFormat CommandContext::format() const {
  absl::StatusOr<OutputFormat> format = ParseOutputFormat(globals_.output);
  return format.ok() ? *format : OutputFormat::kTable;  // CLI11 already checked it
}

absl::StatusOr<Connection> CommandContext::Connect(const ServiceTarget& target) const {
  Connection connection;
  connection.address = ResolveAddress(globals_, env_, target);
  absl::StatusOr<std::string> token = ResolveToken(globals_, env_, target);
  if (!token.ok()) return token.status();
  if (token->empty()) return absl::UnauthenticatedError("no token given");
  if (!(globals_.timeout_seconds > 0)) {
    return absl::InvalidArgumentError("--timeout must be a positive number of seconds");
  }
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      OpenChannel(connection.address, globals_.ca_file, globals_.insecure);
  if (!channel.ok()) return channel.status();
  connection.channel = *std::move(channel);
  connection.call.token = *std::move(token);
  connection.call.timeout = absl::Seconds(globals_.timeout_seconds);
  return connection;
}

int CommandContext::ReportLocalError(const absl::Status& status, int usage_code) {
  err_ << RenderLocalError(status);
  switch (status.code()) {
    case absl::StatusCode::kUnauthenticated:
      err_ << "hint: " << kTokenHint << "\n";
      return kExitAuth;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kNotFound:  // an unreadable file named by a flag
      return usage_code;
    default:
      return ExitCodeFor(status.code());
  }
}

int CommandContext::ReportRpcError(const grpc::Status& status, const Connection& connection) {
  err_ << RenderRpcError(status, connection.address);
  return ExitCodeFor(status.error_code());
}

int CommandContext::Print(const google::protobuf::Message& message, const std::string& table) {
  if (format() == OutputFormat::kJson) {
    out_ << FormatJson(message);
  } else {
    out_ << table;
  }
  out_.flush();
  return kExitOk;
}

}  // namespace rrmon::rrctl
