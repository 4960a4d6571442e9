// The read side of an incremental run (scope "changed" with a watermark): the changed
// contractors with fresh sums, the published state of the categories they touch, the plan,
// and the contractors of the categories it ranks whole.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_set>
#include <vector>

#include "contractor.hpp"
#include "incremental_plan.hpp"
#include "job.hpp"
#include "jobkit/postgres_connection.hpp"
#include "postgres_publisher.hpp"
#include "stored_ranking.hpp"

namespace calc_rankings {

struct IncrementalRead {
  std::unordered_set<std::int64_t> changed;  // contractors changed after the watermark
  std::vector<Contractor> fresh;             // those of them that are active, read now
  std::vector<std::int64_t> touched;         // their categories, now and as published (ascending)
  StoredRanking stored;
  IncrementalPlan plan;
};

// Inside the read transaction. Appends the contractors of plan.recompute to `whole`.
// keep_prior: false when the run does not publish to PostgreSQL (the published state would
// not follow), so every touched category is ranked whole.
jobkit::Result<IncrementalRead> read_incremental(jobkit::PostgresConnection& connection,
                                                 const std::filesystem::path& queries, const RankingJob& job,
                                                 const std::string& since, bool keep_prior,
                                                 std::vector<Contractor>& whole);

// The published ranks of the touched categories, to report who moved.
PublishedRanks stored_ranks(const StoredRanking& stored);

}  // namespace calc_rankings
