#include "incremental_plan.hpp"

#include <cmath>
#include <set>

namespace calc_rankings {
namespace {

struct CategoryState {
  bool all_rows_have_sums = true;
  CategoryPrior moved;  // the stored sums minus the changed contractors' stored sums plus their fresh ones
};

}  // namespace

IncrementalPlan plan_incremental(const std::vector<std::int64_t>& touched, const std::vector<Contractor>& fresh,
                                 const StoredRanking& stored, const std::unordered_set<std::int64_t>& changed,
                                 const std::string& formula, double tolerance) {
  std::map<std::int64_t, CategoryState> states;
  for (const std::int64_t category : touched) {
    const auto prior = stored.priors.find(category);
    if (prior != stored.priors.end()) states[category].moved = prior->second;
  }
  for (const StoredContractor& row : stored.rows) {
    const auto state = states.find(row.contractor.category_id);
    if (state == states.end()) continue;
    if (!row.has_totals) state->second.all_rows_have_sums = false;
    if (!changed.contains(row.contractor.id)) continue;
    state->second.moved.weight_sum -= row.contractor.weight_sum;
    state->second.moved.weighted_ratings -= row.contractor.weighted_ratings;
  }
  for (const Contractor& contractor : fresh) {
    const auto state = states.find(contractor.category_id);
    if (state == states.end()) continue;
    state->second.moved.weight_sum += contractor.weight_sum;
    state->second.moved.weighted_ratings += contractor.weighted_ratings;
  }
  IncrementalPlan plan;
  for (const std::int64_t category : std::set<std::int64_t>(touched.begin(), touched.end())) {
    const auto prior = stored.priors.find(category);
    const CategoryState& state = states[category];
    // Sums of many small doubles: a remainder this close to zero means no review is left.
    const auto parameters = stored.prior_parameters.find(category);
    const bool usable = prior != stored.priors.end() && state.all_rows_have_sums && state.moved.weight_sum > 1e-9 &&
                        parameters != stored.prior_parameters.end() && parameters->second == formula;
    const bool within = usable && std::fabs(weighted_mean(state.moved.weight_sum, state.moved.weighted_ratings) -
                                            prior->second.mean) <= tolerance;
    if (!within) {
      plan.recompute.push_back(category);
      continue;
    }
    plan.keep_prior.push_back(category);
    plan.kept_priors[category] = {.mean = prior->second.mean,
                                  .weight_sum = state.moved.weight_sum,
                                  .weighted_ratings = state.moved.weighted_ratings};
  }
  return plan;
}

void place_changed(const IncrementalPlan& plan, const std::vector<Contractor>& fresh, const StoredRanking& stored,
                   const std::unordered_set<std::int64_t>& changed, const Parameters& parameters,
                   std::vector<Contractor>& contractors) {
  for (const StoredContractor& row : stored.rows) {
    const auto prior = plan.kept_priors.find(row.contractor.category_id);
    if (prior == plan.kept_priors.end() || changed.contains(row.contractor.id)) continue;
    Contractor contractor = row.contractor;
    contractor.quality = bayesian_quality(contractor, prior->second.mean, parameters);
    contractors.push_back(contractor);
  }
  for (const Contractor& contractor : fresh) {
    const auto prior = plan.kept_priors.find(contractor.category_id);
    if (prior == plan.kept_priors.end()) continue;
    Contractor scored = contractor;
    score_contractor(scored, prior->second.mean, parameters);
    contractors.push_back(scored);
  }
}

}  // namespace calc_rankings
