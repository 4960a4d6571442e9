#include "batched_delete.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "sql_names.hpp"

namespace cleanup {
namespace {

// Lock timeouts in a row after which the run gives up as temporary (the runner retries).
constexpr int k_lock_timeouts_tolerated = 3;

// The pause between batches, cut short at max_runtime: a long pause must not outlast it.
void pause_within_budget(const Pacing& pacing, const RunBudget& budget) {
  std::this_thread::sleep_for(std::min(pacing.pause, budget.remaining()));
}

// Victims in age order from the lower bound (so that each batch starts where the last one
// ended instead of walking past the index entries it left dead), deleted by key; the
// newest time deleted is the next batch's lower bound. "= ANY (ARRAY(...))" and not
// "IN (...)": the planner turns IN into a hash join over a scan of the whole table, each
// batch; ANY of an array is an index lookup per key.
jobkit::SqlQuery batch_statement(const AgedTable& table) {
  const std::string name = quote_identifier(table.names.table);
  const std::string key = quote_identifier(table.names.key_column);
  const std::string time = quote_identifier(table.names.time_column);
  return {fmt::format("batched delete from {}", table.names.table),
          fmt::format("WITH gone AS (DELETE FROM {0} WHERE {1} = ANY (ARRAY("
                      "SELECT {1} FROM {0} WHERE {2} >= $1::{3} AND {2} < $2::{3} "
                      "ORDER BY {2} LIMIT $3 FOR UPDATE SKIP LOCKED)) RETURNING {2}) "
                      "SELECT count(*), max({2})::text FROM gone",
                      name, key, time, table.time_type)};
}

}  // namespace

jobkit::Status apply_pacing_timeouts(jobkit::PostgresConnection& connection, const Pacing& pacing) {
  const jobkit::SqlQuery set{"cleanup timeouts",
                             "SELECT set_config('lock_timeout', $1, false), set_config('statement_timeout', $2, false)"};
  auto done = connection.execute(set, {std::to_string(pacing.lock_timeout.count()),
                                       std::to_string(pacing.statement_timeout.count())});
  if (!done) return done.error();
  return jobkit::Done{};
}

jobkit::Result<std::int64_t> count_rows_before(jobkit::PostgresConnection& connection, const AgedTable& table,
                                               const std::string& cutoff) {
  const jobkit::SqlQuery count{fmt::format("count of old rows in {}", table.names.table),
                               fmt::format("SELECT count(*) FROM {} WHERE {} < $1::{}",
                                           quote_identifier(table.names.table),
                                           quote_identifier(table.names.time_column), table.time_type)};
  auto result = connection.execute(count, {cutoff});
  if (!result) return result.error();
  return std::stoll(std::string(result->rows().text(0, 0)));
}

jobkit::Status delete_in_batches(jobkit::PostgresConnection& connection, const AgedTable& table,
                                 const std::string& from, const std::string& to, const Pacing& pacing,
                                 const RunBudget& budget, TargetReport& report) {
  const jobkit::SqlQuery statement = batch_statement(table);
  std::string lower = from;
  int lock_timeouts = 0;
  for (;;) {
    if (budget.expired()) {
      report.stopped_at_time_limit = true;
      return jobkit::Done{};
    }
    const auto started = std::chrono::steady_clock::now();
    auto batch = connection.execute(statement, {lower, to, std::to_string(pacing.batch_size)});
    if (!batch) {
      // A live transaction held a lock longer than we may wait: step back and try again.
      if (batch.error().code == "sqlstate_55P03" && ++lock_timeouts <= k_lock_timeouts_tolerated) {
        pause_within_budget(pacing, budget);
        continue;
      }
      return batch.error();
    }
    lock_timeouts = 0;
    report.add_batch(elapsed_since(started));
    const auto rows = batch->rows();
    const std::int64_t deleted = std::stoll(std::string(rows.text(0, 0)));
    report.removed += deleted;
    if (deleted < pacing.batch_size) return jobkit::Done{};
    lower = std::string(rows.text(0, 1));
    pause_within_budget(pacing, budget);
  }
}

}  // namespace cleanup
