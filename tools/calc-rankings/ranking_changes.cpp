#include "ranking_changes.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace calc_rankings {

RankingChanges full_changes(const std::vector<Contractor>& contractors,
                            const std::optional<std::vector<std::int64_t>>& whole_categories,
                            const std::map<std::int64_t, CategoryPrior>& priors) {
  RankingChanges changes;
  changes.whole_categories = whole_categories;
  changes.staged.reserve(contractors.size());
  for (const Contractor& contractor : contractors) changes.staged.push_back(&contractor);
  changes.priors = priors;
  return changes;
}

RankingChanges incremental_changes(const std::vector<Contractor>& contractors, const IncrementalPlan& plan,
                                   const StoredRanking& stored, const std::unordered_set<std::int64_t>& changed,
                                   const std::map<std::int64_t, CategoryPrior>& priors) {
  RankingChanges changes;
  changes.whole_categories = plan.recompute;
  const std::set<std::int64_t> whole(plan.recompute.begin(), plan.recompute.end());
  std::unordered_map<std::int64_t, const Contractor*> published;
  for (const StoredContractor& row : stored.rows) published[row.contractor.id] = &row.contractor;
  std::unordered_set<std::int64_t> present;
  for (const Contractor& contractor : contractors) {
    present.insert(contractor.id);
    if (whole.contains(contractor.category_id) || changed.contains(contractor.id)) {
      changes.staged.push_back(&contractor);
      continue;
    }
    const auto before = published.find(contractor.id);
    if (before == published.end()) continue;  // cannot happen: kept categories hold published rows only
    if (before->second->rank != contractor.rank || before->second->rank_in_region != contractor.rank_in_region) {
      changes.shifted.push_back(&contractor);
    }
  }
  for (const std::int64_t id : changed) {
    if (published.contains(id) && !present.contains(id)) changes.removed.push_back(id);
  }
  std::sort(changes.removed.begin(), changes.removed.end());
  for (const std::int64_t category : plan.recompute) {
    const auto prior = priors.find(category);
    if (prior != priors.end()) changes.priors[category] = prior->second;
  }
  for (const auto& [category, prior] : plan.kept_priors) changes.priors[category] = prior;
  return changes;
}

}  // namespace calc_rankings
