-- calc-rankings: the reviews that count as of $1: written by then and not deleted by then.
-- An edited review counts with its current rating and its original date.
-- $1 timestamptz: as_of; $2 bigint[]: category ids or NULL for all.
-- Result columns: contractor_id bigint, rating integer (1..5), verified boolean,
-- age_seconds double precision (as_of minus created_at).
SELECT r.contractor_id, r.rating, r.verified, extract(epoch FROM ($1::timestamptz - r.created_at))::float8 AS age_seconds
FROM reviews r
JOIN contractors c ON c.id = r.contractor_id
WHERE c.active
  AND r.created_at <= $1::timestamptz
  AND (r.deleted_at IS NULL OR r.deleted_at > $1::timestamptz)
  AND ($2::bigint[] IS NULL OR c.category_id = ANY ($2::bigint[]))
