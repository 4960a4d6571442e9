-- calc-rankings: the stored review sums that the staged rows replace: those of the recomputed
-- categories (all when $1 is NULL) and of every staged contractor.
-- $1 bigint[]: category ids or NULL for all.
DELETE FROM calc_rankings_totals t
WHERE $1::bigint[] IS NULL OR t.category_id = ANY ($1::bigint[])
   OR t.contractor_id IN (SELECT contractor_id FROM calc_rankings_stage)
