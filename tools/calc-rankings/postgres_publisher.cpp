#include "postgres_publisher.hpp"

#include <fmt/format.h>

#include "postgres_source.hpp"
#include "query_files.hpp"
#include "row_fields.hpp"

namespace calc_rankings {
namespace {

constexpr std::size_t k_copy_rows_per_chunk = 5000;

// COPY's text format: backslash, tab, newline and carriage return escaped.
std::string copy_escape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char c : text) {
    if (c == '\\') escaped += "\\\\";
    else if (c == '\t') escaped += "\\t";
    else if (c == '\n') escaped += "\\n";
    else if (c == '\r') escaped += "\\r";
    else escaped += c;
  }
  return escaped;
}

void append_copy_row(std::string& data, const Contractor& c, const std::string& computed_at, const std::string& parameters) {
  const auto rank = [&](std::int64_t value) { return c.ranked ? std::to_string(value) : std::string("\\N"); };
  fmt::format_to(std::back_inserter(data), "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", c.id, c.category_id, c.region_id,
                 c.score, rank(c.rank), rank(c.rank_in_region), c.review_count, computed_at, parameters);
}

}  // namespace

jobkit::Status read_published_ranks(jobkit::PostgresConnection& connection, const std::filesystem::path& queries,
                                    const std::optional<std::vector<std::int64_t>>& categories, PublishedRanks& ranks) {
  auto query = load_query(queries, "previous_ranks");
  if (!query) return query.error();
  return connection.stream(query.value(), {category_array(categories)}, 20000,
                           [&](const jobkit::PostgresRows& rows) -> jobkit::Status {
                             try {
                               require_columns(rows, 2, query->name);
                               for (std::size_t row = 0; row < rows.rows(); ++row) {
                                 ranks[row_integer(rows, row, 0, query->name)] =
                                     rows.is_null(row, 1) ? 0 : row_integer(rows, row, 1, query->name);
                               }
                             } catch (const jobkit::JobFailure& failure) {
                               return failure.error();
                             }
                             return jobkit::Done{};
                           });
}

jobkit::Result<PostgresPublication> publish_to_postgres(jobkit::PostgresConnection& connection,
                                                        const std::filesystem::path& queries, const RankingJob& job,
                                                        const std::vector<Contractor>& contractors,
                                                        const std::optional<std::vector<std::int64_t>>& categories) {
  auto stage = load_query(queries, "publish_stage");
  auto copy = load_query(queries, "publish_copy");
  auto remove = load_query(queries, "publish_remove");
  auto upsert = load_query(queries, "publish_upsert");
  for (const auto* query : {&stage, &copy, &remove, &upsert}) {
    if (!*query) return query->error();
  }
  const std::string parameters = copy_escape(parameters_json(job).dump());
  const std::string computed_at = copy_escape(job.as_of);
  PostgresPublication publication;
  auto published = connection.transaction(jobkit::TransactionAccess::read_write, [&]() -> jobkit::Status {
    if (auto staged = connection.execute(stage.value()); !staged) return staged.error();
    std::size_t next = 0;
    auto copied = connection.copy_in(copy.value(), [&](std::string& data) {
      const std::size_t end = std::min(contractors.size(), next + k_copy_rows_per_chunk);
      for (; next < end; ++next) append_copy_row(data, contractors[next], computed_at, parameters);
      return next < contractors.size();
    });
    if (!copied) return copied;
    publication.rows = static_cast<std::int64_t>(contractors.size());
    auto removed = connection.execute(remove.value(), {category_array(categories)});
    if (!removed) return removed.error();
    publication.removed = removed->affected_rows();
    auto upserted = connection.execute(upsert.value());
    if (!upserted) return upserted.error();
    publication.changed = upserted->affected_rows();
    return jobkit::Done{};
  });
  if (!published) return published.error();
  return publication;
}

}  // namespace calc_rankings
