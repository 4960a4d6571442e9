-- calc-rankings: COPY of the new rows into the staging table (text format, tab-separated).
COPY calc_rankings_stage (contractor_id, category_id, region_id, score, rank, rank_in_region, review_count, computed_at,
                          parameters, weight_sum, weighted_ratings) FROM STDIN
