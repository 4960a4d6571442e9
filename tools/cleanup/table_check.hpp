// The job names the table and its columns (the platform's schema may differ from the
// reference one): before any statement uses them, check they exist, so that a wrong name is
// reported at its field, not as a failed query.
#pragma once

#include "job.hpp"
#include "jobkit/postgres_connection.hpp"

namespace cleanup {

// Errors: invalid_data (65) at /table, /key_column or /time_column naming what is missing.
jobkit::Status check_table_names(jobkit::PostgresConnection& connection, const TableNames& names);

}  // namespace cleanup
