// Writes one batch's changes into contractor_badges: an award is a new open row, a revocation
// sets revoked_at on the open rule row (the row stays as history).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "badge_changes.hpp"
#include "badge_queries.hpp"
#include "jobkit/postgres_connection.hpp"

namespace calc_badges {

// An open rule row: a badge this run (or an earlier attempt of the same job) awarded.
struct Award {
  std::int64_t contractor_id = 0;
  std::string slug;
  std::int64_t awarded_us = 0;
};

// The statements that write changes (revoke.sql, then award.sql), for a pipeline inside the
// batch's transaction; none for no change. `awards`: award.sql is the last of them.
struct ChangeStatements {
  std::vector<jobkit::PipelinedStatement> statements;
  bool awards = false;
};
ChangeStatements change_statements(const BadgeQueries& queries, const std::vector<BadgeChange>& changes);

// The awards as written (with their awarded_at): award.sql's result.
jobkit::Result<std::vector<Award>> written_awards(const jobkit::PostgresRows& rows, const BadgeQueries& queries);

// Runs change_statements inside the batch's transaction. Returns written_awards.
jobkit::Result<std::vector<Award>> write_changes(jobkit::PostgresConnection& connection, const BadgeQueries& queries,
                                                 const std::vector<BadgeChange>& changes);

}  // namespace calc_badges
