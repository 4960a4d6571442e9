#include "table_check.hpp"

#include <fmt/format.h>

#include "sql_names.hpp"

namespace cleanup {

jobkit::Status check_table_names(jobkit::PostgresConnection& connection, const TableNames& names) {
  // to_regclass gives NULL instead of an error for a table that is not there.
  const jobkit::SqlQuery query{
      "table and column check",
      "WITH t AS (SELECT to_regclass($1) AS oid) "
      "SELECT t.oid IS NOT NULL, "
      "EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = $2 AND a.attnum > 0 "
      "AND NOT a.attisdropped), "
      "EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = $3 AND a.attnum > 0 "
      "AND NOT a.attisdropped) FROM t"};
  auto checked = connection.execute(query, {quote_identifier(names.table), names.key_column, names.time_column});
  if (!checked) return checked.error();
  const auto rows = checked->rows();
  const auto missing = [](std::string message, std::string field) {
    return jobkit::JobError{.exit_code = jobkit::ExitCode::invalid_data,
                            .code = "invalid_field",
                            .message = fmt::format("{}: {}", field, message),
                            .field = std::move(field)};
  };
  if (rows.text(0, 0) != "t") {
    return missing(fmt::format("no table \"{}\" on the connection's search_path", names.table), "/table");
  }
  if (rows.text(0, 1) != "t") {
    return missing(fmt::format("table \"{}\" has no column \"{}\"", names.table, names.key_column), "/key_column");
  }
  if (rows.text(0, 2) != "t") {
    return missing(fmt::format("table \"{}\" has no column \"{}\"", names.table, names.time_column), "/time_column");
  }
  return jobkit::Done{};
}

}  // namespace cleanup
