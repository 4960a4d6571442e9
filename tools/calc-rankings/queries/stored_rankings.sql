-- calc-rankings: the published ranking of some categories with each contractor's review sums
-- (NULL when the sums were never stored: the category is then recomputed whole). The sums are
-- read by category (calc_rankings_totals_category) and joined, so that a run touching a few
-- categories reads a few categories' sums, not the sums of every contractor; a contractor
-- whose sums were stored under another category gets NULL and its category is ranked whole.
-- $1 bigint[]: category ids. Result columns: contractor_id bigint, category_id bigint,
-- region_id bigint, score float8, rank integer (NULL: unranked), rank_in_region integer,
-- review_count integer, weight_sum float8, weighted_ratings float8.
SELECT r.contractor_id, r.category_id, r.region_id, r.score, r.rank, r.rank_in_region, r.review_count,
       t.weight_sum, t.weighted_ratings
FROM contractor_rankings r
LEFT JOIN (SELECT contractor_id, weight_sum, weighted_ratings FROM calc_rankings_totals
           WHERE category_id = ANY ($1::bigint[])) t ON t.contractor_id = r.contractor_id
WHERE r.category_id = ANY ($1::bigint[])
