// Scope "changed": which touched categories an incremental run ranks whole and which keep
// their published prior, and the ranking of the latter built from the published rows with
// only the changed contractors scored again (man/calc-rankings.1, INCREMENTAL RUNS).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

#include "contractor.hpp"
#include "job.hpp"
#include "scoring.hpp"
#include "stored_ranking.hpp"

namespace calc_rankings {

struct IncrementalPlan {
  std::vector<std::int64_t> recompute;   // ranked whole (ascending): no usable stored state, or the prior moved too far
  std::vector<std::int64_t> keep_prior;  // the published prior stays (ascending)
  // keep_prior categories: the published mean, with its sums moved by the changed contractors.
  std::map<std::int64_t, CategoryPrior> kept_priors;
};

// touched: the categories the changed contractors are in now or were published in. fresh:
// the changed contractors that are active, with their review and booking sums read now.
// A category keeps its prior when it has one stored with the same formula parameters
// (formula: formula_key() of this job), every published row has stored sums, and the mean of
// the stored sums moved by the changes differs from the published mean by at most tolerance
// (stars).
IncrementalPlan plan_incremental(const std::vector<std::int64_t>& touched, const std::vector<Contractor>& fresh,
                                 const StoredRanking& stored, const std::unordered_set<std::int64_t>& changed,
                                 const std::string& formula, double tolerance);

// Appends the keep_prior categories' contractors: published rows of unchanged contractors as
// stored (quality recomputed from their sums, for the report) and the fresh changed ones
// scored against the published prior. rank_contractors then places them.
void place_changed(const IncrementalPlan& plan, const std::vector<Contractor>& fresh, const StoredRanking& stored,
                   const std::unordered_set<std::int64_t>& changed, const Parameters& parameters,
                   std::vector<Contractor>& contractors);

}  // namespace calc_rankings
