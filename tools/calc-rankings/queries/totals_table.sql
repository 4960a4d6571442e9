-- calc-rankings: each published contractor's review sums (sum w, sum w * rating), which an
-- incremental run needs to place contractors among the others and to move the prior's sums.
CREATE TABLE IF NOT EXISTS calc_rankings_totals (
  contractor_id bigint PRIMARY KEY, category_id bigint NOT NULL, weight_sum double precision NOT NULL,
  weighted_ratings double precision NOT NULL)
