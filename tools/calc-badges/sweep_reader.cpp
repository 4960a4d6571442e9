#include "sweep_reader.hpp"

#include <functional>
#include <limits>

#include "jobkit/sql_files.hpp"

namespace calc_badges {
namespace {

// The facts of `batch` (sorted by id) for a row of contractor `id`; nullptr for a row whose
// contractor has no contractors row. `at` walks forward with the rows, which come in id order.
ContractorFacts* facts_of(std::vector<ContractorFacts>& batch, std::size_t& at, std::int64_t id) {
  while (at < batch.size() && batch[at].id < id) ++at;
  return at < batch.size() && batch[at].id == id ? &batch[at] : nullptr;
}

using FactSetter = std::function<void(ContractorFacts&, const jobkit::PostgresRows&, std::size_t row)>;

// Hands `add` each row of `cursor` (when the rules need that table) up to the batch's last
// contractor, with the facts of that row's contractor.
jobkit::Status merge_into(std::vector<ContractorFacts>& batch, std::optional<OrderedCursor>& cursor,
                          const FactSetter& add) {
  if (!cursor) return jobkit::Done{};
  const std::int64_t last = batch.back().id;
  std::size_t at = 0;
  return cursor->take_while([last](std::int64_t id) { return id <= last; },
                            [&](const jobkit::PostgresRows& rows, std::size_t row, std::int64_t id) {
                              if (ContractorFacts* facts = facts_of(batch, at, id)) add(*facts, rows, row);
                            });
}

jobkit::Result<std::int64_t> snapshot_time(jobkit::PostgresConnection& connection, const jobkit::SqlQuery& query) {
  auto result = connection.execute(query);
  if (!result) return result.error();
  try {
    const jobkit::PostgresRows rows = result->rows();
    jobkit::require_sql_columns(rows, 1, query.name);
    if (rows.rows() != 1) {
      jobkit::JobError error = jobkit::JobError::make(
          jobkit::ExitCode::invalid_data, "the query file " + query.name + " must return one row (as_of_us)");
      error.code = "query_mismatch";
      return error;
    }
    return jobkit::sql_integer(rows, 0, 0, query.name);
  } catch (const jobkit::JobFailure& failure) {
    return failure.error();
  }
}

}  // namespace

jobkit::Result<SweepReader> SweepReader::open(jobkit::PostgresConnection& connection, const BadgeQueries& queries,
                                              const FactNeeds& needs, std::size_t fetch_rows) {
  auto as_of = snapshot_time(connection, queries.sweep_snapshot);
  if (!as_of) return as_of.error();
  // contractor_page with no limit: every contractor, through one cursor.
  auto contractors = OrderedCursor::open(connection, queries.contractor_page,
                                         {std::to_string(std::numeric_limits<std::int64_t>::min()), std::nullopt},
                                         "calc_badges_contractors", fetch_rows);
  if (!contractors) return contractors.error();
  SweepReader reader(std::move(contractors).value(), as_of.value());
  const auto open_if = [&](bool needed, std::optional<OrderedCursor>& slot, const jobkit::SqlQuery& query,
                           const jobkit::SqlParameters& parameters, const std::string& name) -> jobkit::Status {
    if (!needed) return jobkit::Done{};
    auto cursor = OrderedCursor::open(connection, query, parameters, name, fetch_rows);
    if (!cursor) return cursor.error();
    slot.emplace(std::move(cursor).value());
    return jobkit::Done{};
  };
  if (needs.ranks && needs.category_sizes) {
    if (auto sizes = read_category_sizes(connection, queries, std::nullopt, reader.m_sizes); !sizes) return sizes.error();
  }
  for (auto opened : {open_if(needs.reviews, reader.m_reviews, queries.sweep_reviews,
                              {window_parameter(needs.review_window_days)}, "calc_badges_reviews"),
                      open_if(needs.bookings, reader.m_bookings, queries.sweep_bookings,
                              {window_parameter(needs.booking_window_days)}, "calc_badges_bookings"),
                      open_if(needs.ranks, reader.m_ranks, queries.sweep_rankings, {}, "calc_badges_ranks")}) {
    if (!opened) return opened.error();
  }
  return reader;
}

jobkit::Result<std::vector<ContractorFacts>> SweepReader::next(std::size_t count) {
  std::vector<ContractorFacts> batch;
  try {
    auto read = m_contractors.take_while(
        [&](std::int64_t) { return batch.size() < count; },
        [&](const jobkit::PostgresRows& rows, std::size_t row, std::int64_t) {
          const ContractorRow contractor = contractor_row(rows, row, m_contractors.query_name());
          batch.push_back({.id = contractor.id, .age_days = contractor.age_days});
        });
    if (!read) return read.error();
    if (batch.empty()) return batch;
    if (auto merged = merge_into(batch, m_reviews, [this](ContractorFacts& facts, const jobkit::PostgresRows& rows,
                                                          std::size_t row) {
          facts.reviews.push_back(review_fact(rows, row, m_reviews->query_name()));
        });
        !merged) {
      return merged.error();
    }
    if (auto merged = merge_into(batch, m_bookings, [this](ContractorFacts& facts, const jobkit::PostgresRows& rows,
                                                           std::size_t row) {
          facts.bookings.push_back(booking_fact(rows, row, m_bookings->query_name()));
        });
        !merged) {
      return merged.error();
    }
    if (auto merged = merge_into(batch, m_ranks, [this](ContractorFacts& facts, const jobkit::PostgresRows& rows,
                                                        std::size_t row) {
          jobkit::require_sql_columns(rows, 3, m_ranks->query_name());
          facts.category_rank = jobkit::sql_integer(rows, row, 2, m_ranks->query_name());
          const auto size = m_sizes.find(jobkit::sql_integer(rows, row, 1, m_ranks->query_name()));
          if (size != m_sizes.end()) facts.category_size = size->second;
        });
        !merged) {
      return merged.error();
    }
  } catch (const jobkit::JobFailure& failure) {
    return failure.error();
  }
  return batch;
}

}  // namespace calc_badges
