#include "audit_archive.hpp"

#include <fmt/format.h>

#include "gzip_writer.hpp"
#include "sql_names.hpp"

namespace cleanup {

jobkit::Result<std::string> chunk_end(jobkit::PostgresConnection& connection, const AgedTable& table,
                                      const std::string& from, const std::string& cutoff, std::int64_t rows) {
  const std::string name = quote_identifier(table.names.table);
  const std::string time = quote_identifier(table.names.time_column);
  // The time of the first row past the chunk; the cutoff when fewer rows are left; when
  // many rows share `from`'s time, the next distinct time, so that a chunk is never empty.
  const jobkit::SqlQuery query{
      fmt::format("archive chunk of {}", table.names.table),
      fmt::format("SELECT (CASE WHEN next IS NULL THEN $2::{2} WHEN next > $1::{2} THEN next "
                  "ELSE coalesce((SELECT min({1}) FROM {0} WHERE {1} > $1::{2} AND {1} < $2::{2}), $2::{2}) END)::text "
                  "FROM (SELECT (SELECT {1} FROM {0} WHERE {1} >= $1::{2} AND {1} < $2::{2} "
                  "ORDER BY {1} OFFSET $3 LIMIT 1) AS next) chunk",
                  name, time, table.time_type)};
  auto result = connection.execute(query, {from, cutoff, std::to_string(rows)});
  if (!result) return result.error();
  return std::string(result->rows().text(0, 0));
}

jobkit::Result<std::int64_t> archive_rows(jobkit::PostgresConnection& connection, const jobkit::StorageRoot& storage,
                                          const std::string& relative_path, const std::string& source,
                                          const AgedTable& table, const std::string& from, const std::string& to) {
  auto file = storage.create_file(relative_path, "/archive/folder");
  if (!file) return file.error();
  GzipWriter gzip(std::move(file).value());
  const std::string time = quote_identifier(table.names.time_column);
  const jobkit::SqlQuery query{fmt::format("archive of {}", table.names.table),
                               fmt::format("SELECT row_to_json(t)::text FROM {0} t WHERE {1} >= $1::{2} AND {1} < $2::{2} "
                                           "ORDER BY {1}",
                                           source, time, table.time_type)};
  std::int64_t rows = 0;
  auto streamed = connection.transaction(jobkit::TransactionAccess::read_only, [&]() -> jobkit::Status {
    return connection.stream(query, {from, to}, 2000, [&](const jobkit::PostgresRows& batch) -> jobkit::Status {
      std::string lines;
      for (std::size_t row = 0; row < batch.rows(); ++row) {
        lines.append(batch.text(row, 0));
        lines.push_back('\n');
      }
      rows += static_cast<std::int64_t>(batch.rows());
      return gzip.write(lines);
    });
  });
  if (!streamed) return streamed.error();
  if (auto committed = gzip.commit(); !committed) return committed.error();
  return rows;
}

}  // namespace cleanup
