-- calc-rankings: the staging table that COPY fills before one upsert (dropped at commit): the
-- rows of contractor_rankings plus each contractor's review sums for calc_rankings_totals.
CREATE TEMP TABLE calc_rankings_stage (LIKE contractor_rankings, weight_sum double precision,
                                       weighted_ratings double precision) ON COMMIT DROP
