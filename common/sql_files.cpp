#include "jobkit/sql_files.hpp"

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>

#include <fmt/format.h>

namespace jobkit {
namespace {

[[noreturn]] void throw_mismatch(std::string message) {
  JobError error = JobError::make(ExitCode::invalid_data, std::move(message));
  error.code = "query_mismatch";
  throw JobFailure(std::move(error));
}

[[noreturn]] void unexpected_value(const PostgresRows& rows, std::size_t row, std::size_t column,
                                   std::string_view query, std::string_view expected) {
  throw_mismatch(fmt::format("the query file {} returned \"{}\" in column {} ({}) where {} was expected", query,
                             std::string(rows.text(row, column).substr(0, 40)), column + 1, rows.column_name(column),
                             expected));
}

template <typename T>
T parse_field(const PostgresRows& rows, std::size_t row, std::size_t column, std::string_view query,
              std::string_view expected) {
  const std::string_view text = rows.text(row, column);
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (rows.is_null(row, column) || error != std::errc() || end != text.data() + text.size()) {
    unexpected_value(rows, row, column, query, expected);
  }
  return value;
}

}  // namespace

Result<SqlQuery> load_sql_file(const std::filesystem::path& folder, std::string_view name) {
  const std::filesystem::path path = folder / fmt::format("{}.sql", name);
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  if (file) text << file.rdbuf();
  if (!file || text.str().find_first_not_of(" \t\r\n") == std::string::npos) {
    JobError error = JobError::make(ExitCode::config, fmt::format("cannot read the query file {}", path.string()));
    error.code = "query_file_missing";
    return error;
  }
  return SqlQuery{path.string(), text.str()};
}

std::int64_t sql_integer(const PostgresRows& rows, std::size_t row, std::size_t column, std::string_view query) {
  return parse_field<std::int64_t>(rows, row, column, query, "an integer");
}

double sql_number(const PostgresRows& rows, std::size_t row, std::size_t column, std::string_view query) {
  return parse_field<double>(rows, row, column, query, "a number");
}

bool sql_bool(const PostgresRows& rows, std::size_t row, std::size_t column, std::string_view query) {
  const std::string_view text = rows.text(row, column);
  if (rows.is_null(row, column) || (text != "t" && text != "f")) unexpected_value(rows, row, column, query, "a boolean");
  return text == "t";
}

void require_sql_columns(const PostgresRows& rows, std::size_t columns, std::string_view query) {
  if (rows.columns() >= columns) return;
  throw_mismatch(fmt::format("the query file {} returns {} columns where {} are needed", query, rows.columns(), columns));
}

}  // namespace jobkit
