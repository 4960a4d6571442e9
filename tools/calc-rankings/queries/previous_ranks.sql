-- calc-rankings: the published ranks before this run, to report who moved.
-- $1 bigint[]: category ids or NULL for all. Result columns: contractor_id bigint, rank integer (NULL: unranked).
SELECT contractor_id, rank FROM contractor_rankings
WHERE $1::bigint[] IS NULL OR category_id = ANY ($1::bigint[])
