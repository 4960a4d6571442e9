-- calc-rankings: the stored review sums of contractors no longer active in the recomputed
-- categories (all when $1 is NULL). $1 bigint[]: category ids or NULL for all.
DELETE FROM calc_rankings_totals t
WHERE ($1::bigint[] IS NULL OR t.category_id = ANY ($1::bigint[]))
  AND NOT EXISTS (SELECT 1 FROM calc_rankings_stage s WHERE s.contractor_id = t.contractor_id)
