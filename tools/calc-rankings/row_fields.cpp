#include "row_fields.hpp"

#include <charconv>
#include <string>

#include <fmt/format.h>

namespace calc_rankings {
namespace {

[[noreturn]] void bad_value(const jobkit::PostgresRows& rows, std::size_t row, std::size_t column, std::string_view query,
                            std::string_view expected) {
  jobkit::JobError error = jobkit::JobError::make(
      jobkit::ExitCode::invalid_data,
      fmt::format("the query file {} returned \"{}\" in column {} ({}) where {} was expected", query,
                  std::string(rows.text(row, column).substr(0, 40)), column + 1, rows.column_name(column), expected));
  error.code = "query_mismatch";
  throw jobkit::JobFailure(std::move(error));
}

}  // namespace

std::int64_t row_integer(const jobkit::PostgresRows& rows, std::size_t row, std::size_t column, std::string_view query) {
  const std::string_view text = rows.text(row, column);
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (rows.is_null(row, column) || error != std::errc() || end != text.data() + text.size()) {
    bad_value(rows, row, column, query, "an integer");
  }
  return value;
}

double row_number(const jobkit::PostgresRows& rows, std::size_t row, std::size_t column, std::string_view query) {
  const std::string_view text = rows.text(row, column);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (rows.is_null(row, column) || error != std::errc() || end != text.data() + text.size()) {
    bad_value(rows, row, column, query, "a number");
  }
  return value;
}

bool row_bool(const jobkit::PostgresRows& rows, std::size_t row, std::size_t column, std::string_view query) {
  const std::string_view text = rows.text(row, column);
  if (rows.is_null(row, column) || (text != "t" && text != "f")) bad_value(rows, row, column, query, "a boolean");
  return text == "t";
}

void require_columns(const jobkit::PostgresRows& rows, std::size_t columns, std::string_view query) {
  if (rows.columns() >= columns) return;
  jobkit::JobError error = jobkit::JobError::make(
      jobkit::ExitCode::invalid_data,
      fmt::format("the query file {} returns {} columns; calc-rankings needs {}", query, rows.columns(), columns));
  error.code = "query_mismatch";
  throw jobkit::JobFailure(std::move(error));
}

}  // namespace calc_rankings
