#include "incremental_run.hpp"

#include <algorithm>

#include "postgres_source.hpp"

namespace calc_rankings {

jobkit::Result<IncrementalRead> read_incremental(jobkit::PostgresConnection& connection,
                                                 const std::filesystem::path& queries, const RankingJob& job,
                                                 const std::string& since, bool keep_prior,
                                                 std::vector<Contractor>& whole) {
  IncrementalRead read;
  auto ids = read_changed_contractors(connection, queries, since);
  if (!ids) return ids.error();
  const std::vector<std::int64_t>& changed_ids = ids.value();
  if (changed_ids.empty()) return read;
  read.changed.insert(changed_ids.begin(), changed_ids.end());
  const ContractorFilter changed_only{.categories = std::nullopt, .contractor_ids = changed_ids};
  if (auto fresh = read_contractors(connection, queries, job, changed_only, read.fresh); !fresh) return fresh.error();
  auto published = read_published_categories(connection, queries, changed_ids);
  if (!published) return published.error();
  read.touched = std::move(published).value();
  for (const Contractor& contractor : read.fresh) read.touched.push_back(contractor.category_id);
  std::sort(read.touched.begin(), read.touched.end());
  read.touched.erase(std::unique(read.touched.begin(), read.touched.end()), read.touched.end());

  auto stored = read_stored_ranking(connection, queries, read.touched);
  if (!stored) return stored.error();
  read.stored = std::move(stored).value();
  if (keep_prior) {
    read.plan = plan_incremental(read.touched, read.fresh, read.stored, read.changed, formula_key(job), job.prior_tolerance);
  } else {
    read.plan.recompute = read.touched;
  }
  if (read.plan.recompute.empty()) return read;
  const ContractorFilter recomputed{.categories = read.plan.recompute, .contractor_ids = std::nullopt};
  if (auto loaded = read_contractors(connection, queries, job, recomputed, whole); !loaded) return loaded.error();
  return read;
}

PublishedRanks stored_ranks(const StoredRanking& stored) {
  PublishedRanks ranks;
  for (const StoredContractor& row : stored.rows) ranks[row.contractor.id] = row.contractor.ranked ? row.contractor.rank : 0;
  return ranks;
}

}  // namespace calc_rankings
