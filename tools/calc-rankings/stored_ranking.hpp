// What an incremental run reads besides the sources: the contractors changed since the
// watermark, and the published ranking, review sums and priors of the categories they touch.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "contractor.hpp"
#include "jobkit/postgres_connection.hpp"
#include "scoring.hpp"

namespace calc_rankings {

// One published row, with its review sums when they were stored (has_totals).
struct StoredContractor {
  Contractor contractor;  // id, category, region, score, rank, rank_in_region, review_count, sums; ranked = rank set
  bool has_totals = false;
};

struct StoredRanking {
  std::map<std::int64_t, CategoryPrior> priors;  // by category
  std::map<std::int64_t, std::string> prior_parameters;  // by category: formula_key() of the run that stored it
  std::vector<StoredContractor> rows;            // the touched categories' published rows
};

// All of these must run inside the read transaction.

// Ids (ascending) of contractors with reviews or bookings changed after `since`, or created after it.
jobkit::Result<std::vector<std::int64_t>> read_changed_contractors(jobkit::PostgresConnection& connection,
                                                                   const std::filesystem::path& queries,
                                                                   const std::string& since);

// The categories the contractors are published in now.
jobkit::Result<std::vector<std::int64_t>> read_published_categories(jobkit::PostgresConnection& connection,
                                                                    const std::filesystem::path& queries,
                                                                    const std::vector<std::int64_t>& contractor_ids);

// The published priors and rows of the categories.
jobkit::Result<StoredRanking> read_stored_ranking(jobkit::PostgresConnection& connection,
                                                  const std::filesystem::path& queries,
                                                  const std::vector<std::int64_t>& categories);

}  // namespace calc_rankings
