#include "sessions.hpp"

#include "batched_delete.hpp"
#include "postgres_session.hpp"
#include "table_check.hpp"

namespace cleanup {
namespace {

jobkit::JobError unknown_time_zone(const std::string& time_zone) {
  jobkit::JobError error = jobkit::JobError::make(
      jobkit::ExitCode::invalid_data, "PostgreSQL does not know the time zone \"" + time_zone + "\"", "/time_zone");
  error.code = "unknown_time_zone";
  return error;
}

// The session store's own zone: the job's, or else the connection's default, which is the
// server's (or the database's or role's) TimeZone setting. Only a named zone is taken:
// TimeZone also reads any POSIX rule ("Europe/Berlin1" is one hour west of UTC), which would
// judge expiry hours off without a word.
jobkit::Result<std::string> use_time_zone(jobkit::PostgresConnection& connection, const std::string& time_zone) {
  const jobkit::SqlQuery query{"session time zone",
                               time_zone.empty() ? "SELECT current_setting('TimeZone')"
                                                 : "SELECT set_config('TimeZone', $1, false) WHERE EXISTS "
                                                   "(SELECT 1 FROM pg_timezone_names WHERE lower(name) = lower($1))"};
  auto result = time_zone.empty() ? connection.execute(query) : connection.execute(query, {time_zone});
  if (!result) {
    if (!time_zone.empty() && result.error().exit_code == jobkit::ExitCode::invalid_data) {
      return unknown_time_zone(time_zone);
    }
    return result.error();
  }
  if (result->rows().rows() == 0) return unknown_time_zone(time_zone);
  return std::string(result->rows().text(0, 0));
}

}  // namespace

jobkit::Result<TargetReport> clean_sessions(const CleanupJob& job, const jobkit::ToolContext& context,
                                            const RunBudget& budget) {
  auto connected = connect_database(context, job.pacing);
  if (!connected) return connected.error();
  jobkit::PostgresConnection& connection = connected.value();
  if (auto named = check_table_names(connection, job.sessions.names); !named) return named.error();
  auto zone = use_time_zone(connection, job.sessions.time_zone);
  if (!zone) return zone.error();
  auto cutoff = database_cutoff(connection, job.older_than, ClockKind::local);
  if (!cutoff) return cutoff.error();
  const AgedTable table{job.sessions.names, "timestamp"};
  TargetReport report;
  report.details["cutoff"] = cutoff.value();
  report.details["time_zone"] = zone.value();
  if (context.mode == jobkit::RunMode::dry_run) {
    auto old_rows = count_rows_before(connection, table, cutoff.value());
    if (!old_rows) return old_rows.error();
    report.removed = old_rows.value();
    return report;
  }
  if (auto timeouts = apply_pacing_timeouts(connection, job.pacing); !timeouts) return timeouts.error();
  if (auto deleted = delete_in_batches(connection, table, "-infinity", cutoff.value(), job.pacing, budget, report);
      !deleted) {
    return deleted.error();
  }
  return report;
}

}  // namespace cleanup
