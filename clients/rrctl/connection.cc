#include "clients/rrctl/connection.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/random/random.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/auth/authorizer.h"

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

bool IsLoopbackHost(absl::string_view host) {
  if (absl::EqualsIgnoreCase(host, "localhost") || host == "::1" ||
      absl::EqualsIgnoreCase(host, "ip6-localhost")) {
    return true;
  }
  std::vector<absl::string_view> octets = absl::StrSplit(host, '.');
  if (octets.size() != 4 || octets[0] != "127") return false;
  for (absl::string_view octet : octets) {
    int value = 0;
    if (!absl::SimpleAtoi(octet, &value) || value < 0 || value > 255) return false;
  }
  return true;
}

// The host of "host:port", "[v6]:port", "host" or a bare IPv6 address.
absl::string_view HostOf(absl::string_view authority) {
  if (absl::ConsumePrefix(&authority, "[")) {
    return authority.substr(0, authority.find(']'));
  }
  const size_t first_colon = authority.find(':');
  if (first_colon == absl::string_view::npos) return authority;
  if (authority.find(':', first_colon + 1) != absl::string_view::npos) return authority;  // IPv6
  return authority.substr(0, first_colon);
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](const char* name) -> std::optional<std::string> {
    const char* value = std::getenv(name);
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::string ResolveAddress(const GlobalOptions& options, const EnvLookup& env) {
  if (!options.address.empty()) return options.address;
  if (auto from_env = NonEmpty(env("RRMON_ADDRESS"))) return *from_env;
  return std::string(kDefaultAddress);
}

absl::StatusOr<std::string> ResolveToken(const GlobalOptions& options, const EnvLookup& env) {
  if (!options.token.empty()) return std::string(absl::StripAsciiWhitespace(options.token));
  if (!options.token_file.empty()) return ReadTokenFile(options.token_file);
  if (auto token = NonEmpty(env("RRMON_TOKEN"))) {
    return std::string(absl::StripAsciiWhitespace(*token));
  }
  if (auto path = NonEmpty(env("RRMON_TOKEN_FILE"))) return ReadTokenFile(*path);
  return std::string();
}

bool IsLoopbackAddress(absl::string_view target) {
  target = absl::StripAsciiWhitespace(target);
  if (absl::StartsWith(target, "unix:") || absl::StartsWith(target, "unix-abstract:")) {
    return true;
  }
  if (absl::ConsumePrefix(&target, "dns:")) {
    // dns:[//authority/]host[:port]
    if (absl::ConsumePrefix(&target, "//")) {
      const size_t slash = target.find('/');
      target = slash == absl::string_view::npos ? absl::string_view() : target.substr(slash + 1);
    }
  } else if (absl::ConsumePrefix(&target, "ipv4:") || absl::ConsumePrefix(&target, "ipv6:")) {
    // A comma-separated list: loopback only if every address is.
    for (absl::string_view address : absl::StrSplit(target, ',')) {
      if (!IsLoopbackHost(HostOf(address))) return false;
    }
    return true;
  }
  return IsLoopbackHost(HostOf(target));
}

absl::StatusOr<std::string> ReadFileContents(const std::string& path, absl::string_view what) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return absl::NotFoundError(absl::StrCat("cannot read ", what, " ", path));
  }
  std::ostringstream content;
  content << file.rdbuf();
  if (file.bad()) return absl::NotFoundError(absl::StrCat("cannot read ", what, " ", path));
  return content.str();
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(absl::string_view target,
                                                           absl::string_view ca_file,
                                                           bool insecure) {
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (!ca_file.empty()) {
    absl::StatusOr<std::string> roots = ReadFileContents(std::string(ca_file), "CA file");
    if (!roots.ok()) return roots.status();
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = *roots;
    credentials = grpc::SslCredentials(tls);
  } else {
    if (!insecure && !IsLoopbackAddress(target)) {
      return absl::FailedPreconditionError(
          absl::StrCat("refusing to send a token in plaintext to ", target,
                       "; give --ca-file for TLS (or --insecure if you really mean it)"));
    }
    credentials = grpc::InsecureChannelCredentials();
  }
  return grpc::CreateChannel(std::string(target), credentials);
}

void CallSettings::Prepare(grpc::ClientContext& context) const {
  context.set_deadline(std::chrono::system_clock::now() + absl::ToChronoNanoseconds(timeout));
  if (!token.empty()) rrmon::auth::AttachBearerToken(context, token);
}

grpc::Status CallWithRetry(const CallSettings& settings, const RetryPolicy& policy,
                           const std::function<grpc::Status(grpc::ClientContext&)>& call) {
  absl::BitGen jitter;
  absl::Duration backoff = policy.initial_backoff;
  for (int attempt = 1;; ++attempt) {
    grpc::ClientContext context;
    settings.Prepare(context);
    grpc::Status status = call(context);
    // RESOURCE_EXHAUSTED is what a busy server answers before running the handler.
    const bool retryable = status.error_code() == grpc::StatusCode::UNAVAILABLE ||
                           status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED;
    if (!retryable || attempt >= policy.max_attempts) return status;
    // A random wait in [backoff/2, backoff), so workers retrying together spread out.
    const absl::Duration wait = backoff * absl::Uniform(jitter, 0.5, 1.0);
    if (policy.sleep) {
      policy.sleep(wait);
    } else {
      absl::SleepFor(wait);
    }
    backoff = backoff * policy.multiplier;
  }
}

grpc::Status CallOnce(const CallSettings& settings,
                      const std::function<grpc::Status(grpc::ClientContext&)>& call) {
  grpc::ClientContext context;
  settings.Prepare(context);
  return call(context);
}

}  // namespace rrmon::rrctl
