#include "stored_ranking.hpp"

#include <algorithm>

#include "postgres_source.hpp"
#include "jobkit/sql_files.hpp"

namespace calc_rankings {
namespace {

constexpr std::size_t k_stored_batch_rows = 20000;

// Streams a query's rows into handle_row, turning a row the query file got wrong into an error.
template <typename HandleRow>
jobkit::Status stream_rows(jobkit::PostgresConnection& connection, const std::filesystem::path& queries,
                           std::string_view name, const jobkit::SqlParameters& parameters, std::size_t columns,
                           HandleRow handle_row) {
  auto query = jobkit::load_sql_file(queries, name);
  if (!query) return query.error();
  return connection.stream(query.value(), parameters, k_stored_batch_rows,
                           [&](const jobkit::PostgresRows& rows) -> jobkit::Status {
                             try {
                               jobkit::require_sql_columns(rows, columns, query->name);
                               for (std::size_t row = 0; row < rows.rows(); ++row) handle_row(rows, row, query->name);
                             } catch (const jobkit::JobFailure& failure) {
                               return failure.error();
                             }
                             return jobkit::Done{};
                           });
}

std::vector<std::int64_t> sorted_unique(std::vector<std::int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace

jobkit::Result<std::vector<std::int64_t>> read_changed_contractors(jobkit::PostgresConnection& connection,
                                                                   const std::filesystem::path& queries,
                                                                   const std::string& since) {
  std::vector<std::int64_t> ids;
  auto read = stream_rows(connection, queries, "changed_contractors", {since}, 1,
                          [&](const jobkit::PostgresRows& rows, std::size_t row, const std::string& name) {
                            ids.push_back(jobkit::sql_integer(rows, row, 0, name));
                          });
  if (!read) return read.error();
  return sorted_unique(std::move(ids));
}

jobkit::Result<std::vector<std::int64_t>> read_published_categories(jobkit::PostgresConnection& connection,
                                                                    const std::filesystem::path& queries,
                                                                    const std::vector<std::int64_t>& contractor_ids) {
  std::vector<std::int64_t> categories;
  auto read = stream_rows(connection, queries, "stored_categories", {category_array(contractor_ids)}, 2,
                          [&](const jobkit::PostgresRows& rows, std::size_t row, const std::string& name) {
                            if (!rows.is_null(row, 1)) categories.push_back(jobkit::sql_integer(rows, row, 1, name));
                          });
  if (!read) return read.error();
  return sorted_unique(std::move(categories));
}

jobkit::Result<StoredRanking> read_stored_ranking(jobkit::PostgresConnection& connection,
                                                  const std::filesystem::path& queries,
                                                  const std::vector<std::int64_t>& categories) {
  StoredRanking stored;
  const auto category_parameter = category_array(categories);
  auto priors = stream_rows(connection, queries, "stored_priors", {category_parameter}, 5,
                            [&](const jobkit::PostgresRows& rows, std::size_t row, const std::string& name) {
                              const std::int64_t category = jobkit::sql_integer(rows, row, 0, name);
                              stored.prior_parameters[category] = std::string(rows.text(row, 4));
                              stored.priors[category] = {
                                  .mean = jobkit::sql_number(rows, row, 1, name),
                                  .weight_sum = jobkit::sql_number(rows, row, 2, name),
                                  .weighted_ratings = jobkit::sql_number(rows, row, 3, name)};
                            });
  if (!priors) return priors.error();
  auto ranking = stream_rows(
      connection, queries, "stored_rankings", {category_parameter}, 9,
      [&](const jobkit::PostgresRows& rows, std::size_t row, const std::string& name) {
        StoredContractor entry;
        Contractor& c = entry.contractor;
        c.id = jobkit::sql_integer(rows, row, 0, name);
        c.category_id = jobkit::sql_integer(rows, row, 1, name);
        c.region_id = rows.is_null(row, 2) ? 0 : jobkit::sql_integer(rows, row, 2, name);
        c.score = rows.is_null(row, 3) ? 0 : jobkit::sql_number(rows, row, 3, name);
        c.ranked = !rows.is_null(row, 4);
        c.rank = c.ranked ? jobkit::sql_integer(rows, row, 4, name) : 0;
        c.rank_in_region = c.ranked && !rows.is_null(row, 5) ? jobkit::sql_integer(rows, row, 5, name) : 0;
        c.review_count = rows.is_null(row, 6) ? 0 : jobkit::sql_integer(rows, row, 6, name);
        entry.has_totals = !rows.is_null(row, 7) && !rows.is_null(row, 8);
        if (entry.has_totals) {
          c.weight_sum = jobkit::sql_number(rows, row, 7, name);
          c.weighted_ratings = jobkit::sql_number(rows, row, 8, name);
        }
        stored.rows.push_back(entry);
      });
  if (!ranking) return ranking.error();
  return stored;
}

}  // namespace calc_rankings
