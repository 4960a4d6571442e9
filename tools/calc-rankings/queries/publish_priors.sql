-- calc-rankings: the priors of the categories a run recomputed or moved.
-- $1 bigint[]: category ids; $2, $3, $4 float8[]: prior_mean, weight_sum, weighted_ratings
-- (same order); $5 timestamptz: as_of; $6 text: the parameters without as_of.
INSERT INTO calc_rankings_priors (category_id, prior_mean, weight_sum, weighted_ratings, as_of, parameters)
SELECT category_id, prior_mean, weight_sum, weighted_ratings, $5::timestamptz, $6::text
FROM unnest($1::bigint[], $2::float8[], $3::float8[], $4::float8[]) AS p (category_id, prior_mean, weight_sum, weighted_ratings)
ON CONFLICT (category_id) DO UPDATE SET
  prior_mean = EXCLUDED.prior_mean, weight_sum = EXCLUDED.weight_sum, weighted_ratings = EXCLUDED.weighted_ratings,
  as_of = EXCLUDED.as_of, parameters = EXCLUDED.parameters
