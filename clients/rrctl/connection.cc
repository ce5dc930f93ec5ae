#include "clients/rrctl/connection.h"

#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/client/channel.h"

namespace rrmon::rrctl {
namespace {

std::optional<std::string> NonEmpty(std::optional<std::string> value) {
  if (value.has_value() && absl::StripAsciiWhitespace(*value).empty()) return std::nullopt;
  return value;
}

absl::StatusOr<std::string> ReadTokenFile(const std::string& path) {
  absl::StatusOr<std::string> content = ReadFileContents(path, "token file");
  if (!content.ok()) return content.status();
  std::string token(absl::StripAsciiWhitespace(*content));
  if (token.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("token file ", path, " is empty"));
  }
  return token;
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](const char* name) -> std::optional<std::string> {
    const char* value = std::getenv(name);
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::string ResolveAddress(const GlobalOptions& options, const EnvLookup& env,
                           const ServiceTarget& target) {
  if (!options.address.empty()) return options.address;
  if (auto from_env = NonEmpty(env(target.address_env))) return *from_env;
  return std::string(target.default_address);
}

absl::StatusOr<std::string> ResolveToken(const GlobalOptions& options, const EnvLookup& env,
                                         const ServiceTarget& target) {
  if (!options.token.empty()) return std::string(absl::StripAsciiWhitespace(options.token));
  if (!options.token_file.empty()) return ReadTokenFile(options.token_file);
  if (auto token = NonEmpty(env(target.token_env))) {
    return std::string(absl::StripAsciiWhitespace(*token));
  }
  if (auto path = NonEmpty(env(target.token_file_env))) return ReadTokenFile(*path);
  return std::string();
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(absl::string_view target,
                                                           absl::string_view ca_file,
                                                           bool insecure) {
  client::ChannelSecurity security;
  security.ca_file = std::string(ca_file);
  security.allow_plaintext_non_loopback = insecure;
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = client::OpenChannel(target, security);
  if (channel.status().code() == absl::StatusCode::kFailedPrecondition) {
    return absl::FailedPreconditionError(absl::StrCat(
        channel.status().message(), " (--ca-file FILE; or --insecure if you really mean it)"));
  }
  return channel;
}

}  // namespace rrmon::rrctl
