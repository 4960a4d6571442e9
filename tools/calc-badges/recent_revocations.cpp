#include "recent_revocations.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include "fact_reader.hpp"
#include "jobkit/sql_files.hpp"

namespace calc_badges {

jobkit::Status drop_awards_revoked_since(jobkit::PostgresConnection& connection, const BadgeQueries& queries,
                                         std::int64_t since_us, std::vector<BadgeChange>& changes) {
  std::vector<std::int64_t> candidates;
  for (const BadgeChange& change : changes) {
    if (change.kind == ChangeKind::award) candidates.push_back(change.contractor_id);
  }
  if (candidates.empty()) return jobkit::Done{};
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  auto result = connection.execute(queries.revoked_since, {id_array(candidates), std::to_string(since_us)});
  if (!result) return result.error();
  std::set<std::pair<std::int64_t, std::string>> revoked;
  const jobkit::PostgresRows rows = result->rows();
  const std::string& name = queries.revoked_since.name;
  try {
    jobkit::require_sql_columns(rows, 2, name);
    for (std::size_t row = 0; row < rows.rows(); ++row) {
      revoked.emplace(jobkit::sql_integer(rows, row, 0, name), std::string(rows.text(row, 1)));
    }
  } catch (const jobkit::JobFailure& failure) {
    return failure.error();
  }
  std::erase_if(changes, [&](const BadgeChange& change) {
    return change.kind == ChangeKind::award && revoked.contains({change.contractor_id, change.slug});
  });
  return jobkit::Done{};
}

}  // namespace calc_badges
