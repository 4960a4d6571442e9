-- calc-rankings: COPY of the new rows into the staging table (text format, tab-separated).
-- computed_at and parameters are the same for every row: publish_upsert adds them.
COPY calc_rankings_stage (contractor_id, category_id, region_id, score, rank, rank_in_region, review_count,
                          weight_sum, weighted_ratings) FROM STDIN
