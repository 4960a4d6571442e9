// Rows of the job turned into the cells the API is sent: numbers stay JSON numbers,
// booleans stay booleans, text stays text (written with valueInputOption=RAW, so that a
// review starting with '=' is never evaluated), and date columns become serial numbers.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobkit/job_error.hpp"
#include "job.hpp"

namespace sync_sheets {

// Google's limit on one cell's text.
inline constexpr std::size_t k_max_cell_characters = 50000;
// Google's limit on the cells of one spreadsheet.
inline constexpr std::size_t k_max_spreadsheet_cells = 10000000;

// The header row: each column's header text.
nlohmann::json header_cells(const SheetsJob& job);

// One record (a JSON object) as a row of cells in the columns' order; a missing member or
// null is an empty cell. `where` is the record's JSON Pointer (or "/file" with its line) for
// errors. Errors: invalid_data (65) for text over 50,000 characters, an object or array
// value, or a date column whose value is not an ISO 8601 date.
jobkit::Result<nlohmann::json> row_cells(const SheetsJob& job, const nlohmann::json& record, const std::string& where);

// The text a key cell is compared by: the string itself, or a number's shortest spelling,
// so that 42 sent and "42" or 42 read back match.
std::string key_text(const nlohmann::json& cell);

}  // namespace sync_sheets

namespace sync_sheets {

// The rows to write, each already serialized as the JSON array the API is sent, so that
// 100,000 rows take about the size of their text in memory, not that of JSON trees.
struct RowSet {
  std::vector<std::string> rows;  // ["[7,\"requested\",120.5]", ...]
  std::vector<std::string> keys;  // key_text of each row's key cell, when the job has a key
};

// Adds one record as a row. A record from a file or query is named in the error's message
// (its line or row) with the field "/file" or "/query". Errors: row_cells'.
jobkit::Status add_record(const SheetsJob& job, const nlohmann::json& record, const std::string& where, RowSet& rows);

// A row of cells as the API is sent it (invalid UTF-8 replaced, never a throw).
std::string serialized(const nlohmann::json& row);

}  // namespace sync_sheets
