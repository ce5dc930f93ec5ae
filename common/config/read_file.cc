#include "common/config/read_file.h"

#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace rrmon {

absl::StatusOr<std::string> ReadFileContents(const std::string& path, absl::string_view what) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot read ", what, " ", path));
  std::ostringstream content;
  content << file.rdbuf();
  if (file.bad()) return absl::NotFoundError(absl::StrCat("cannot read ", what, " ", path));
  return content.str();
}

}  // namespace rrmon
