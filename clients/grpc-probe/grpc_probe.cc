// grpc-probe: a reflection-driven gRPC client.
//
//   grpc-probe ADDRESS list                       services the server offers
//   grpc-probe ADDRESS health [SERVICE]           grpc.health.v1 status (exit 0 if SERVING)
//   grpc-probe ADDRESS call /pkg.Service/Method JSON [--header 'key: value']...
//
// `call` fetches the method's descriptors by reflection, converts JSON to the request,
// calls it, and prints the response as JSON (or the status and its details on error).
// Plaintext only: for loopback and test use.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/support/byte_buffer.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace {

namespace reflection = grpc::reflection::v1alpha;

std::chrono::system_clock::time_point Deadline() {
  return std::chrono::system_clock::now() + std::chrono::seconds(10);
}

int Usage() {
  std::cerr << "usage: grpc-probe ADDRESS list\n"
               "       grpc-probe ADDRESS health [SERVICE]\n"
               "       grpc-probe ADDRESS call /pkg.Service/Method JSON [--header 'k: v']...\n";
  return 2;
}

int PrintStatus(const grpc::Status& status) {
  std::cerr << "status " << status.error_code() << ": " << status.error_message() << "\n";
  if (!status.error_details().empty()) {
    std::cerr << "details: " << status.error_details().size() << " bytes of google.rpc.Status\n";
  }
  return 1;
}

// One reflection exchange on a fresh stream.
bool Reflect(const std::shared_ptr<grpc::Channel>& channel,
             const reflection::ServerReflectionRequest& request,
             reflection::ServerReflectionResponse* response, grpc::Status* status) {
  auto stub = reflection::ServerReflection::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  auto stream = stub->ServerReflectionInfo(&context);
  stream->Write(request);
  stream->WritesDone();
  const bool read = stream->Read(response);
  *status = stream->Finish();
  return read && status->ok();
}

int List(const std::shared_ptr<grpc::Channel>& channel) {
  reflection::ServerReflectionRequest request;
  request.set_list_services("");
  reflection::ServerReflectionResponse response;
  grpc::Status status;
  if (!Reflect(channel, request, &response, &status)) return PrintStatus(status);
  for (const auto& service : response.list_services_response().service()) {
    std::cout << service.name() << "\n";
  }
  return 0;
}

int Health(const std::shared_ptr<grpc::Channel>& channel, const std::string& service) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) return PrintStatus(status);
  std::cout << grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status()) << "\n";
  return response.status() == grpc::health::v1::HealthCheckResponse::SERVING ? 0 : 1;
}

// Loads the file defining `symbol` and all it depends on into `pool`.
bool LoadSymbol(const std::shared_ptr<grpc::Channel>& channel, const std::string& symbol,
                google::protobuf::DescriptorPool& pool, std::string* error) {
  reflection::ServerReflectionRequest request;
  request.set_file_containing_symbol(symbol);
  reflection::ServerReflectionResponse response;
  grpc::Status status;
  if (!Reflect(channel, request, &response, &status)) {
    *error = "reflection failed: " + status.error_message();
    return false;
  }
  if (response.has_error_response()) {
    *error = "reflection: " + response.error_response().error_message();
    return false;
  }
  // The server sends the file and its dependencies; add them dependencies first.
  std::vector<google::protobuf::FileDescriptorProto> files;
  for (const auto& bytes : response.file_descriptor_response().file_descriptor_proto()) {
    files.emplace_back().ParseFromString(bytes);
  }
  bool progress = true;
  while (progress) {
    progress = false;
    for (auto& file : files) {
      if (file.name().empty() || pool.FindFileByName(file.name()) != nullptr) continue;
      bool ready = true;
      for (const auto& dependency : file.dependency()) {
        if (pool.FindFileByName(dependency) == nullptr) ready = false;
      }
      if (ready && pool.BuildFile(file) != nullptr) progress = true;
    }
  }
  return true;
}

int Call(const std::shared_ptr<grpc::Channel>& channel, const std::string& method_path,
         const std::string& json, const std::vector<std::pair<std::string, std::string>>& headers) {
  const size_t slash = method_path.rfind('/');
  if (method_path.size() < 3 || method_path[0] != '/' || slash == 0) return Usage();
  const std::string service_name = method_path.substr(1, slash - 1);
  const std::string method_name = method_path.substr(slash + 1);

  google::protobuf::DescriptorPool pool;
  std::string error;
  if (!LoadSymbol(channel, service_name, pool, &error)) {
    std::cerr << error << "\n";
    return 1;
  }
  const auto* service = pool.FindServiceByName(service_name);
  const auto* method = service != nullptr ? service->FindMethodByName(method_name) : nullptr;
  if (method == nullptr) {
    std::cerr << "no method " << method_path << " on the server\n";
    return 1;
  }
  google::protobuf::DynamicMessageFactory factory(&pool);
  std::unique_ptr<google::protobuf::Message> request(
      factory.GetPrototype(method->input_type())->New());
  std::unique_ptr<google::protobuf::Message> response(
      factory.GetPrototype(method->output_type())->New());
  if (auto parsed = google::protobuf::util::JsonStringToMessage(json, request.get());
      !parsed.ok()) {
    std::cerr << "request JSON: " << parsed.ToString() << "\n";
    return 2;
  }

  std::string serialized;
  request->SerializeToString(&serialized);
  grpc::Slice slice(serialized);
  grpc::ByteBuffer request_buffer(&slice, 1);
  grpc::ByteBuffer response_buffer;
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  for (const auto& [key, value] : headers) context.AddMetadata(key, value);

  grpc::GenericStub stub(channel);
  std::mutex mu;
  std::condition_variable done_cv;
  bool done = false;
  grpc::Status status;
  stub.UnaryCall(&context, method_path, grpc::StubOptions(), &request_buffer, &response_buffer,
                 [&](grpc::Status s) {
                   std::lock_guard<std::mutex> lock(mu);
                   status = std::move(s);
                   done = true;
                   done_cv.notify_one();
                 });
  {
    std::unique_lock<std::mutex> lock(mu);
    done_cv.wait(lock, [&] { return done; });
  }
  if (!status.ok()) return PrintStatus(status);
  std::vector<grpc::Slice> slices;
  if (!response_buffer.Dump(&slices).ok()) return 1;
  std::string bytes;
  for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  if (!response->ParseFromString(bytes)) {
    std::cerr << "unreadable response\n";
    return 1;
  }
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(*response, &out, options);
  std::cout << out << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return Usage();
  auto channel = grpc::CreateChannel(argv[1], grpc::InsecureChannelCredentials());
  const std::string command = argv[2];
  if (command == "list" && argc == 3) return List(channel);
  if (command == "health" && argc <= 4) return Health(channel, argc == 4 ? argv[3] : "");
  if (command == "call" && argc >= 5) {
    std::vector<std::pair<std::string, std::string>> headers;
    for (int i = 5; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg != "--header" || i + 1 >= argc) return Usage();
      const std::string header = argv[++i];
      const size_t colon = header.find(':');
      if (colon == std::string::npos) return Usage();
      std::string value = header.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      headers.emplace_back(header.substr(0, colon), value);
    }
    return Call(channel, argv[3], argv[4], headers);
  }
  return Usage();
}
