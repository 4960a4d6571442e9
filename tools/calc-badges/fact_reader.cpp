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

jobkit::Result<std::vector<ContractorRow>> contractor_rows(jobkit::Result<jobkit::PostgresResult> result,
                                                           const jobkit::SqlQuery& query) {
  if (!result) return result.error();
  const jobkit::PostgresRows rows = result->rows();
  std::vector<ContractorRow> contractors;
  contractors.reserve(rows.rows());
  for (std::size_t row = 0; row < rows.rows(); ++row) contractors.push_back(contractor_row(rows, row, query.name));
  return contractors;
}

using FactIndex = std::unordered_map<std::int64_t, ContractorFacts*>;

ContractorFacts* find_facts(const FactIndex& index, std::int64_t id) {
  const auto found = index.find(id);
  return found == index.end() ? nullptr : found->second;
}

jobkit::Status read_reviews(jobkit::PostgresConnection& connection, const BadgeQueries& queries, const FactNeeds& needs,
                            const std::string& ids, const FactIndex& index) {
  auto result = connection.execute(queries.reviews, {ids, window_parameter(needs.review_window_days)});
  if (!result) return result.error();
  const jobkit::PostgresRows rows = result->rows();
  const std::string& name = queries.reviews.name;
  for (std::size_t row = 0; row < rows.rows(); ++row) {
    const ReviewFact review = review_fact(rows, row, name);
    if (ContractorFacts* facts = find_facts(index, jobkit::sql_integer(rows, row, 0, name))) facts->reviews.push_back(review);
  }
  return jobkit::Done{};
}

jobkit::Status read_bookings(jobkit::PostgresConnection& connection, const BadgeQueries& queries, const FactNeeds& needs,
                             const std::string& ids, const FactIndex& index) {
  auto result = connection.execute(queries.bookings, {ids, window_parameter(needs.booking_window_days)});
  if (!result) return result.error();
  const jobkit::PostgresRows rows = result->rows();
  const std::string& name = queries.bookings.name;
  for (std::size_t row = 0; row < rows.rows(); ++row) {
    const BookingFact booking = booking_fact(rows, row, name);
    if (ContractorFacts* facts = find_facts(index, jobkit::sql_integer(rows, row, 0, name))) facts->bookings.push_back(booking);
  }
  return jobkit::Done{};
}

jobkit::Status read_ranks(jobkit::PostgresConnection& connection, const BadgeQueries& queries, const FactNeeds& needs,
                          const std::string& ids, const FactIndex& index, CategorySizes& sizes) {
  auto result = connection.execute(queries.rankings, {ids});
  if (!result) return result.error();
  const jobkit::PostgresRows rows = result->rows();
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

jobkit::Result<std::vector<ContractorRow>> read_named_contractors(jobkit::PostgresConnection& connection,
                                                                  const BadgeQueries& queries,
                                                                  const std::vector<std::int64_t>& ids) {
  try {
    return contractor_rows(connection.execute(queries.contractors, {id_array(ids)}), queries.contractors);
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
  const jobkit::PostgresRows rows = result->rows();
  const std::string& name = queries.category_sizes.name;
  try {
    jobkit::require_sql_columns(rows, 2, name);
    for (std::size_t row = 0; row < rows.rows(); ++row) {
      sizes[jobkit::sql_integer(rows, row, 0, name)] = jobkit::sql_integer(rows, row, 1, name);
    }
  } catch (const jobkit::JobFailure& failure) {
    return failure.error();
  }
  return jobkit::Done{};
}

jobkit::Result<std::vector<ContractorFacts>> read_facts(jobkit::PostgresConnection& connection,
                                                        const BadgeQueries& queries, const FactNeeds& needs,
                                                        const std::vector<ContractorRow>& contractors,
                                                        CategorySizes& sizes) {
  std::vector<ContractorFacts> facts(contractors.size());
  FactIndex index;
  std::vector<std::int64_t> ids;
  for (std::size_t i = 0; i < contractors.size(); ++i) {
    facts[i].id = contractors[i].id;
    facts[i].age_days = contractors[i].age_days;
    index[contractors[i].id] = &facts[i];
    ids.push_back(contractors[i].id);
  }
  if (ids.empty()) return facts;
  const std::string array = id_array(ids);
  try {
    if (needs.reviews) {
      if (auto read = read_reviews(connection, queries, needs, array, index); !read) return read.error();
    }
    if (needs.bookings) {
      if (auto read = read_bookings(connection, queries, needs, array, index); !read) return read.error();
    }
    if (needs.ranks) {
      if (auto read = read_ranks(connection, queries, needs, array, index, sizes); !read) return read.error();
    }
  } catch (const jobkit::JobFailure& failure) {
    return failure.error();
  }
  return facts;
}

jobkit::Result<HeldBadges> read_held_badges(jobkit::PostgresConnection& connection, const BadgeQueries& queries,
                                            const std::vector<std::int64_t>& ids) {
  HeldBadges held;
  auto result = connection.execute(queries.held, {id_array(ids)});
  if (!result) return result.error();
  const jobkit::PostgresRows rows = result->rows();
  const std::string& name = queries.held.name;
  try {
    jobkit::require_sql_columns(rows, 4, name);
    for (std::size_t row = 0; row < rows.rows(); ++row) {
      held[jobkit::sql_integer(rows, row, 0, name)].push_back({.slug = std::string(rows.text(row, 1)),
                                                               .staff = jobkit::sql_bool(rows, row, 2, name),
                                                               .awarded_us = jobkit::sql_integer(rows, row, 3, name)});
    }
  } catch (const jobkit::JobFailure& failure) {
    return failure.error();
  }
  return held;
}

}  // namespace calc_badges
