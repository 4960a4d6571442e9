#include "calc_rankings.hpp"

#include <chrono>
#include <future>
#include <optional>

#include <fmt/format.h>

#include "jobkit/postgres_connection.hpp"
#include "jobkit/redis_connection.hpp"
#include "jobkit/shipped_data.hpp"
#include "jobkit/storage.hpp"
#include "ndjson_reviews.hpp"
#include "postgres_publisher.hpp"
#include "incremental_run.hpp"
#include "postgres_source.hpp"
#include "ranking_changes.hpp"
#include "redis_changes.hpp"
#include "jobkit/sql_files.hpp"
#include "rank_notifications.hpp"
#include "redis_publisher.hpp"
#include "report.hpp"
#include "scope_plan.hpp"
#include "scoring.hpp"
#include "timestamp.hpp"

namespace calc_rankings {
namespace {

// The result lists the contractors that moved furthest, at most this many (it must stay well
// under queue-runner's max_output_bytes, 1 MiB by default); moved_count says how many moved.
constexpr std::size_t max_listed_moves = 1000;

std::filesystem::path queries_folder(const Options& options, const jobkit::ToolContext& context) {
  if (!options.queries_dir.empty()) return options.queries_dir;
  return jobkit::shipped_data_folder({.tool = "calc-rankings", .folder = "queries", .variable = "CALC_RANKINGS_QUERIES"},
                                     context.environment);
}

jobkit::Status take_run_lock(jobkit::PostgresConnection& connection, const std::filesystem::path& queries) {
  auto query = jobkit::load_sql_file(queries, "lock");
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
    auto table = jobkit::load_sql_file(queries, "watermark_table");
    if (!table) return table.error();
    if (auto created = connection.execute(table.value()); !created) return created.error();
  }
  auto read = jobkit::load_sql_file(queries, "watermark_read");
  if (!read) return read.error();
  auto result = connection.execute(read.value(), {job.publish.key_prefix});
  if (!result) return result.error();
  if (result->rows().rows() == 0 || result->rows().is_null(0, 0)) return std::optional<std::string>();
  return std::optional<std::string>(std::string(result->rows().text(0, 0)));
}

jobkit::Status store_watermark(jobkit::PostgresConnection& connection, const std::filesystem::path& queries,
                               const RankingJob& job, std::int64_t watermark) {
  auto table = jobkit::load_sql_file(queries, "watermark_table");
  auto write = jobkit::load_sql_file(queries, "watermark_write");
  if (!table) return table.error();
  if (!write) return write.error();
  if (auto created = connection.execute(table.value()); !created) return created.error();
  if (auto written = connection.execute(write.value(), {job.publish.key_prefix, std::to_string(watermark)}); !written) {
    return written.error();
  }
  return jobkit::Done{};
}

// Runs first in the read transaction (SET LOCAL ends with it). The tool reads every row of
// every cursor it opens, so the planner should plan for whole results: with the default of 0.1
// it picks plans that return the first rows soon and the last ones late, e.g. bookings along
// the bookings(contractor_id, status) index with a random heap read per row, instead of one
// scan into a hash (1/10 bench scale, 19 categories: 3.8 s, 1.4 s). The booking counts are
// one group per contractor: a million groups need about 180 MB of hash, and with the default
// work_mem (4 MB) the planner walks that index instead, a random heap read per booking (10
// million bookings: 56 s against 7.8 s for the hash). Planner settings, not queries on the
// platform's schema: they stay out of the operator's query files.
jobkit::Status plan_for_whole_results(jobkit::PostgresConnection& connection) {
  for (const std::string_view setting : {"cursor_tuple_fraction = 1.0", "work_mem = '256MB'"}) {
    const jobkit::SqlQuery whole_results{"read plan", fmt::format("SET LOCAL {}", setting)};
    if (auto set = connection.execute(whole_results); !set) return set.error();
  }
  return jobkit::Done{};
}

jobkit::Result<std::int64_t> read_snapshot_time(jobkit::PostgresConnection& connection,
                                                const std::filesystem::path& queries) {
  auto query = jobkit::load_sql_file(queries, "snapshot_time");
  if (!query) return query.error();
  auto result = connection.execute(query.value());
  if (!result) return result.error();
  if (result->rows().rows() != 1) return jobkit::JobError::make(jobkit::ExitCode::invalid_data, query->name + " returned no row");
  return std::stoll(std::string(result->rows().text(0, 0)));
}

std::string slug_of(const Slugs& slugs, std::int64_t category) {
  const auto found = slugs.categories.find(category);
  return found == slugs.categories.end() ? std::to_string(category) : found->second;
}

// What an incremental run did: how many contractors changed, which categories it ranked
// whole and which kept their prior, and how many others only moved.
nlohmann::json incremental_json(const IncrementalRead& read, const RankingChanges& changes, const Slugs& slugs) {
  nlohmann::json whole = nlohmann::json::array();
  nlohmann::json kept = nlohmann::json::array();
  for (const std::int64_t category : read.plan.recompute) whole.push_back(slug_of(slugs, category));
  for (const std::int64_t category : read.plan.keep_prior) kept.push_back(slug_of(slugs, category));
  return {{"changed_contractors", read.changed.size()},
          {"ranked_whole", std::move(whole)},
          {"kept_prior", std::move(kept)},
          {"shifted", changes.shifted.size()}};
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
  // The review file is opened before any query, so a wrong path fails at once.
  std::optional<jobkit::FileDescriptor> reviews_file;
  if (job.reviews_file) {
    auto storage = jobkit::StorageRoot::from_environment(context.environment);
    if (!storage) return storage.error();
    auto opened = storage->open_for_reading(*job.reviews_file, "/reviews_file");
    if (!opened) return opened.error();
    reviews_file.emplace(std::move(opened).value());
  }
  std::optional<std::string> since = job.scope.since;
  if (job.scope.kind == ScopeKind::changed && !since) {
    auto stored = stored_watermark(connection, queries, job, dry_run);
    if (!stored) return stored.error();
    since = stored.value();
  }

  // An incremental run needs a watermark; without one, scope "changed" ranks every category.
  const bool incremental = job.scope.kind == ScopeKind::changed && since.has_value();
  if (!dry_run && job.publish.postgres) {
    if (auto created = create_state_tables(connection, queries); !created) return created.error();
  }
  ScopePlan plan;
  std::int64_t snapshot = 0;
  std::vector<Contractor> contractors;
  PublishedRanks previous;
  IncrementalRead changes_read;
  auto read = connection.transaction(jobkit::TransactionAccess::read_only, [&]() -> jobkit::Status {
    if (auto planned = plan_for_whole_results(connection); !planned) return planned;
    auto snapshot_time = read_snapshot_time(connection, queries);
    if (!snapshot_time) return snapshot_time.error();
    snapshot = snapshot_time.value();
    auto planned = plan_scope(connection, queries, job, since);
    if (!planned) return planned.error();
    plan = std::move(planned).value();
    if (incremental) {
      auto incremental_read = read_incremental(connection, queries, job, *since, job.publish.postgres, contractors);
      if (!incremental_read) return incremental_read.error();
      changes_read = std::move(incremental_read).value();
      plan.categories = changes_read.touched;
      return jobkit::Done{};
    }
    const ContractorFilter in_scope{.categories = plan.categories, .contractor_ids = std::nullopt};
    if (auto loaded = read_contractors(connection, queries, job, in_scope, contractors); !loaded) return loaded;
    if (reviews_file) {
      if (auto reviewed = read_ndjson_reviews(*reviews_file, job, contractors); !reviewed) return reviewed;
    }
    if (job.publish.postgres) return read_published_ranks(connection, queries, plan.categories, previous);
    return jobkit::Done{};
  });
  if (!read) return read.error();

  const auto priors = category_priors(contractors);  // of the categories read whole
  for (Contractor& contractor : contractors) {
    const auto prior = priors.find(contractor.category_id);
    score_contractor(contractor, prior == priors.end() ? 0.0 : prior->second.mean, job.parameters);
  }
  if (incremental) {
    place_changed(changes_read.plan, changes_read.fresh, changes_read.stored, changes_read.changed, job.parameters,
                  contractors);
    previous = stored_ranks(changes_read.stored);
  }
  rank_contractors(contractors);
  const std::vector<std::int64_t> categories = planned_categories(plan);
  const auto moved = moved_contractors(contractors, previous, job.move_threshold);
  const RankingChanges changes =
      incremental ? incremental_changes(contractors, changes_read.plan, changes_read.stored, changes_read.changed, priors)
                  : full_changes(contractors, plan.categories, priors);
  std::map<std::int64_t, double> means;
  for (const auto& [category, prior] : changes.priors) means[category] = prior.mean;
  for (const auto& [category, prior] : priors) means[category] = prior.mean;

  nlohmann::json published = {{"redis_keys", 0}, {"postgres_rows", 0}, {"postgres_changed", 0}};
  nlohmann::json watermark = nullptr;
  nlohmann::json enqueue = nlohmann::json::array();
  if (!dry_run) {
    // Whole sets do not depend on what PostgreSQL holds, so they are written while it
    // publishes (both servers at work at once); a patch starts from the published rows and
    // comes after. The future joins on every way out of this scope.
    const std::vector<std::int64_t>& whole = incremental ? changes_read.plan.recompute : categories;
    std::future<jobkit::Result<std::vector<std::string>>> whole_sets;
    if (redis) {
      whole_sets = std::async(std::launch::async, [&] {
        return publish_to_redis(*redis, job.publish.key_prefix, contractors, whole, plan.slugs);
      });
    }
    if (job.publish.postgres) {
      auto publication = publish_to_postgres(connection, queries, job, changes);
      if (!publication) return publication.error();
      published["postgres_rows"] = publication->rows;
      published["postgres_changed"] = publication->changed;
      published["postgres_removed"] = publication->removed;
      published["postgres_shifted"] = publication->shifted;
    }
    if (redis) {
      auto keys = whole_sets.get();
      if (!keys) return keys.error();
      std::size_t written = keys->size();
      if (incremental) {
        auto patched = patch_redis(*redis, job.publish.key_prefix, contractors, changes_read.stored,
                                   changes_read.plan.keep_prior, plan.slugs);
        if (!patched) return patched.error();
        written += patched.value();
      }
      published["redis_keys"] = written;
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
      const auto announced = furthest_moved(moved, static_cast<std::size_t>(job.notify->max));
      auto notifications = ranking_notifications(connection, queries, *job.notify, announced, run_id);
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
      {"moved", moved_json(furthest_moved(moved, max_listed_moves), plan.slugs)},
      {"moved_count", moved.size()},
      {"published", published},
      {"watermark", watermark},
      {"incremental", incremental ? incremental_json(changes_read, changes, plan.slugs) : nlohmann::json(nullptr)},
      {"duration_ms", std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count()}};
  if (job.notify && !dry_run) {
    // Moved contractors past notify.max: listed in moved_count, never announced.
    result["not_announced"] = job.notify->left_out(moved.size());
  }
  if (!enqueue.empty()) result["enqueue"] = std::move(enqueue);
  return result;
}

}  // namespace calc_rankings
