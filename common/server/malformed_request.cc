#include "common/server/malformed_request.h"

#include <google/protobuf/stubs/logging.h>

#include <mutex>
#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/log/log.h"
#include "common/status/status_details.h"

namespace rrmon {
namespace {

using grpc::experimental::InterceptionHookPoints;

// The field of the last failed UTF-8 check on this thread. gRPC parses a request on the
// thread that then runs the interceptors for it, so the value read at POST_RECV_MESSAGE
// belongs to that request; it is cleared at every POST_RECV_MESSAGE and PRE_SEND_STATUS
// so that a value can never outlive the call that set it.
thread_local std::optional<std::string> refused_utf8_field;

constexpr absl::string_view kUtf8Prefix = "String field '";
constexpr absl::string_view kUtf8Suffix = "' contains invalid UTF-8 data";

void HandleProtobufLog(google::protobuf::LogLevel level, const char* /*filename*/, int /*line*/,
                       const std::string& message) {
  const absl::string_view text(message);
  if (absl::StartsWith(text, kUtf8Prefix)) {
    const size_t end = text.find(kUtf8Suffix);
    if (end != absl::string_view::npos) {
      // Only the field's name is kept: the message never holds the bytes themselves.
      refused_utf8_field = std::string(text.substr(kUtf8Prefix.size(), end - kUtf8Prefix.size()));
      return;  // The client gets the answer; the log gets no line per bad request.
    }
  }
  LogSeverity severity = LogSeverity::kError;
  switch (level) {
    case google::protobuf::LOGLEVEL_INFO:
      severity = LogSeverity::kInfo;
      break;
    case google::protobuf::LOGLEVEL_WARNING:
      severity = LogSeverity::kWarning;
      break;
    default:
      break;
  }
  Log(severity, "protobuf", message);
}

std::optional<std::string> TakeRefusedField() {
  std::optional<std::string> field = std::move(refused_utf8_field);
  refused_utf8_field.reset();
  return field;
}

class MalformedRequestInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit MalformedRequestInterceptor(const std::string& error_domain)
      : error_domain_(error_domain) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      std::optional<std::string> field = TakeRefusedField();
      if (methods->GetRecvMessage() == nullptr) {
        malformed_ = true;
        field_ = std::move(field);
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      TakeRefusedField();
      // Only the parse failure gRPC reported becomes the client's fault; a handler's own
      // INTERNAL (with a message) is left alone.
      if (malformed_ && methods->GetSendStatus().error_code() == grpc::StatusCode::INTERNAL) {
        methods->ModifySendStatus(MalformedStatus());
      }
    }
    methods->Proceed();
  }

 private:
  grpc::Status MalformedStatus() const {
    std::string message =
        "the request is not a valid protobuf message of this method's request type";
    if (field_.has_value()) {
      message = absl::StrCat("the request is not valid: string field ", *field_,
                             " holds invalid UTF-8 (protobuf strings must be UTF-8)");
    }
    google::rpc::Status rpc_status;
    rpc_status.set_code(static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
    rpc_status.set_message(message);
    google::rpc::ErrorInfo info;
    info.set_reason(kMalformedRequestReason);
    info.set_domain(error_domain_);
    if (field_.has_value()) (*info.mutable_metadata())["field"] = *field_;
    rpc_status.add_details()->PackFrom(info);
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message,
                        rpc_status.SerializeAsString());
  }

  const std::string& error_domain_;
  bool malformed_ = false;
  std::optional<std::string> field_;
};

class MalformedRequestInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit MalformedRequestInterceptorFactory(std::string error_domain)
      : error_domain_(std::move(error_domain)) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    // Calls that take one request message: for streams from the client, a failed read
    // ends the stream in the handler, which decides the status itself.
    using Type = grpc::experimental::ServerRpcInfo::Type;
    if (info->type() != Type::UNARY && info->type() != Type::SERVER_STREAMING) return nullptr;
    return new MalformedRequestInterceptor(error_domain_);
  }

 private:
  const std::string error_domain_;
};

}  // namespace

void InstallProtobufLogHandler() {
  static std::once_flag once;
  std::call_once(once, [] { google::protobuf::SetLogHandler(&HandleProtobufLog); });
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeMalformedRequestInterceptorFactory(std::string error_domain) {
  return std::make_unique<MalformedRequestInterceptorFactory>(std::move(error_domain));
}

}  // namespace rrmon
