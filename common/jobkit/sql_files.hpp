// The named SQL files a PostgreSQL tool runs, shipped beside it and replaceable file by file
// by an operator whose schema differs (job data never carries SQL), and typed reads of the
// text fields of their result rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "jobkit/job_error.hpp"
#include "jobkit/postgres_connection.hpp"

namespace jobkit {

// Reads <folder>/<name>.sql; the query's name (for errors) is the file's path. Errors: config
// (78, "query_file_missing") naming the file when it cannot be read or is empty.
Result<SqlQuery> load_sql_file(const std::filesystem::path& folder, std::string_view name);

// Each throws JobFailure (invalid data, 65, "query_mismatch", naming the query file and the
// column) for a value that is not what the query file promises: an operator's own query that
// maps the columns wrongly fails the job instead of computing on garbage.
std::int64_t sql_integer(const PostgresRows& rows, std::size_t row, std::size_t column, std::string_view query);
double sql_number(const PostgresRows& rows, std::size_t row, std::size_t column, std::string_view query);
bool sql_bool(const PostgresRows& rows, std::size_t row, std::size_t column, std::string_view query);

// Throws the same error when the result has fewer columns than the query file promises.
void require_sql_columns(const PostgresRows& rows, std::size_t columns, std::string_view query);

}  // namespace jobkit
