-- calc-rankings: the staging table that COPY fills before one upsert (dropped at commit).
CREATE TEMP TABLE calc_rankings_stage (LIKE contractor_rankings) ON COMMIT DROP
