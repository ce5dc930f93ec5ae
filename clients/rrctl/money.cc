#include "clients/rrctl/money.h"

#include <cstdint>
#include <limits>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace rrmon::rrctl {
namespace {

absl::Status BadAmount(absl::string_view what, absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat(what, ": \"", text, "\" ", why, "; give yuan such as 1234.5 or 1234.50"));
}

}  // namespace

absl::StatusOr<int64_t> ParseYuan(absl::string_view text, absl::string_view what) {
  const absl::string_view amount = absl::StripAsciiWhitespace(text);
  if (amount.empty()) return BadAmount(what, text, "is not an amount");
  if (amount.front() == '-') return BadAmount(what, text, "must not be negative");

  const size_t point = amount.find('.');
  const absl::string_view whole = amount.substr(0, point);
  const absl::string_view decimals =
      point == absl::string_view::npos ? absl::string_view() : amount.substr(point + 1);
  auto all_digits = [](absl::string_view part) {
    for (char c : part) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
  };
  if (whole.empty() || !all_digits(whole) || !all_digits(decimals) ||
      (point != absl::string_view::npos && decimals.empty())) {
    return BadAmount(what, text, "is not an amount");
  }
  if (decimals.size() > 2) return BadAmount(what, text, "has more than two decimals (fen)");

  // Checked digit by digit, so an amount of any length cannot overflow on the way.
  constexpr int64_t kMaxYuan = (std::numeric_limits<int64_t>::max() - 99) / 100;
  int64_t yuan = 0;
  for (char c : whole) {
    yuan = yuan * 10 + (c - '0');
    if (yuan > kMaxYuan) return BadAmount(what, text, "is too large");
  }
  int64_t fen = yuan * 100;
  if (!decimals.empty()) fen += (decimals[0] - '0') * 10;
  if (decimals.size() == 2) fen += decimals[1] - '0';
  return fen;
}

std::string FormatYuan(int64_t fen) {
  // Unsigned, so the most negative value has a magnitude too.
  const uint64_t magnitude =
      fen < 0 ? uint64_t{0} - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  return absl::StrFormat("%s%d.%02d", fen < 0 ? "-" : "", magnitude / 100, magnitude % 100);
}

}  // namespace rrmon::rrctl
