-- calc-rankings: the staged rows into contractor_rankings; unchanged rows are not rewritten.
-- $1 timestamptz: computed_at (as_of); $2 jsonb: the parameters.
INSERT INTO contractor_rankings AS r
  (contractor_id, category_id, region_id, score, rank, rank_in_region, review_count, computed_at, parameters)
SELECT contractor_id, category_id, region_id, score, rank, rank_in_region, review_count, $1::timestamptz, $2::jsonb
FROM calc_rankings_stage
ON CONFLICT (contractor_id) DO UPDATE SET
  category_id = EXCLUDED.category_id, region_id = EXCLUDED.region_id, score = EXCLUDED.score, rank = EXCLUDED.rank,
  rank_in_region = EXCLUDED.rank_in_region, review_count = EXCLUDED.review_count,
  computed_at = EXCLUDED.computed_at, parameters = EXCLUDED.parameters
WHERE (r.category_id, r.region_id, r.score, r.rank, r.rank_in_region, r.review_count, r.computed_at, r.parameters)
  IS DISTINCT FROM
  (EXCLUDED.category_id, EXCLUDED.region_id, EXCLUDED.score, EXCLUDED.rank, EXCLUDED.rank_in_region,
   EXCLUDED.review_count, EXCLUDED.computed_at, EXCLUDED.parameters)
