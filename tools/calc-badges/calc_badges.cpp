#include "calc_badges.hpp"

#include <algorithm>
#include <chrono>
#include <limits>

#include "badge_catalog.hpp"
#include "badge_notifications.hpp"
#include "badge_queries.hpp"
#include "badge_run.hpp"
#include "fact_reader.hpp"
#include "job.hpp"
#include "jobkit/shipped_data.hpp"
#include "rules_file.hpp"
#include "sweep_reader.hpp"

namespace calc_badges {
namespace {

std::filesystem::path queries_folder(const Options& options, const jobkit::EnvironmentLookup& environment) {
  if (!options.queries_dir.empty()) return options.queries_dir;
  return jobkit::shipped_data_folder({.tool = "calc-badges", .folder = "queries", .variable = "CALC_BADGES_QUERIES"},
                                     environment);
}

std::string mode_name(Mode mode) {
  switch (mode) {
    case Mode::contractor: return "contractor";
    case Mode::list: return "list";
    case Mode::sweep: return "sweep";
  }
  return "sweep";
}

// Rows fetched per cursor round trip during a sweep: a few batches' worth of one table.
constexpr std::size_t sweep_fetch_rows = 20000;
// The first fetch of a sweep's cursor sorts a whole table (tens of seconds at 10M rows on a
// busy machine); the shorter default would cancel it.
constexpr std::chrono::minutes sweep_statement_timeout{15};

// Every contractor in id order, batch by batch. The facts stream from a second connection's
// read-only snapshot, each table read once in contractor order; the writes go through the
// run's connection, one locked transaction per batch, so a sweep holds one batch in memory and
// a contractor's lock for one batch only.
jobkit::Status sweep(const BadgeQueries& queries, const BadgeCatalog& catalog, const BadgeJob& job,
                     const jobkit::ToolContext& context, BadgeRun& run) {
  auto reading = jobkit::PostgresConnection::from_environment(context.environment,
                                                              {.statement = sweep_statement_timeout});
  if (!reading) return reading.error();
  jobkit::PostgresConnection& connection = reading.value();
  return connection.transaction(jobkit::TransactionAccess::read_only, [&]() -> jobkit::Status {
    auto reader = SweepReader::open(connection, queries, fact_needs(catalog.rules), sweep_fetch_rows);
    if (!reader) return reader.error();
    for (;;) {
      auto batch = reader->next(static_cast<std::size_t>(job.batch_size));
      if (!batch) return batch.error();
      if (batch->empty()) return jobkit::Done{};
      if (auto done = run.run_read_batch(batch.value(), reader->as_of_us()); !done) return done;
      context.progress.report(nlohmann::json{{"stage", "sweep"}, {"contractors", run.totals().contractors}});
    }
  });
}

// The named contractors, batch_size at a time; ids without a contractor row are returned.
jobkit::Result<std::vector<std::int64_t>> named(const std::vector<ContractorRow>& found, const BadgeJob& job,
                                                BadgeRun& run) {
  std::vector<std::int64_t> missing;
  for (std::int64_t id : job.contractor_ids) {
    const bool exists = std::any_of(found.begin(), found.end(), [id](const ContractorRow& row) { return row.id == id; });
    if (!exists) missing.push_back(id);
  }
  const auto batch = static_cast<std::size_t>(job.batch_size);
  for (std::size_t start = 0; start < found.size(); start += batch) {
    const auto end = found.begin() + static_cast<std::ptrdiff_t>(std::min(found.size(), start + batch));
    if (auto done = run.run_batch({found.begin() + static_cast<std::ptrdiff_t>(start), end}); !done) return done.error();
  }
  return missing;
}

struct FirstReads {
  BadgeCatalog catalog;
  std::vector<ContractorRow> named;  // a named job's contractors that exist
};

// The badge catalogue and, for a named job, its contractors: one round trip.
jobkit::Result<FirstReads> first_reads(jobkit::PostgresConnection& connection, const BadgeQueries& queries,
                                       const std::vector<BadgeRule>& file_rules, const BadgeJob& job) {
  std::vector<jobkit::PipelinedStatement> statements{{.query = &queries.badges}};
  if (job.mode != Mode::sweep) {
    statements.push_back({.query = &queries.contractors, .parameters = {id_array(job.contractor_ids)}});
  }
  auto results = connection.execute_pipeline(statements);
  if (!results) return results.error();
  auto catalog = read_badge_catalog(results->at(0).rows(), queries, file_rules);
  if (!catalog) return catalog.error();
  FirstReads reads{.catalog = std::move(catalog).value(), .named = {}};
  if (job.mode != Mode::sweep) {
    auto found = named_contractors(results->at(1).rows(), queries.contractors);
    if (!found) return found.error();
    reads.named = std::move(found).value();
  }
  return reads;
}

nlohmann::json changes_json(const std::vector<BadgeChange>& changes) {
  nlohmann::json list = nlohmann::json::array();
  for (const BadgeChange& change : changes) {
    list.push_back({{"contractor_id", change.contractor_id},
                    {"badge", change.slug},
                    {"change", change.kind == ChangeKind::award ? "awarded" : "revoked"}});
  }
  return list;
}

std::int64_t sum(const std::map<std::string, std::int64_t>& counts) {
  std::int64_t total = 0;
  for (const auto& [slug, count] : counts) total += count;
  return total;
}

}  // namespace

void warm_up(const jobkit::EnvironmentLookup&) { jobkit::warm_up_postgres_client(); }

std::unique_ptr<jobkit::SpareWork> prepare_next_job() {
  std::vector<std::string> statements;
  // The job's --queries is not known yet: the default folder. Without its files the job
  // fails on its own, before it connects.
  if (auto queries = load_badge_queries(queries_folder(Options{}, jobkit::process_environment()))) {
    const BadgeQueries& loaded = queries.value();
    for (const jobkit::SqlQuery* query : {&loaded.badges, &loaded.contractors, &loaded.lock, &loaded.reviews,
                                          &loaded.bookings, &loaded.rankings, &loaded.held, &loaded.award,
                                          &loaded.revoke, &loaded.unlock}) {
      statements.push_back(query->text);
    }
    if (loaded.contractor_category_sizes) statements.push_back(loaded.contractor_category_sizes->text);
  }
  return jobkit::open_postgres_connection_ahead(std::move(statements));
}

jobkit::Result<nlohmann::json> run_job(const nlohmann::json& document, const jobkit::ToolContext& context,
                                       const Options& options) {
  const auto started = std::chrono::steady_clock::now();
  auto job_read = read_job(document);
  if (!job_read) return job_read.error();
  const BadgeJob& job = job_read.value();
  const bool dry_run = context.mode == jobkit::RunMode::dry_run;
  // The rules and the SQL files first: a broken file fails the job before any connection.
  auto file_rules = load_rules(options, context);
  if (!file_rules) return file_rules.error();
  auto queries = load_badge_queries(queries_folder(options, context.environment));
  if (!queries) return queries.error();

  auto connected = jobkit::PostgresConnection::from_environment(context.environment);
  if (!connected) return connected.error();
  jobkit::PostgresConnection& connection = connected.value();
  auto first = first_reads(connection, queries.value(), file_rules.value(), job);
  if (!first) return first.error();
  const BadgeCatalog& catalog = first->catalog;

  RunSettings settings{.dry_run = dry_run};
  if (job.notify && !dry_run) {
    settings.announce_since_us = context.metadata.timestamp ? *context.metadata.timestamp * 1000
                                                            : std::numeric_limits<std::int64_t>::max();
  }
  BadgeRun run(connection, queries.value(), catalog, settings);
  std::vector<std::int64_t> missing;
  if (job.mode == Mode::sweep) {
    if (auto done = sweep(queries.value(), catalog, job, context, run); !done) return done.error();
  } else {
    auto done = named(first->named, job, run);
    if (!done) return done.error();
    missing = std::move(done).value();
  }
  const RunTotals& totals = run.totals();

  nlohmann::json enqueue = nlohmann::json::array();
  if (job.notify && !dry_run) {
    auto notifications = badge_notifications(connection, queries.value(), *job.notify, catalog, totals.announce);
    if (!notifications) return notifications.error();
    enqueue = std::move(notifications).value();
  }
  std::vector<std::string> badges;
  for (const BadgeRule& rule : catalog.rules) badges.push_back(rule.slug);
  nlohmann::json result = {
      {"dry_run", dry_run},
      {"mode", mode_name(job.mode)},
      {"badges", badges},
      {"contractors", totals.contractors},
      {"not_found", missing},
      {"awarded", totals.awarded},
      {"revoked", totals.revoked},
      {"counts", {{"awarded", sum(totals.awarded)}, {"revoked", sum(totals.revoked)}}},
      {"changes", changes_json(totals.changes)},
      {"duration_ms",
       std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count()}};
  if (job.notify && !dry_run) {
    // Awards past notify.max: written, not announced.
    result["not_announced"] = job.notify->left_out(totals.announce.size());
  }
  if (!enqueue.empty()) result["enqueue"] = std::move(enqueue);
  return result;
}

}  // namespace calc_badges
