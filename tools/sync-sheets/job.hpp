// The sync-sheets job, read from JSON into typed fields and checked before any request.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobkit/job_error.hpp"

namespace sync_sheets {

// append: new rows only (a key already in the sheet is skipped, so a retried job never
// appends twice); upsert: rows whose key is in the sheet are updated in place, the rest
// appended; replace: the tab becomes exactly header + rows.
enum class Mode { append, upsert, replace };

// auto: the JSON type decides (number, boolean, text); text: always a string; date and
// datetime: an ISO 8601 date or date-time becomes the spreadsheet's serial number.
enum class ColumnType { automatic, text, date, datetime };

struct Column {
  std::string field;   // the member of each row
  std::string header;  // the header cell; the field when not given
  ColumnType type = ColumnType::automatic;
};

enum class SourceKind { inline_rows, ndjson_file, query };

struct Source {
  SourceKind kind = SourceKind::inline_rows;
  nlohmann::json rows = nlohmann::json::array();  // inline_rows
  std::string file;                               // ndjson_file: relative to STORAGE_DIR
  std::string query;                              // query: the name of a shipped .sql file
  std::vector<std::optional<std::string>> parameters;  // query: $1, $2, ... (null is NULL)
};

struct SheetsJob {
  std::string spreadsheet_id;
  std::string tab;
  Mode mode = Mode::append;
  std::vector<Column> columns;
  std::optional<std::size_t> key_column;  // index into columns; append and upsert
  bool header = true;
  Source source;
};

// Errors: invalid_data (65) naming every bad field's JSON Pointer.
jobkit::Result<SheetsJob> read_job(const nlohmann::json& job);

std::string mode_name(Mode mode);

}  // namespace sync_sheets
