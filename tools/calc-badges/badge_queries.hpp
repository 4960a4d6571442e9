// Every SQL file a run may need, loaded before the first statement, so that a missing or
// empty file of an operator's --queries folder fails the job before anything is written.
#pragma once

#include <filesystem>
#include <optional>

#include "jobkit/job_error.hpp"
#include "jobkit/postgres_connection.hpp"

namespace calc_badges {

struct BadgeQueries {
  jobkit::SqlQuery badges, contractor_page, contractors, lock, unlock, reviews, bookings, rankings, category_sizes,
      held, award, revoke, recipients, sweep_snapshot, sweep_reviews, sweep_bookings, sweep_rankings,
      revoked_since;
  // Optional, so that an operator's folder from before it keeps working (read_batch_results
  // then asks category_sizes.sql after the ranks, one round trip more).
  std::optional<jobkit::SqlQuery> contractor_category_sizes;
};

// Errors: config (78, "query_file_missing") naming the file (an optional file only when it
// exists but cannot be read).
jobkit::Result<BadgeQueries> load_badge_queries(const std::filesystem::path& folder);

}  // namespace calc_badges
