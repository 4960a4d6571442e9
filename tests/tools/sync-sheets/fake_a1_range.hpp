// A1 ranges as the fake Sheets API reads them: 'Tab name'!A1:C5, Tab!A:C, Tab!C:C, Tab!A2:L.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sync_sheets_testing {

struct A1Range {
  std::string tab;
  std::int64_t first_column = 0;               // 0-based
  std::optional<std::int64_t> last_column;     // nullopt: to the grid's end
  std::int64_t first_row = 1;                  // 1-based
  std::optional<std::int64_t> last_row;        // nullopt: to the grid's end
};

// nullopt for anything the real API answers "Unable to parse range" to.
std::optional<A1Range> parse_a1_range(const std::string& text);

}  // namespace sync_sheets_testing
