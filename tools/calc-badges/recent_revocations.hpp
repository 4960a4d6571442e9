// The rule badges revoked after a sweep's snapshot: a job that ran while the sweep read
// revoked them on newer facts, so the sweep must not award them again on its older ones.
#pragma once

#include <cstdint>
#include <vector>

#include "badge_changes.hpp"
#include "badge_queries.hpp"
#include "jobkit/postgres_connection.hpp"

namespace calc_badges {

// Removes from `changes` the awards of (contractor, badge) pairs revoked at or after since_us.
// Runs inside the batch's transaction, with its contractors locked; reads nothing when
// `changes` holds no award, so a sweep with few awards pays for few reads.
jobkit::Status drop_awards_revoked_since(jobkit::PostgresConnection& connection, const BadgeQueries& queries,
                                         std::int64_t since_us, std::vector<BadgeChange>& changes);

}  // namespace calc_badges
