#include "sync_sheets.hpp"

#include <chrono>

#include <fmt/format.h>

#include <spdlog/spdlog.h>

#include "cell_values.hpp"
#include "google_endpoints.hpp"
#include "jobkit/shipped_data.hpp"
#include "jobkit/whole_number.hpp"
#include "row_source.hpp"
#include "service_account.hpp"
#include "sheet_writes.hpp"
#include "write_quota.hpp"

namespace sync_sheets {
namespace {

std::filesystem::path queries_folder(const Options& options, const jobkit::ToolContext& context) {
  if (!options.queries_dir.empty()) return options.queries_dir;
  return jobkit::shipped_data_folder({.tool = "sync-sheets", .folder = "queries", .variable = "SYNC_SHEETS_QUERIES"},
                                     context.environment);
}

jobkit::Result<std::int64_t> positive_setting(const jobkit::EnvironmentLookup& environment, const std::string& name,
                                              std::int64_t fallback) {
  const auto text = environment(name);
  if (!text || text->empty()) return fallback;
  const auto value = jobkit::parse_whole_number<std::int64_t>(*text);
  if (!value || *value < 1) {
    return jobkit::JobError::make(jobkit::ExitCode::config, name + " must be a whole number of at least 1", "env:" + name);
  }
  return *value;
}

// SHEETS_WRITES_PER_MINUTE writes per SHEETS_QUOTA_WINDOW_SECONDS (60): a project whose
// quota Google raised, or a test that must not wait whole minutes, sets them.
jobkit::Result<QuotaBudget> quota_budget(const jobkit::EnvironmentLookup& environment) {
  auto writes = positive_setting(environment, "SHEETS_WRITES_PER_MINUTE", k_default_writes_per_minute);
  if (!writes) return writes.error();
  auto window = positive_setting(environment, "SHEETS_QUOTA_WINDOW_SECONDS", 60);
  if (!window) return window.error();
  return QuotaBudget{.writes = writes.value(), .window = std::chrono::seconds(window.value())};
}

std::int64_t cell_count(const SheetsJob& job, std::size_t rows) {
  return static_cast<std::int64_t>((rows + (job.header ? 1 : 0)) * job.columns.size());
}

jobkit::Status within_cell_limit(const SheetsJob& job, std::size_t rows) {
  if (cell_count(job, rows) <= static_cast<std::int64_t>(k_max_spreadsheet_cells)) return jobkit::Done{};
  return jobkit::JobError::make(jobkit::ExitCode::invalid_data,
                                fmt::format("{} rows of {} columns pass the {} cells a spreadsheet may hold", rows,
                                            job.columns.size(), k_max_spreadsheet_cells),
                                job.source.kind == SourceKind::inline_rows ? "/rows" : job.source.kind == SourceKind::ndjson_file ? "/file" : "/query");
}

nlohmann::json dry_run_result(const SheetsJob& job, const ServiceAccount& account, std::size_t rows) {
  return {{"dry_run", true},
          {"mode", mode_name(job.mode)},
          {"spreadsheet_id", job.spreadsheet_id},
          {"tab", job.tab},
          {"service_account", account.client_email},
          {"rows", rows},
          {"cells", cell_count(job, rows)}};
}

}  // namespace

jobkit::Result<nlohmann::json> run_job(const nlohmann::json& document, const jobkit::ToolContext& context,
                                       const Options& options) {
  const auto started = std::chrono::steady_clock::now();
  auto job_read = read_job(document);
  if (!job_read) return job_read.error();
  const SheetsJob& job = job_read.value();
  auto account = read_service_account(context.environment);
  if (!account) return account.error();
  auto budget = quota_budget(context.environment);
  if (!budget) return budget.error();

  // Every row is read and checked (cell sizes, dates, the cell limit) before any request.
  // A replace from inline rows or a file checks every row here and reads them again while
  // writing, so that a large file is never held whole; a query runs once (a second run
  // could see other rows) and its rows are kept, as are the rows of append and upsert.
  // Inline rows are counted before their cells are made: a job far over the limit is
  // refused at once instead of after building millions of cells.
  if (job.source.kind == SourceKind::inline_rows) {
    if (auto fits = within_cell_limit(job, job.source.rows.size()); !fits) return fits.error();
  }
  const std::filesystem::path queries = queries_folder(options, context);
  const bool read_twice = job.mode == Mode::replace && job.source.kind != SourceKind::query;
  RowSet row_set;
  std::size_t counted = 0;
  auto read = for_each_record(job.source, queries, context.environment,
                              [&](const nlohmann::json& record, const std::string& where) -> jobkit::Status {
                                ++counted;
                                if (auto added = add_record(job, record, where, row_set); !added) return added;
                                if (read_twice) row_set.rows.clear();
                                return jobkit::Done{};
                              });
  if (!read) return read.error();
  if (auto fits = within_cell_limit(job, counted); !fits) return fits.error();
  if (context.mode == jobkit::RunMode::dry_run) return dry_run_result(job, account.value(), counted);

  auto redis = jobkit::RedisConnection::from_environment(context.environment);
  if (!redis) return redis.error();
  const GoogleEndpoints endpoints = google_endpoints(context.environment, account->token_uri);
  jobkit::HttpClient http;
  AccessTokens tokens(account.value(), endpoints, http, redis.value());
  WriteQuota quota(redis.value(), account->client_email, endpoints.sheets_url, budget.value(),
                   std::chrono::duration_cast<std::chrono::milliseconds>(k_request_timeout));
  SheetsClient client(job.spreadsheet_id, account.value(), endpoints, http, tokens, quota, context.metadata.attempt.value_or(1));
  const ProgressReport progress = [&context](int percent) { context.progress.report(percent); };

  RowStream stream = stream_of(row_set);
  if (read_twice) {
    stream = {counted, [&](const RowVisitor& visit) {
                return for_each_record(job.source, queries, context.environment,
                                       [&](const nlohmann::json& record, const std::string& where) -> jobkit::Status {
                                         RowSet one;
                                         if (auto added = add_record(job, record, where, one); !added) return added;
                                         return visit(one.rows.front());
                                       });
              }};
  }
  auto written = job.mode == Mode::replace ? replace_tab(client, job, stream, progress)
                                           : write_keyed(client, job, row_set, job.mode == Mode::upsert, progress);
  if (!written) return written.error();
  const WriteSummary& summary = written.value();
  const ApiTraffic& traffic = client.traffic();
  spdlog::info("{} {} rows to tab {}: {} requests, {} bytes sent", mode_name(job.mode), counted, job.tab,
               traffic.requests, traffic.bytes_sent);
  return nlohmann::json{
      {"dry_run", false},
      {"mode", mode_name(job.mode)},
      {"spreadsheet_id", job.spreadsheet_id},
      {"tab", job.tab},
      {"rows", counted},
      {"appended", summary.appended},
      {"updated", summary.updated},
      {"skipped", summary.skipped},
      {"written", summary.written},
      {"tab_created", summary.tab_created},
      {"requests", traffic.requests},
      {"write_requests", traffic.write_requests},
      {"bytes_sent", traffic.bytes_sent},
      {"largest_request_bytes", traffic.largest_request},
      {"quota_wait_seconds", quota.waited_seconds()},
      {"duration_ms", std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count()}};
}

}  // namespace sync_sheets
