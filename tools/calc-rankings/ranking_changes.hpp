// What a run writes to contractor_rankings and its own tables: a full or group run writes
// every contractor of its categories; an incremental run writes the categories it ranked
// whole, the changed contractors, and only the ranks of others that moved.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <unordered_set>
#include <vector>

#include "contractor.hpp"
#include "incremental_plan.hpp"
#include "scoring.hpp"
#include "stored_ranking.hpp"

namespace calc_rankings {

struct RankingChanges {
  // Categories written whole: their rows not staged are deleted (nullopt: every category).
  std::optional<std::vector<std::int64_t>> whole_categories;
  std::vector<const Contractor*> staged;   // rows written whole, with their review sums
  std::vector<const Contractor*> shifted;  // rows whose rank or rank_in_region alone changed
  std::vector<std::int64_t> removed;       // contractors to delete (no longer active)
  std::map<std::int64_t, CategoryPrior> priors;  // priors to store, by category
};

// A full or group run: every contractor of `whole_categories`.
RankingChanges full_changes(const std::vector<Contractor>& contractors,
                            const std::optional<std::vector<std::int64_t>>& whole_categories,
                            const std::map<std::int64_t, CategoryPrior>& priors);

// An incremental run: contractors is the new ranking of the touched categories, priors those
// of the categories ranked whole.
RankingChanges incremental_changes(const std::vector<Contractor>& contractors, const IncrementalPlan& plan,
                                   const StoredRanking& stored, const std::unordered_set<std::int64_t>& changed,
                                   const std::map<std::int64_t, CategoryPrior>& priors);

}  // namespace calc_rankings
