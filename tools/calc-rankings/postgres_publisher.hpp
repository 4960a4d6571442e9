// Publishes rankings to contractor_rankings in one transaction: COPY into a staging table,
// delete the recomputed categories' rows of contractors no longer there, one upsert; rank
// shifts of an incremental run through a second staging table; each staged contractor's
// review sums to calc_rankings_totals and the priors to calc_rankings_priors.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <unordered_map>
#include <vector>

#include "contractor.hpp"
#include "job.hpp"
#include "jobkit/postgres_connection.hpp"
#include "ranking_changes.hpp"

namespace calc_rankings {

// contractor id -> published rank (0: listed as unranked). Must run inside a transaction.
using PublishedRanks = std::unordered_map<std::int64_t, std::int64_t>;
jobkit::Status read_published_ranks(jobkit::PostgresConnection& connection, const std::filesystem::path& queries,
                                    const std::optional<std::vector<std::int64_t>>& categories, PublishedRanks& ranks);

struct PostgresPublication {
  std::int64_t rows = 0;     // rows staged (every contractor of the categories ranked whole, and the changed ones)
  std::int64_t changed = 0;  // rows inserted or updated (unchanged rows are not rewritten)
  std::int64_t removed = 0;  // rows of contractors no longer active in those categories
  std::int64_t shifted = 0;  // rows whose ranks alone an incremental run moved
};

// Creates calc_rankings_totals and calc_rankings_priors when missing (before the read, so
// that the incremental queries find them).
jobkit::Status create_state_tables(jobkit::PostgresConnection& connection, const std::filesystem::path& queries);

// Runs its own read-write transaction.
jobkit::Result<PostgresPublication> publish_to_postgres(jobkit::PostgresConnection& connection,
                                                        const std::filesystem::path& queries, const RankingJob& job,
                                                        const RankingChanges& changes);

}  // namespace calc_rankings
