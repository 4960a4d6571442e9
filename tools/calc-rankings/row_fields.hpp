// Text fields of a result row to numbers, failing with the query file's name and the column.
#pragma once

#include <cstdint>
#include <string_view>

#include "jobkit/job_error.hpp"
#include "jobkit/postgres_connection.hpp"

namespace calc_rankings {

// Throws jobkit::JobFailure (invalid data, 65, naming the query and column) for a value that
// is not what the query file promises: a mapping error of the operator's own query.
std::int64_t row_integer(const jobkit::PostgresRows& rows, std::size_t row, std::size_t column, std::string_view query);
double row_number(const jobkit::PostgresRows& rows, std::size_t row, std::size_t column, std::string_view query);
bool row_bool(const jobkit::PostgresRows& rows, std::size_t row, std::size_t column, std::string_view query);

// Throws the same error when the result has fewer columns than the query file promises.
void require_columns(const jobkit::PostgresRows& rows, std::size_t columns, std::string_view query);

}  // namespace calc_rankings
