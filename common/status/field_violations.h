#pragma once

// Collects every bad field of a request so the caller learns all of them at once,
// then turns them into one INVALID_ARGUMENT with a google.rpc.BadRequest detail.

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"

namespace rrmon {

class FieldViolations {
 public:
  void Add(absl::string_view field, absl::string_view description);

  // Adds the violations carried by `status` (an INVALID_ARGUMENT from a validator).
  // A validator's field name is relative; `field_prefix` makes it a request path,
  // e.g. prefix "household.members[2]" + field "id_number".
  void Merge(const absl::Status& status, absl::string_view field_prefix = "");

  bool empty() const { return bad_request_.field_violations().empty(); }
  const google::rpc::BadRequest& bad_request() const { return bad_request_; }

  // OK when empty; otherwise INVALID_ARGUMENT whose message lists every field.
  absl::Status ToStatus() const;

 private:
  google::rpc::BadRequest bad_request_;
};

}  // namespace rrmon
