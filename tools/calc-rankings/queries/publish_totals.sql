-- calc-rankings: the staged contractors' review sums; unchanged rows are not rewritten.
INSERT INTO calc_rankings_totals AS t (contractor_id, category_id, weight_sum, weighted_ratings)
SELECT contractor_id, category_id, weight_sum, weighted_ratings FROM calc_rankings_stage
ON CONFLICT (contractor_id) DO UPDATE SET
  category_id = EXCLUDED.category_id, weight_sum = EXCLUDED.weight_sum, weighted_ratings = EXCLUDED.weighted_ratings
WHERE (t.category_id, t.weight_sum, t.weighted_ratings)
  IS DISTINCT FROM (EXCLUDED.category_id, EXCLUDED.weight_sum, EXCLUDED.weighted_ratings)
