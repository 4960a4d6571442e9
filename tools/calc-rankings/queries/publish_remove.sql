-- calc-rankings: rows of the recomputed categories whose contractor is no longer active there.
-- $1 bigint[]: category ids or NULL for all.
DELETE FROM contractor_rankings r
WHERE ($1::bigint[] IS NULL OR r.category_id = ANY ($1::bigint[]))
  AND NOT EXISTS (SELECT 1 FROM calc_rankings_stage s WHERE s.contractor_id = r.contractor_id)
