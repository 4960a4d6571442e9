-- calc-rankings: the active contractors of the categories being ranked (all when $1 is NULL),
-- or only those named in $2 (all when NULL).
-- $1 bigint[]: category ids or NULL; $2 bigint[]: contractor ids or NULL.
-- Result columns: id bigint, category_id bigint, region_id bigint.
SELECT id, category_id, region_id
FROM contractors
WHERE active AND ($1::bigint[] IS NULL OR category_id = ANY ($1::bigint[]))
  AND ($2::bigint[] IS NULL OR id = ANY ($2::bigint[]))
