-- calc-rankings: the rows of contractors an incremental run found no longer active.
-- $1 bigint[]: contractor ids.
WITH gone AS (DELETE FROM contractor_rankings WHERE contractor_id = ANY ($1::bigint[]) RETURNING contractor_id)
DELETE FROM calc_rankings_totals WHERE contractor_id IN (SELECT contractor_id FROM gone)
