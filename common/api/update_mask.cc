#include "common/api/update_mask.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status/status_details.h"
#include "google/protobuf/util/field_mask_util.h"

namespace rrmon {

absl::StatusOr<std::vector<std::string>> ResolveUpdateMask(const google::protobuf::FieldMask& mask,
                                                           const std::set<std::string>& allowed) {
  if (mask.paths().empty()) {
    return InvalidFieldError("update_mask", "must name the fields to change (or \"*\")");
  }
  std::vector<std::string> paths;
  for (const std::string& path : mask.paths()) {
    if (path == "*") return std::vector<std::string>(allowed.begin(), allowed.end());
    if (!allowed.contains(path)) {
      return InvalidFieldError(
          "update_mask", absl::StrCat("cannot update \"", path,
                                      "\"; updatable fields: ", absl::StrJoin(allowed, ", ")));
    }
    paths.push_back(path);
  }
  return paths;
}

void ApplyUpdateMask(const google::protobuf::Message& source, const std::vector<std::string>& paths,
                     google::protobuf::Message& target) {
  google::protobuf::FieldMask mask;
  for (const std::string& path : paths) mask.add_paths(path);
  google::protobuf::util::FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(source, mask, options, &target);
}

}  // namespace rrmon
