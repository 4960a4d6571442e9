// The three ways a job changes its tab. append and upsert read the key column once and so
// find the rows a previous attempt already wrote (a retried job never appends twice);
// replace builds the new content in a tab of its own and swaps it in with one atomic
// spreadsheets.batchUpdate, so a job stopped at any point leaves the tab either as it was
// or complete.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "cell_values.hpp"
#include "job.hpp"
#include "sheets_client.hpp"

namespace sync_sheets {

struct WriteSummary {
  std::int64_t appended = 0;
  std::int64_t updated = 0;
  std::int64_t skipped = 0;   // already in the sheet (append) or repeated in the job
  std::int64_t written = 0;   // replace: rows written, header included
  bool tab_created = false;
};

// Called with the percentage of rows written after each request.
using ProgressReport = std::function<void(int percent)>;

// The title of the tab replace builds before the swap: "<tab> ~sync-sheets-<unique>".
inline constexpr const char* k_staging_marker = " ~sync-sheets";
std::string staging_title(const std::string& tab, const std::string& unique);
// Whether a title is that of a staging tab of `tab` (this attempt's, a stopped one's, or the
// fixed "<tab> ~sync-sheets" earlier versions used).
bool is_staging_title(const std::string& title, const std::string& tab);

// append (upsert false) or upsert. Errors: the client's; invalid_data (65) for a row whose
// key cell is empty or a spreadsheet the rows would take past 10 million cells.
jobkit::Result<WriteSummary> write_keyed(SheetsClient& client, const SheetsJob& job, const RowSet& rows, bool upsert,
                                         const ProgressReport& progress);

// The rows of a replace, handed over one serialized row at a time: from memory, or by
// reading the source a second time, so that a large file is never held whole.
using RowVisitor = std::function<jobkit::Status(std::string_view row)>;
struct RowStream {
  std::size_t count = 0;                                   // rows each() hands over
  std::function<jobkit::Status(const RowVisitor&)> each;   // called once
};

RowStream stream_of(const RowSet& rows);

// Errors: the client's, each()'s; invalid_data (65) for a spreadsheet that would pass 10
// million cells or a row larger than one request may carry.
jobkit::Result<WriteSummary> replace_tab(SheetsClient& client, const SheetsJob& job, const RowStream& rows,
                                         const ProgressReport& progress);

}  // namespace sync_sheets
