#include "common/client/channel.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/config/read_file.h"
#include "common/net/address.h"

namespace rrmon::client {

absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(
    absl::string_view target, const ChannelSecurity& security,
    const grpc::ChannelArguments& arguments) {
  if (security.cert_file.empty() != security.key_file.empty()) {
    return absl::FailedPreconditionError(
        "a client certificate needs its key and a key its certificate");
  }
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (!security.ca_file.empty()) {
    grpc::SslCredentialsOptions tls;
    absl::StatusOr<std::string> roots = ReadFileContents(security.ca_file, "CA file");
    if (!roots.ok()) return roots.status();
    tls.pem_root_certs = *std::move(roots);
    if (!security.cert_file.empty()) {
      absl::StatusOr<std::string> cert = ReadFileContents(security.cert_file, "client certificate");
      if (!cert.ok()) return cert.status();
      absl::StatusOr<std::string> key = ReadFileContents(security.key_file, "client key");
      if (!key.ok()) return key.status();
      tls.pem_cert_chain = *std::move(cert);
      tls.pem_private_key = *std::move(key);
    }
    credentials = grpc::SslCredentials(tls);
  } else {
    if (!security.allow_plaintext_non_loopback && !net::IsLoopbackAddress(target)) {
      return absl::FailedPreconditionError(absl::StrCat("refusing to send a token in plaintext to ",
                                                        target, "; give a CA file for TLS"));
    }
    credentials = grpc::InsecureChannelCredentials();
  }
  return grpc::CreateCustomChannel(std::string(target), credentials, arguments);
}

}  // namespace rrmon::client
