#pragma once

// Money is int64 fen (1 yuan = 100 fen) and area is int64 hundredths of a mu (亩), so sums
// are exact. Text forms are for people and CSV files: "21914.00", "-3.25".

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace rrmon::validation {

inline constexpr int64_t kFenPerYuan = 100;
inline constexpr int64_t kCentimuPerMu = 100;

// Upper bounds that catch slips of the keyboard (an extra three zeros) without ever
// refusing a real figure.
// Any single household amount: income, spending, funds (100 million yuan).
inline constexpr int64_t kMaxHouseholdAmountFen = 100'000'000'00;
// A monthly wage of one job spell (1 million yuan).
inline constexpr int64_t kMaxMonthlyIncomeFen = 1'000'000'00;
// The funds of one assistance measure or subsidy (1 billion yuan).
inline constexpr int64_t kMaxMeasureFundsFen = 1'000'000'000'00;
// A household's courtyard (1,000 亩).
inline constexpr int64_t kMaxHouseholdAreaCentimu = 1'000'00;

// `fen` within [min_fen, max_fen]; the description states the range in yuan.
absl::Status ValidateAmountFen(int64_t fen, std::string_view field, int64_t min_fen,
                               int64_t max_fen);

// `centimu` within [0, max].
absl::Status ValidateAreaCentimu(int64_t centimu, std::string_view field, int64_t max);

// Parses yuan written as an optional '-', digits and at most 2 decimals: "21914",
// "1500.5", "-3.25". No '+', no exponent, no grouping, no bare "1." or ".5"; values that do
// not fit in int64 fen are rejected rather than wrapped.
absl::StatusOr<int64_t> ParseYuanToFen(std::string_view text, std::string_view field);

// Always two decimals: 2191400 → "21914.00", -325 → "-3.25".
std::string FormatFenAsYuan(int64_t fen);

}  // namespace rrmon::validation
