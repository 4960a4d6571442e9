// Which categories a run recomputes. Ranks are per category (and per region inside it), so the
// unit of work is a whole category: a change to one contractor can move every other one there.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "job.hpp"
#include "jobkit/postgres_connection.hpp"
#include "redis_publisher.hpp"

namespace calc_rankings {

struct ScopePlan {
  Slugs slugs;
  // nullopt: every category (the queries get NULL); otherwise these ids, ascending.
  std::optional<std::vector<std::int64_t>> categories;
  std::optional<std::string> since;  // the watermark a "changed" run used
};

// Inside the read transaction. since: for scope "changed", the job's or the stored watermark
// (nullopt: none yet, so every category). Errors: invalid data (65) at /category or /region
// for a slug the database does not know; the queries' errors.
jobkit::Result<ScopePlan> plan_scope(jobkit::PostgresConnection& connection, const std::filesystem::path& queries,
                                     const RankingJob& job, const std::optional<std::string>& since);

// The categories a run publishes: the plan's, or every known category.
std::vector<std::int64_t> planned_categories(const ScopePlan& plan);

}  // namespace calc_rankings
