#pragma once

// Numbers line up by their last digit (amounts by their decimal point) when the columns
// holding them are right-aligned, header included.

#include <string>
#include <vector>

namespace rrmon::rrctl {

// Pads the header cell and the cells of `column`, on the left, to the column's widest.
// Numbers and headers here are ASCII, so width is length. Rows too short for the column
// are left alone.
void RightAlignColumn(std::vector<std::string>& header, std::vector<std::vector<std::string>>& rows,
                      size_t column);

}  // namespace rrmon::rrctl
