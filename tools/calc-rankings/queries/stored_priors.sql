-- calc-rankings: the published priors. $1 bigint[]: category ids.
-- Result columns: category_id bigint, prior_mean float8, weight_sum float8, weighted_ratings float8,
-- parameters text.
SELECT category_id, prior_mean, weight_sum, weighted_ratings, parameters FROM calc_rankings_priors
WHERE category_id = ANY ($1::bigint[])
