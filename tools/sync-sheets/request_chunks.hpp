// Splitting writes so that no request body passes Google's recommended 2 MB.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jobkit/job_error.hpp"

namespace sync_sheets {

inline constexpr std::size_t k_max_request_bytes = 2 * 1000 * 1000;
// Room for the envelope around the rows ({"range":...,"majorDimension":"ROWS","values":[...]}).
inline constexpr std::size_t k_envelope_bytes = 4096;
// What each row adds besides its cells: a comma in a values array, or its own range and
// envelope in a values:batchUpdate's data.
inline constexpr std::size_t k_row_in_values_bytes = 1;
inline constexpr std::size_t k_row_in_batch_bytes = 512;

// [begin, end) runs of rows whose serialized size together stays under max_bytes.
// Errors: invalid_data (65) naming the row when one row alone is too large.
jobkit::Result<std::vector<std::pair<std::size_t, std::size_t>>> chunk_rows(const std::vector<std::string_view>& rows,
                                                                          std::size_t max_bytes = k_max_request_bytes,
                                                                          std::size_t per_row_bytes = k_row_in_values_bytes);

// rows[begin, end) (each a serialized row) as one JSON array, a request's "values".
std::string join_rows(const std::vector<std::string_view>& rows, std::size_t begin, std::size_t end);

}  // namespace sync_sheets
