#include "postgres_publisher.hpp"

#include <map>

#include <fmt/format.h>

#include "postgres_source.hpp"
#include "jobkit/sql_files.hpp"

namespace calc_rankings {
namespace {

constexpr std::size_t k_copy_rows_per_chunk = 5000;

void append_copy_row(std::string& data, const Contractor& c) {
  const auto rank = [&](std::int64_t value) { return c.ranked ? std::to_string(value) : std::string("\\N"); };
  fmt::format_to(std::back_inserter(data), "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", c.id, c.category_id, c.region_id,
                 c.score, rank(c.rank), rank(c.rank_in_region), c.review_count, c.weight_sum, c.weighted_ratings);
}

void append_shift_row(std::string& data, const Contractor& c) {
  fmt::format_to(std::back_inserter(data), "{}\t{}\t{}\n", c.id, c.rank, c.rank_in_region);
}

// COPY of rows in chunks, each formatted by append_row.
template <typename AppendRow>
jobkit::Status copy_rows(jobkit::PostgresConnection& connection, const jobkit::SqlQuery& copy,
                         const std::vector<const Contractor*>& rows, AppendRow append_row) {
  std::size_t next = 0;
  return connection.copy_in(copy, [&](std::string& data) {
    const std::size_t end = std::min(rows.size(), next + k_copy_rows_per_chunk);
    for (; next < end; ++next) append_row(data, *rows[next]);
    return next < rows.size();
  });
}

std::string float_array(const std::map<std::int64_t, CategoryPrior>& priors, double CategoryPrior::*field) {
  std::vector<std::string> values;
  for (const auto& entry : priors) values.push_back(fmt::format("{}", entry.second.*field));
  return fmt::format("{{{}}}", fmt::join(values, ","));
}

jobkit::Status store_priors(jobkit::PostgresConnection& connection, const jobkit::SqlQuery& query,
                            const RankingJob& job, const std::map<std::int64_t, CategoryPrior>& priors) {
  if (priors.empty()) return jobkit::Done{};
  std::vector<std::int64_t> categories;
  for (const auto& entry : priors) categories.push_back(entry.first);
  auto stored = connection.execute(query, {category_array(categories), float_array(priors, &CategoryPrior::mean),
                                           float_array(priors, &CategoryPrior::weight_sum),
                                           float_array(priors, &CategoryPrior::weighted_ratings), job.as_of,
                                           formula_key(job)});
  if (!stored) return stored.error();
  return jobkit::Done{};
}

}  // namespace

jobkit::Status read_published_ranks(jobkit::PostgresConnection& connection, const std::filesystem::path& queries,
                                    const std::optional<std::vector<std::int64_t>>& categories, PublishedRanks& ranks) {
  auto query = jobkit::load_sql_file(queries, "previous_ranks");
  if (!query) return query.error();
  return connection.stream(query.value(), {category_array(categories)}, 20000,
                           [&](const jobkit::PostgresRows& rows) -> jobkit::Status {
                             try {
                               jobkit::require_sql_columns(rows, 2, query->name);
                               for (std::size_t row = 0; row < rows.rows(); ++row) {
                                 ranks[jobkit::sql_integer(rows, row, 0, query->name)] =
                                     rows.is_null(row, 1) ? 0 : jobkit::sql_integer(rows, row, 1, query->name);
                               }
                             } catch (const jobkit::JobFailure& failure) {
                               return failure.error();
                             }
                             return jobkit::Done{};
                           });
}

jobkit::Status create_state_tables(jobkit::PostgresConnection& connection, const std::filesystem::path& queries) {
  for (const std::string_view name : {"totals_table", "totals_index", "priors_table"}) {
    auto query = jobkit::load_sql_file(queries, name);
    if (!query) return query.error();
    if (auto created = connection.execute(query.value()); !created) return created.error();
  }
  return jobkit::Done{};
}

jobkit::Result<PostgresPublication> publish_to_postgres(jobkit::PostgresConnection& connection,
                                                        const std::filesystem::path& queries, const RankingJob& job,
                                                        const RankingChanges& changes) {
  std::map<std::string_view, jobkit::Result<jobkit::SqlQuery>> loaded;
  for (const std::string_view name : {"publish_stage", "publish_copy", "publish_remove", "publish_remove_contractors",
                                      "publish_upsert", "publish_shift_stage", "publish_shift_copy", "publish_shift",
                                      "publish_totals_clear", "publish_totals", "publish_priors"}) {
    auto query = jobkit::load_sql_file(queries, name);
    if (!query) return query.error();
    loaded.emplace(name, std::move(query));
  }
  const auto query = [&](std::string_view name) -> const jobkit::SqlQuery& { return loaded.at(name).value(); };
  const std::string parameters = parameters_json(job).dump();
  const auto whole = category_array(changes.whole_categories);
  // An incremental run that kept every prior ranks no category whole: the two statements that
  // clear whole categories would only scan contractor_rankings and the totals to find nothing.
  const bool any_whole = !changes.whole_categories || !changes.whole_categories->empty();
  PostgresPublication publication;
  auto published = connection.transaction(jobkit::TransactionAccess::read_write, [&]() -> jobkit::Status {
    if (auto staged = connection.execute(query("publish_stage")); !staged) return staged.error();
    auto copied = copy_rows(connection, query("publish_copy"), changes.staged, append_copy_row);
    if (!copied) return copied;
    publication.rows = static_cast<std::int64_t>(changes.staged.size());
    if (any_whole) {
      auto removed = connection.execute(query("publish_remove"), {whole});
      if (!removed) return removed.error();
      publication.removed = removed->affected_rows();
    }
    if (!changes.removed.empty()) {
      auto gone = connection.execute(query("publish_remove_contractors"), {category_array(changes.removed)});
      if (!gone) return gone.error();
      publication.removed += static_cast<std::int64_t>(changes.removed.size());
    }
    auto upserted = connection.execute(query("publish_upsert"), {job.as_of, parameters});
    if (!upserted) return upserted.error();
    publication.changed = upserted->affected_rows();
    if (!changes.shifted.empty()) {
      if (auto staged = connection.execute(query("publish_shift_stage")); !staged) return staged.error();
      auto shifted = copy_rows(connection, query("publish_shift_copy"), changes.shifted, append_shift_row);
      if (!shifted) return shifted;
      auto updated = connection.execute(query("publish_shift"));
      if (!updated) return updated.error();
      publication.shifted = updated->affected_rows();
    }
    if (any_whole) {
      if (auto cleared = connection.execute(query("publish_totals_clear"), {whole}); !cleared) return cleared.error();
    }
    if (auto totals = connection.execute(query("publish_totals")); !totals) return totals.error();
    return store_priors(connection, query("publish_priors"), job, changes.priors);
  });
  if (!published) return published.error();
  return publication;
}

}  // namespace calc_rankings
