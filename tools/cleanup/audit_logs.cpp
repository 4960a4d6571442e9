#include "audit_logs.hpp"

#include <ctime>

#include <fmt/format.h>

#include "audit_archive.hpp"
#include "jobkit/random.hpp"
#include "audit_partitions.hpp"
#include "batched_delete.hpp"
#include "postgres_session.hpp"
#include "sql_names.hpp"
#include "table_check.hpp"

namespace cleanup {
namespace {

// A file name part from a table name: letters, digits, '_', '-' and '.' kept, the rest '_'.
std::string file_name_part(std::string_view name) {
  std::string part;
  for (char c : name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    part += plain ? c : '_';
  }
  return part;
}

// 20261201T174500Z-3f9a1c: archive files of one run share it and sort by run. The random
// part keeps two runs that start within one second (a retry right after a crash) from
// choosing the same names, where the second's rename would replace the first's archive.
std::string run_stamp() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return std::string(text) + "-" + jobkit::random_hex(6);
}

struct AuditRun {
  const CleanupJob& job;
  jobkit::PostgresConnection& connection;
  const RunBudget& budget;
  AgedTable table;
  std::string cutoff;
  std::optional<jobkit::StorageRoot> storage;
  std::string stamp = run_stamp();
  TargetReport report;
};

std::string archive_path(const AuditRun& run, std::string_view name, std::size_t part) {
  return fmt::format("{}/{}-{}-{}.ndjson.gz", run.job.audit_logs.archive->folder, file_name_part(name), run.stamp, part);
}

jobkit::Result<std::int64_t> count_partition_rows(jobkit::PostgresConnection& connection, const Partition& partition) {
  auto counted = connection.execute({fmt::format("count of partition {}", partition.name),
                                     fmt::format("SELECT count(*) FROM {}", partition.name)});
  if (!counted) return counted.error();
  return std::stoll(std::string(counted->rows().text(0, 0)));
}

jobkit::Status drop_old_partitions(AuditRun& run, bool dry_run) {
  auto partitions = partitions_before(run.connection, run.table.names.table, run.cutoff);
  if (!partitions) return partitions.error();
  nlohmann::json dropped = nlohmann::json::array();
  DetachMode mode = DetachMode::concurrently;
  if (!partitions->empty()) {
    auto with_default = has_default_partition(run.connection, run.table.names.table);
    if (!with_default) return with_default.error();
    if (with_default.value()) mode = DetachMode::plain;
    run.report.details["detach"] = with_default.value() ? "plain" : "concurrently";
  }
  for (const Partition& partition : partitions.value()) {
    if (run.budget.expired()) {
      run.report.stopped_at_time_limit = true;
      break;
    }
    const auto started = std::chrono::steady_clock::now();
    std::int64_t rows = 0;
    // A marked partition's rows were archived by the run that marked it, just before.
    if (run.storage && !dry_run && !partition.marked) {
      auto archived = archive_rows(run.connection, *run.storage, archive_path(run, partition.name, 0), partition.name,
                                   run.table, "-infinity", "infinity");
      if (!archived) return archived.error();
      rows = archived.value();
      run.report.archived += rows;
    } else {
      auto counted = count_partition_rows(run.connection, partition);
      if (!counted) return counted.error();
      rows = counted.value();
    }
    if (!dry_run) {
      if (auto gone = drop_partition(run.connection, run.table.names.table, partition, mode); !gone) return gone;
      run.report.add_batch(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started));
    }
    run.report.removed += rows;
    dropped.push_back(partition.name);
  }
  run.report.details["partitions_dropped"] = dropped;
  return jobkit::Done{};
}

// Chunk by chunk: archive the chunk's rows, then delete them in batches.
jobkit::Status archive_and_delete(AuditRun& run) {
  std::string from = "-infinity";
  nlohmann::json files = nlohmann::json::array();
  for (std::size_t part = 1; !run.budget.expired(); ++part) {
    auto end = chunk_end(run.connection, run.table, from, run.cutoff, run.job.audit_logs.archive->rows_per_file);
    if (!end) return end.error();
    const std::string path = archive_path(run, run.table.names.table, part);
    auto archived = archive_rows(run.connection, *run.storage, path, quote_identifier(run.table.names.table), run.table,
                                 from, end.value());
    if (!archived) return archived.error();
    if (archived.value() > 0) files.push_back(path);
    run.report.archived += archived.value();
    if (auto deleted = delete_in_batches(run.connection, run.table, from, end.value(), run.job.pacing, run.budget,
                                         run.report);
        !deleted) {
      return deleted;
    }
    if (end.value() == run.cutoff || run.report.stopped_at_time_limit) break;
    from = end.value();
  }
  if (run.budget.expired()) run.report.stopped_at_time_limit = true;
  run.report.details["archive_files"] = files;
  return jobkit::Done{};
}

}  // namespace

jobkit::Result<TargetReport> clean_audit_logs(const CleanupJob& job, const jobkit::ToolContext& context,
                                              const RunBudget& budget) {
  const bool dry_run = context.mode == jobkit::RunMode::dry_run;
  std::optional<jobkit::StorageRoot> storage;
  if (job.audit_logs.archive) {
    auto opened = jobkit::StorageRoot::from_environment(context.environment);
    if (!opened) return opened.error();
    storage.emplace(std::move(opened).value());
    if (auto checked = storage->resolve(job.audit_logs.archive->folder, "/archive/folder"); !checked) return checked.error();
  }
  auto connected = connect_database(context, job.pacing);
  if (!connected) return connected.error();
  jobkit::PostgresConnection& connection = connected.value();
  if (auto named = check_table_names(connection, job.audit_logs.names); !named) return named.error();
  auto cutoff = database_cutoff(connection, job.older_than, ClockKind::absolute);
  if (!cutoff) return cutoff.error();
  AuditRun run{job, connection, budget, {job.audit_logs.names, "timestamptz"}, cutoff.value(), std::move(storage)};
  run.report.details["cutoff"] = run.cutoff;
  if (auto timeouts = apply_pacing_timeouts(connection, job.pacing); !timeouts) return timeouts.error();

  if (job.audit_logs.drop_partitions) {
    if (auto dropped = drop_old_partitions(run, dry_run); !dropped) return dropped.error();
  }
  if (dry_run) {
    // Every old row, those of the partitions listed above included.
    auto old_rows = count_rows_before(connection, run.table, run.cutoff);
    if (!old_rows) return old_rows.error();
    run.report.removed = old_rows.value();
    if (job.audit_logs.archive) run.report.archived = old_rows.value();
    return std::move(run.report);
  }
  if (run.report.stopped_at_time_limit) return std::move(run.report);
  auto deleted = run.storage ? archive_and_delete(run)
                             : delete_in_batches(connection, run.table, "-infinity", run.cutoff, job.pacing, budget, run.report);
  if (!deleted) return deleted.error();
  return std::move(run.report);
}

}  // namespace cleanup
