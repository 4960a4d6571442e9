-- calc-rankings: COPY of the rank changes into the staging table (text format).
COPY calc_rankings_shift (contractor_id, rank, rank_in_region) FROM STDIN
