#pragma once

// Early-return helpers for absl::Status / absl::StatusOr (Debian's abseil does not
// ship its internal ones).

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define RRMON_STATUS_CONCAT_INNER(a, b) a##b
#define RRMON_STATUS_CONCAT(a, b) RRMON_STATUS_CONCAT_INNER(a, b)

// Returns the status from the enclosing function when it is not OK.
#define RRMON_RETURN_IF_ERROR(expr)                                 \
  do {                                                              \
    if (absl::Status rrmon_status_ = (expr); !rrmon_status_.ok()) { \
      return rrmon_status_;                                         \
    }                                                               \
  } while (false)

// `RRMON_ASSIGN_OR_RETURN(auto value, Compute());` declares `value` from an OK
// StatusOr, or returns its status.
#define RRMON_ASSIGN_OR_RETURN(lhs, expr) \
  RRMON_ASSIGN_OR_RETURN_IMPL(RRMON_STATUS_CONCAT(rrmon_statusor_, __LINE__), lhs, expr)

// `lhs` is a declaration or an assignable expression, so it cannot be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define RRMON_ASSIGN_OR_RETURN_IMPL(statusor, lhs, expr)   \
  auto statusor = (expr);                                  \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()
// NOLINTEND(bugprone-macro-parentheses)
