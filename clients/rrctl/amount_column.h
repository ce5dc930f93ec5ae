#pragma once

// Numbers line up by their last digit (amounts by their decimal point) when the columns
// holding them are right-aligned, header included.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace rrmon::rrctl {

// Pads the header cell and the cells of `column`, on the left, to the column's widest.
// Numbers and headers here are ASCII, so width is length. Rows too short for the column
// are left alone.
void RightAlignColumn(std::vector<std::string>& header, std::vector<std::vector<std::string>>& rows,
                      size_t column);

// "TITLE" then the table, or "(none)" when there are no rows; the numeric columns (from
// `first_number` on) right-aligned.
std::string FormatSection(absl::string_view title, std::vector<std::string> header,
                          std::vector<std::vector<std::string>> rows, size_t first_number = 1);

}  // namespace rrmon::rrctl
