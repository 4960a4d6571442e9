#include "fact_reader.hpp"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "jobkit/sql_files.hpp"

namespace calc_badges {
namespace {

// The widest window of the conditions that count a kind of row: nullopt (all time) as soon
// as one of them has no window.
void widen(bool& needed, std::optional<double>& window, const Condition& condition) {
  const bool first = !needed;
  needed = true;
  if (!condition.window_days) {
    window.reset();
  } else if (first) {
    window = static_cast<double>(*condition.window_days);
  } else if (window) {
    window = std::max(*window, static_cast<double>(*condition.window_days));
  }
}

void collect_needs(const RuleGroup& group, FactNeeds& needs) {
  for (const Condition& condition : group.conditions) {
    if (counts_reviews(condition.metric)) {
      widen(needs.reviews, needs.review_window_days, condition);
    } else if (counts_bookings(condition.metric)) {
      widen(needs.bookings, needs.booking_window_days, condition);
    } else if (condition.metric == Metric::category_rank) {
      needs.ranks = true;
    } else if (condition.metric == Metric::category_percentile) {
      needs.ranks = true;
      needs.category_sizes = true;
    }
  }
  for (const RuleGroup& inner : group.groups) collect_needs(inner, needs);
}

using FactIndex = std::unordered_map<std::int64_t, ContractorFacts*>;

ContractorFacts* find_facts(const FactIndex& index, std::int64_t id) {
  const auto found = index.find(id);
  return found == index.end() ? nullptr : found->second;
}

void add_reviews(const jobkit::PostgresRows& rows, const std::string& name, const FactIndex& index) {
  for (std::size_t row = 0; row < rows.rows(); ++row) {
    const ReviewFact review = review_fact(rows, row, name);
    if (ContractorFacts* facts = find_facts(index, jobkit::sql_integer(rows, row, 0, name))) facts->reviews.push_back(review);
  }
}

void add_bookings(const jobkit::PostgresRows& rows, const std::string& name, const FactIndex& index) {
  for (std::size_t row = 0; row < rows.rows(); ++row) {
    const BookingFact booking = booking_fact(rows, row, name);
    if (ContractorFacts* facts = find_facts(index, jobkit::sql_integer(rows, row, 0, name))) facts->bookings.push_back(booking);
  }
}

void add_category_sizes(const jobkit::PostgresRows& rows, const std::string& name, CategorySizes& sizes) {
  jobkit::require_sql_columns(rows, 2, name);
  for (std::size_t row = 0; row < rows.rows(); ++row) {
    sizes[jobkit::sql_integer(rows, row, 0, name)] = jobkit::sql_integer(rows, row, 1, name);
  }
}

// Ranks into the facts; the sizes of categories neither `sizes` nor the pipeline had are read
// here (an operator's query folder without contractor_category_sizes.sql, or a category that
// gained its first ranked contractor in between).
jobkit::Status add_ranks(jobkit::PostgresConnection& connection, const BadgeQueries& queries, const FactNeeds& needs,
                         const jobkit::PostgresRows& rows, const FactIndex& index, CategorySizes& sizes) {
  const std::string& name = queries.rankings.name;
  jobkit::require_sql_columns(rows, 3, name);
  std::map<ContractorFacts*, std::int64_t> categories;
  std::vector<std::int64_t> unknown;
  for (std::size_t row = 0; row < rows.rows(); ++row) {
    ContractorFacts* facts = find_facts(index, jobkit::sql_integer(rows, row, 0, name));
    if (facts == nullptr) continue;
    const std::int64_t category = jobkit::sql_integer(rows, row, 1, name);
    facts->category_rank = jobkit::sql_integer(rows, row, 2, name);
    categories[facts] = category;
    if (!sizes.contains(category)) unknown.push_back(category);
  }
  if (needs.category_sizes && !unknown.empty()) {
    std::sort(unknown.begin(), unknown.end());
    unknown.erase(std::unique(unknown.begin(), unknown.end()), unknown.end());
    if (auto read = read_category_sizes(connection, queries, unknown, sizes); !read) return read;
  }
  for (auto& [facts, category] : categories) {
    const auto size = sizes.find(category);
    if (size != sizes.end()) facts->category_size = size->second;
  }
  return jobkit::Done{};
}

HeldBadges held_badges(const jobkit::PostgresRows& rows, const std::string& name) {
  HeldBadges held;
  jobkit::require_sql_columns(rows, 4, name);
  for (std::size_t row = 0; row < rows.rows(); ++row) {
    held[jobkit::sql_integer(rows, row, 0, name)].push_back({.slug = std::string(rows.text(row, 1)),
                                                             .staff = jobkit::sql_bool(rows, row, 2, name),
                                                             .awarded_us = jobkit::sql_integer(rows, row, 3, name)});
  }
  return held;
}

bool reads_sizes_ahead(const BadgeQueries& queries, const FactNeeds& needs) {
  return needs.ranks && needs.category_sizes && queries.contractor_category_sizes.has_value();
}

}  // namespace

FactNeeds fact_needs(const std::vector<BadgeRule>& rules) {
  FactNeeds needs;
  for (const BadgeRule& rule : rules) collect_needs(rule.rule, needs);
  return needs;
}

std::optional<std::string> window_parameter(const std::optional<double>& days) {
  if (!days) return std::nullopt;
  return fmt::format("{}", *days);
}

std::string id_array(const std::vector<std::int64_t>& ids) { return fmt::format("{{{}}}", fmt::join(ids, ",")); }

jobkit::Result<std::vector<ContractorRow>> named_contractors(const jobkit::PostgresRows& rows,
                                                             const jobkit::SqlQuery& query) {
  try {
    std::vector<ContractorRow> contractors;
    contractors.reserve(rows.rows());
    for (std::size_t row = 0; row < rows.rows(); ++row) contractors.push_back(contractor_row(rows, row, query.name));
    return contractors;
  } catch (const jobkit::JobFailure& failure) {
    return failure.error();
  }
}

jobkit::Status read_category_sizes(jobkit::PostgresConnection& connection, const BadgeQueries& queries,
                                   const std::optional<std::vector<std::int64_t>>& categories, CategorySizes& sizes) {
  std::optional<std::string> parameter;
  if (categories) parameter = id_array(*categories);
  auto result = connection.execute(queries.category_sizes, {parameter});
  if (!result) return result.error();
  try {
    add_category_sizes(result->rows(), queries.category_sizes.name, sizes);
  } catch (const jobkit::JobFailure& failure) {
    return failure.error();
  }
  return jobkit::Done{};
}

std::vector<jobkit::PipelinedStatement> batch_read_statements(const BadgeQueries& queries, const FactNeeds& needs,
                                                              const std::string& ids) {
  std::vector<jobkit::PipelinedStatement> statements;
  if (needs.reviews) statements.push_back({.query = &queries.reviews, .parameters = {ids, window_parameter(needs.review_window_days)}});
  if (needs.bookings) {
    statements.push_back({.query = &queries.bookings, .parameters = {ids, window_parameter(needs.booking_window_days)}});
  }
  if (needs.ranks) statements.push_back({.query = &queries.rankings, .parameters = {ids}});
  if (reads_sizes_ahead(queries, needs)) {
    statements.push_back({.query = &*queries.contractor_category_sizes, .parameters = {ids}});
  }
  statements.push_back({.query = &queries.held, .parameters = {ids}});
  return statements;
}

jobkit::Result<BatchReads> read_batch_results(jobkit::PostgresConnection& connection, const BadgeQueries& queries,
                                              const FactNeeds& needs, const std::vector<ContractorRow>& contractors,
                                              const jobkit::PostgresResult* results, CategorySizes& sizes) {
  BatchReads reads;
  reads.facts.resize(contractors.size());
  FactIndex index;
  for (std::size_t i = 0; i < contractors.size(); ++i) {
    reads.facts[i].id = contractors[i].id;
    reads.facts[i].age_days = contractors[i].age_days;
    index[contractors[i].id] = &reads.facts[i];
  }
  const jobkit::PostgresResult* next = results;
  try {
    if (needs.reviews) add_reviews((next++)->rows(), queries.reviews.name, index);
    if (needs.bookings) add_bookings((next++)->rows(), queries.bookings.name, index);
    if (needs.ranks) {
      const jobkit::PostgresResult* ranks = next++;
      if (reads_sizes_ahead(queries, needs)) add_category_sizes((next++)->rows(), queries.contractor_category_sizes->name, sizes);
      if (auto added = add_ranks(connection, queries, needs, ranks->rows(), index, sizes); !added) return added.error();
    }
    reads.held = held_badges((next++)->rows(), queries.held.name);
  } catch (const jobkit::JobFailure& failure) {
    return failure.error();
  }
  return reads;
}

jobkit::Result<HeldBadges> read_held_badges(jobkit::PostgresConnection& connection, const BadgeQueries& queries,
                                            const std::vector<std::int64_t>& ids) {
  auto result = connection.execute(queries.held, {id_array(ids)});
  if (!result) return result.error();
  try {
    return held_badges(result->rows(), queries.held.name);
  } catch (const jobkit::JobFailure& failure) {
    return failure.error();
  }
}

}  // namespace calc_badges
