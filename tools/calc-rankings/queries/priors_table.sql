-- calc-rankings: each category's published prior and the review sums behind it, so that an
-- incremental run can tell how far its changes moved the prior, and the formula parameters
-- (without as_of) they were computed with (created on first use).
CREATE TABLE IF NOT EXISTS calc_rankings_priors (
  category_id bigint PRIMARY KEY, prior_mean double precision NOT NULL, weight_sum double precision NOT NULL,
  weighted_ratings double precision NOT NULL, as_of timestamptz NOT NULL, parameters text NOT NULL)
