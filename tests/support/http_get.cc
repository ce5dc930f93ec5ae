#include "tests/support/http_get.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tests/support/temp_dir.h"

namespace rrmon::testing {

absl::StatusOr<std::string> HttpGet(int port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::InternalError("socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return absl::UnavailableError(absl::StrCat("cannot connect to port ", port));
  }
  const std::string request =
      absl::StrCat("GET ", path, " HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    close(fd);
    return absl::UnavailableError("short write");
  }
  std::string response;
  char buffer[16384];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof(buffer))) > 0) response.append(buffer, n);
  close(fd);
  const size_t body = response.find("\r\n\r\n");
  if (!absl::StartsWith(response, "HTTP/1.1 200") && !absl::StartsWith(response, "HTTP/1.0 200")) {
    return absl::UnavailableError(absl::StrCat("unexpected response: ", response.substr(0, 80)));
  }
  return body == std::string::npos ? std::string() : response.substr(body + 4);
}

int RunWithInput(const std::string& command, const std::string& input, std::string* output) {
  TempDir dir;
  const std::string in_path = dir.File("stdin");
  const std::string out_path = dir.File("output");
  std::ofstream(in_path, std::ios::binary) << input;
  const std::string shell = absl::StrCat(command, " <'", in_path, "' >'", out_path, "' 2>&1");
  const int status = std::system(shell.c_str());
  std::ifstream in(out_path, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  if (output != nullptr) *output = contents.str();
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace rrmon::testing
