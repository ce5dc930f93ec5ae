#include "common/validation/money.h"

#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/validation/field_error.h"

namespace rrmon::validation {
namespace {

std::string FormatCentimuAsMu(int64_t centimu) {
  // Non-negative by the time this is called; reuse the fen formatting, same scale.
  return FormatFenAsYuan(centimu);
}

}  // namespace

absl::Status ValidateAmountFen(int64_t fen, std::string_view field, int64_t min_fen,
                               int64_t max_fen) {
  if (fen < min_fen || fen > max_fen) {
    return FieldError(field, absl::StrCat("must be between ", FormatFenAsYuan(min_fen), " and ",
                                          FormatFenAsYuan(max_fen), " yuan"));
  }
  return absl::OkStatus();
}

absl::Status ValidateAreaCentimu(int64_t centimu, std::string_view field, int64_t max) {
  if (centimu < 0) return FieldError(field, "must not be negative");
  if (centimu > max) {
    return FieldError(field, absl::StrCat("must be at most ", FormatCentimuAsMu(max), " mu"));
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> ParseYuanToFen(std::string_view text, std::string_view field) {
  auto malformed = [&] {
    return FieldError(field, "must be an amount in yuan such as 1500 or -3.25");
  };
  if (text.empty()) return malformed();
  const bool negative = text.front() == '-';
  std::string_view rest = negative ? text.substr(1) : text;
  const size_t dot = rest.find('.');
  const std::string_view whole = rest.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
  auto digits_only = [](std::string_view part) {
    for (char c : part) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
  };
  if (whole.empty() || !digits_only(whole)) return malformed();
  if (dot != std::string_view::npos && (fraction.empty() || !digits_only(fraction))) {
    return malformed();
  }
  if (fraction.size() > 2) {
    return FieldError(field, "must have at most 2 decimal places (fen)");
  }
  // The magnitude is accumulated unsigned so that the most negative amount still fits.
  const uint64_t limit = negative ? uint64_t{std::numeric_limits<int64_t>::max()} + 1
                                  : uint64_t{std::numeric_limits<int64_t>::max()};
  auto too_large = [&] { return FieldError(field, "is too large an amount"); };
  uint64_t magnitude = 0;
  auto append_digit = [&](char c) {
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (magnitude > (limit - digit) / 10) return false;
    magnitude = magnitude * 10 + digit;
    return true;
  };
  for (char c : whole) {
    if (!append_digit(c)) return too_large();
  }
  for (size_t i = 0; i < 2; ++i) {
    if (!append_digit(i < fraction.size() ? fraction[i] : '0')) return too_large();
  }
  if (!negative) return static_cast<int64_t>(magnitude);
  if (magnitude == uint64_t{std::numeric_limits<int64_t>::max()} + 1) {
    return std::numeric_limits<int64_t>::min();
  }
  return -static_cast<int64_t>(magnitude);
}

std::string FormatFenAsYuan(int64_t fen) {
  const bool negative = fen < 0;
  // Negating INT64_MIN overflows; negate in unsigned arithmetic instead.
  const uint64_t magnitude =
      negative ? uint64_t{0} - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  return absl::StrFormat("%s%d.%02d", negative ? "-" : "", magnitude / 100, magnitude % 100);
}

}  // namespace rrmon::validation
