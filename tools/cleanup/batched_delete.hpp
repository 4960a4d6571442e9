// The one way the PostgreSQL targets remove rows: in small batches chosen by age and
// deleted by key, each batch its own short transaction under lock_timeout and
// statement_timeout, locked rows skipped (a live request keeps them), a pause between
// batches, and a stop at the run's time limit.
#pragma once

#include <cstdint>
#include <string>

#include "job.hpp"
#include "jobkit/postgres_connection.hpp"
#include "target_report.hpp"

namespace cleanup {

// A table and the SQL type of its time column ("timestamptz", or "timestamp" for a column
// without time zone), into which the bounds are cast.
struct AgedTable {
  TableNames names;
  std::string time_type;
};

// Sets the connection's lock_timeout and statement_timeout for every statement that follows.
jobkit::Status apply_pacing_timeouts(jobkit::PostgresConnection& connection, const Pacing& pacing);

// The rows whose time is before `cutoff` (text of the time type).
jobkit::Result<std::int64_t> count_rows_before(jobkit::PostgresConnection& connection, const AgedTable& table,
                                               const std::string& cutoff);

// Deletes the rows whose time is in [from, to) batch by batch until fewer than a batch are
// left or the budget runs out (then report.stopped_at_time_limit). A batch that hits the
// lock timeout is tried again after the pause, a few times. Errors: the connection's.
jobkit::Status delete_in_batches(jobkit::PostgresConnection& connection, const AgedTable& table,
                                 const std::string& from, const std::string& to, const Pacing& pacing,
                                 const RunBudget& budget, TargetReport& report);

}  // namespace cleanup
