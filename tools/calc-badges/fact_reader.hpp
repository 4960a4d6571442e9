// Reads what the rules look at for a batch of contractors: only the tables and the time span
// the rules use, so that a contractor's fast path reads that contractor's rows and no more.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "badge_changes.hpp"
#include "badge_queries.hpp"
#include "contractor_facts.hpp"
#include "fact_rows.hpp"
#include "jobkit/postgres_connection.hpp"
#include "rules.hpp"

namespace calc_badges {

// What the rules need read; a window of nullopt reads all time.
struct FactNeeds {
  bool reviews = false;
  std::optional<double> review_window_days;
  bool bookings = false;
  std::optional<double> booking_window_days;
  bool ranks = false;
  bool category_sizes = false;
};

FactNeeds fact_needs(const std::vector<BadgeRule>& rules);

using CategorySizes = std::map<std::int64_t, std::int64_t>;  // category id -> ranked contractors
using HeldBadges = std::map<std::int64_t, std::vector<HeldBadge>>;

// A window as a double precision parameter (nullopt: SQL NULL, all time).
std::optional<std::string> window_parameter(const std::optional<double>& days);

// "{1,2,3}": a bigint[] parameter.
std::string id_array(const std::vector<std::int64_t>& ids);

// The contractors named (those that exist), in id order: contractors.sql's result rows.
jobkit::Result<std::vector<ContractorRow>> named_contractors(const jobkit::PostgresRows& rows,
                                                             const jobkit::SqlQuery& query);

// Adds the sizes of `categories` (nullopt: every category) to sizes.
jobkit::Status read_category_sizes(jobkit::PostgresConnection& connection, const BadgeQueries& queries,
                                   const std::optional<std::vector<std::int64_t>>& categories, CategorySizes& sizes);

// The statements that read a batch's facts and its open badges (held.sql last), for a
// pipeline inside the batch's transaction; read_batch_results takes their results in order.
std::vector<jobkit::PipelinedStatement> batch_read_statements(const BadgeQueries& queries, const FactNeeds& needs,
                                                              const std::string& ids);

struct BatchReads {
  std::vector<ContractorFacts> facts;  // in the order of the contractors given
  HeldBadges held;
};

// The results of batch_read_statements (the first `results` is the first of them). Category
// sizes missing from `sizes` are read and added.
jobkit::Result<BatchReads> read_batch_results(jobkit::PostgresConnection& connection, const BadgeQueries& queries,
                                              const FactNeeds& needs, const std::vector<ContractorRow>& contractors,
                                              const jobkit::PostgresResult* results, CategorySizes& sizes);

jobkit::Result<HeldBadges> read_held_badges(jobkit::PostgresConnection& connection, const BadgeQueries& queries,
                                            const std::vector<std::int64_t>& ids);

}  // namespace calc_badges
