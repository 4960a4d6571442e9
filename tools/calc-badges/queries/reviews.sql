-- calc-badges: the reviews behind the review metrics. $1 bigint[]: contractor ids; $2 double
-- precision: the widest window in days (NULL: all time). Deleted reviews do not count.
-- Result columns: contractor_id bigint, rating integer, verified boolean, age_days double precision.
SELECT contractor_id, rating, verified, extract(epoch FROM now() - created_at)::double precision / 86400 AS age_days
FROM reviews
WHERE contractor_id = ANY ($1::bigint[]) AND deleted_at IS NULL
  AND ($2::double precision IS NULL OR created_at >= now() - $2::double precision * interval '1 day')
