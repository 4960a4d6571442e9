// Archiving audit rows before they are deleted: each chunk of rows (a time range) goes to a
// gzip'd NDJSON file under STORAGE_DIR, written atomically, and only then are those rows
// deleted; a run killed in between leaves the file and the rows, and the next run archives
// the rows it has not deleted again (an archived row may appear twice, none is lost).
#pragma once

#include <cstdint>
#include <string>

#include "batched_delete.hpp"
#include "jobkit/postgres_connection.hpp"
#include "jobkit/storage.hpp"

namespace cleanup {

// Where a chunk of at most `rows` rows starting at `from` ends (exclusive), never after `cutoff`.
jobkit::Result<std::string> chunk_end(jobkit::PostgresConnection& connection, const AgedTable& table,
                                      const std::string& from, const std::string& cutoff, std::int64_t rows);

// Writes every row of `source` (SQL text of a table, already quoted) whose time is in
// [from, to) to relative_path as one JSON object per line, gzip'd, atomically; returns the
// count. The read is one snapshot, streamed through a cursor. Errors: the connection's and
// StorageRoot's (field "/archive/folder").
jobkit::Result<std::int64_t> archive_rows(jobkit::PostgresConnection& connection, const jobkit::StorageRoot& storage,
                                          const std::string& relative_path, const std::string& source,
                                          const AgedTable& table, const std::string& from, const std::string& to);

}  // namespace cleanup
