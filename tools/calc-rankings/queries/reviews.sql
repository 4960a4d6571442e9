-- calc-rankings: the reviews that count as of $1: written by then and not deleted by then.
-- An edited review counts with its current rating and its original date. Rows of contractors
-- that are not ranked (inactive) are skipped by the tool, so no join is needed for a full run.
-- date_part gives float8 directly (extract would compute a numeric for each of millions of rows).
-- $1 timestamptz: as_of; $2 bigint[]: category ids or NULL for all; $3 bigint[]: contractor
-- ids or NULL for all.
-- Result columns: contractor_id bigint, rating integer (1..5), verified boolean,
-- age_seconds double precision (as_of minus created_at).
SELECT r.contractor_id, r.rating, r.verified, date_part('epoch', $1::timestamptz - r.created_at) AS age_seconds
FROM reviews r
WHERE r.created_at <= $1::timestamptz
  AND (r.deleted_at IS NULL OR r.deleted_at > $1::timestamptz)
  AND ($2::bigint[] IS NULL OR r.contractor_id IN (SELECT id FROM contractors WHERE category_id = ANY ($2::bigint[])))
  AND ($3::bigint[] IS NULL OR r.contractor_id = ANY ($3::bigint[]))
