-- calc-badges: a sweep's reviews, every contractor's, ordered by contractor_id (the sweep
-- merges them with the contractors in that order). $1 double precision: the widest window in
-- days (NULL: all time). Deleted reviews do not count.
-- Result columns: contractor_id bigint, rating integer, verified boolean, age_days double precision.
SELECT contractor_id, rating, verified, extract(epoch FROM now() - created_at)::double precision / 86400 AS age_days
FROM reviews
WHERE deleted_at IS NULL
  AND ($1::double precision IS NULL OR created_at >= now() - $1::double precision * interval '1 day')
ORDER BY contractor_id
