// A1 notation as the Sheets API reads it: a tab title quoted when needed, column letters,
// and ranges such as 'Top Rated'!A2:L2 or Bookings!C:C.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sync_sheets {

// "A" for 0, "Z" for 25, "AA" for 26.
std::string column_letters(std::size_t index);

// The title as a range's prefix: bare when it is letters, digits and '_' only, otherwise in
// single quotes with each quote doubled.
std::string quoted_tab(std::string_view title);

// 'Tab'!A<first_row>:<last column><last_row> over `columns` columns; rows are 1-based.
std::string row_range(std::string_view title, std::size_t columns, std::size_t first_row, std::size_t last_row);

// 'Tab'!C:C, the whole column `index`.
std::string column_range(std::string_view title, std::size_t index);

// 'Tab'!A:<last column>, every row of the first `columns` columns.
std::string columns_range(std::string_view title, std::size_t columns);

}  // namespace sync_sheets
