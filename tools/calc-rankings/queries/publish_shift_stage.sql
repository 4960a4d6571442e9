-- calc-rankings: the staging table of rank changes of contractors not scored again (an
-- incremental run moves them when others pass them); dropped at commit.
CREATE TEMP TABLE calc_rankings_shift (contractor_id bigint, rank integer, rank_in_region integer) ON COMMIT DROP
