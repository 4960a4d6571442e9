-- calc-rankings: the staged contractors' review sums.
INSERT INTO calc_rankings_totals (contractor_id, category_id, weight_sum, weighted_ratings)
SELECT contractor_id, category_id, weight_sum, weighted_ratings FROM calc_rankings_stage
