-- calc-rankings: the published ranking of some categories with each contractor's review sums
-- (NULL when the sums were never stored: the category is then recomputed whole).
-- $1 bigint[]: category ids. Result columns: contractor_id bigint, category_id bigint,
-- region_id bigint, score float8, rank integer (NULL: unranked), rank_in_region integer,
-- review_count integer, weight_sum float8, weighted_ratings float8.
SELECT r.contractor_id, r.category_id, r.region_id, r.score, r.rank, r.rank_in_region, r.review_count,
       t.weight_sum, t.weighted_ratings
FROM contractor_rankings r
LEFT JOIN calc_rankings_totals t ON t.contractor_id = r.contractor_id
WHERE r.category_id = ANY ($1::bigint[])
