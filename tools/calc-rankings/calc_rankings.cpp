#include "calc_rankings.hpp"

#include <chrono>
#include <optional>

#include <fmt/format.h>

#include "jobkit/postgres_connection.hpp"
#include "jobkit/redis_connection.hpp"
#include "jobkit/shipped_data.hpp"
#include "postgres_publisher.hpp"
#include "postgres_source.hpp"
#include "query_files.hpp"
#include "rank_notifications.hpp"
#include "redis_publisher.hpp"
#include "report.hpp"
#include "scope_plan.hpp"
#include "scoring.hpp"
#include "timestamp.hpp"

namespace calc_rankings {
namespace {

std::filesystem::path queries_folder(const Options& options, const jobkit::ToolContext& context) {
  if (!options.queries_dir.empty()) return options.queries_dir;
  return jobkit::shipped_data_folder({.tool = "calc-rankings", .folder = "queries", .variable = "CALC_RANKINGS_QUERIES"},
                                     context.environment);
}

jobkit::Status take_run_lock(jobkit::PostgresConnection& connection, const std::filesystem::path& queries) {
  auto query = load_query(queries, "lock");
  if (!query) return query.error();
  auto locked = connection.execute(query.value());
  if (!locked) return locked.error();
  if (locked->rows().rows() == 1 && locked->rows().text(0, 0) == "t") return jobkit::Done{};
  jobkit::JobError error = jobkit::JobError::make(
      jobkit::ExitCode::temporary, "another calc-rankings run is publishing rankings to this database; try again later");
  error.code = "rankings_locked";
  return error;
}

// The stored watermark of scope "changed" (nullopt: none yet). A real run creates its table.
jobkit::Result<std::optional<std::string>> stored_watermark(jobkit::PostgresConnection& connection,
                                                            const std::filesystem::path& queries,
                                                            const RankingJob& job, bool dry_run) {
  if (!dry_run) {
    auto table = load_query(queries, "watermark_table");
    if (!table) return table.error();
    if (auto created = connection.execute(table.value()); !created) return created.error();
  }
  auto read = load_query(queries, "watermark_read");
  if (!read) return read.error();
  auto result = connection.execute(read.value(), {job.publish.key_prefix});
  if (!result) return result.error();
  if (result->rows().rows() == 0 || result->rows().is_null(0, 0)) return std::optional<std::string>();
  return std::optional<std::string>(std::string(result->rows().text(0, 0)));
}

jobkit::Status store_watermark(jobkit::PostgresConnection& connection, const std::filesystem::path& queries,
                               const RankingJob& job, std::int64_t watermark) {
  auto table = load_query(queries, "watermark_table");
  auto write = load_query(queries, "watermark_write");
  if (!table) return table.error();
  if (!write) return write.error();
  if (auto created = connection.execute(table.value()); !created) return created.error();
  if (auto written = connection.execute(write.value(), {job.publish.key_prefix, std::to_string(watermark)}); !written) {
    return written.error();
  }
  return jobkit::Done{};
}

jobkit::Result<std::int64_t> read_snapshot_time(jobkit::PostgresConnection& connection,
                                                const std::filesystem::path& queries) {
  auto query = load_query(queries, "snapshot_time");
  if (!query) return query.error();
  auto result = connection.execute(query.value());
  if (!result) return result.error();
  if (result->rows().rows() != 1) return jobkit::JobError::make(jobkit::ExitCode::invalid_data, query->name + " returned no row");
  return std::stoll(std::string(result->rows().text(0, 0)));
}

std::string scope_name(ScopeKind kind) {
  switch (kind) {
    case ScopeKind::all: return "all";
    case ScopeKind::groups: return "group";
    case ScopeKind::changed: return "changed";
  }
  return "all";
}

}  // namespace

jobkit::Result<nlohmann::json> run_job(const nlohmann::json& document, const jobkit::ToolContext& context,
                                       const Options& options) {
  const auto started = std::chrono::steady_clock::now();
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  auto job_read = read_job(document, now.count());
  if (!job_read) return job_read.error();
  const RankingJob& job = job_read.value();
  const bool dry_run = context.mode == jobkit::RunMode::dry_run;
  const std::filesystem::path queries = queries_folder(options, context);

  auto connected = jobkit::PostgresConnection::from_environment(context.environment);
  if (!connected) return connected.error();
  jobkit::PostgresConnection& connection = connected.value();
  // Redis first: a run that cannot publish should fail before minutes of reading.
  std::optional<jobkit::RedisConnection> redis;
  if (!dry_run && job.publish.redis) {
    auto redis_connected = jobkit::RedisConnection::from_environment(context.environment);
    if (!redis_connected) return redis_connected.error();
    redis.emplace(std::move(redis_connected).value());
  }
  if (!dry_run) {
    if (auto locked = take_run_lock(connection, queries); !locked) return locked.error();
  }
  std::optional<std::string> since = job.scope.since;
  if (job.scope.kind == ScopeKind::changed && !since) {
    auto stored = stored_watermark(connection, queries, job, dry_run);
    if (!stored) return stored.error();
    since = stored.value();
  }

  ScopePlan plan;
  std::int64_t snapshot = 0;
  std::vector<Contractor> contractors;
  PublishedRanks previous;
  auto read = connection.transaction(jobkit::TransactionAccess::read_only, [&]() -> jobkit::Status {
    auto snapshot_time = read_snapshot_time(connection, queries);
    if (!snapshot_time) return snapshot_time.error();
    snapshot = snapshot_time.value();
    auto planned = plan_scope(connection, queries, job, since);
    if (!planned) return planned.error();
    plan = std::move(planned).value();
    if (auto loaded = read_contractors(connection, queries, job, plan.categories, contractors); !loaded) return loaded;
    if (job.publish.postgres) return read_published_ranks(connection, queries, plan.categories, previous);
    return jobkit::Done{};
  });
  if (!read) return read.error();

  const auto means = category_means(contractors);
  for (Contractor& contractor : contractors) {
    const auto mean = means.find(contractor.category_id);
    score_contractor(contractor, mean == means.end() ? 0.0 : mean->second, job.parameters);
  }
  rank_contractors(contractors);
  const std::vector<std::int64_t> categories = planned_categories(plan);
  const auto moved = moved_contractors(contractors, previous, job.move_threshold);

  nlohmann::json published = {{"redis_keys", 0}, {"postgres_rows", 0}, {"postgres_changed", 0}};
  nlohmann::json watermark = nullptr;
  nlohmann::json enqueue = nlohmann::json::array();
  if (!dry_run) {
    if (job.publish.postgres) {
      auto publication = publish_to_postgres(connection, queries, job, contractors, plan.categories);
      if (!publication) return publication.error();
      published["postgres_rows"] = publication->rows;
      published["postgres_changed"] = publication->changed;
      published["postgres_removed"] = publication->removed;
    }
    if (redis) {
      auto keys = publish_to_redis(*redis, job.publish.key_prefix, contractors, categories, plan.slugs);
      if (!keys) return keys.error();
      published["redis_keys"] = keys->size();
    }
    // Only a run that covered every change moves the watermark on.
    if (job.scope.kind != ScopeKind::groups) {
      const std::int64_t next = snapshot - job.overlap_seconds;
      if (auto stored = store_watermark(connection, queries, job, next); !stored) return stored.error();
      watermark = format_rfc3339(next);
    }
    if (job.notify) {
      std::string run_id = context.metadata.id.value_or(job.as_of);
      for (char& c : run_id) if (c == ':') c = '-';
      auto notifications = ranking_notifications(connection, queries, *job.notify, moved, run_id);
      if (!notifications) return notifications.error();
      enqueue = std::move(notifications).value();
    }
  }

  std::int64_t ranked = 0;
  for (const Contractor& contractor : contractors) ranked += contractor.ranked ? 1 : 0;
  nlohmann::json result = {
      {"dry_run", dry_run},
      {"as_of", job.as_of},
      {"scope", scope_name(job.scope.kind)},
      {"since", since ? nlohmann::json(*since) : nlohmann::json(nullptr)},
      {"parameters", parameters_json(job)},
      {"categories", categories.size()},
      {"contractors", contractors.size()},
      {"ranked", ranked},
      {"unranked", static_cast<std::int64_t>(contractors.size()) - ranked},
      {"groups", group_reports(contractors, categories, means, plan.slugs, job.top)},
      {"moved", moved_json(moved, plan.slugs)},
      {"published", published},
      {"watermark", watermark},
      {"duration_ms", std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count()}};
  if (!enqueue.empty()) result["enqueue"] = std::move(enqueue);
  return result;
}

}  // namespace calc_rankings
