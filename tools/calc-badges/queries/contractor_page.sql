-- calc-badges: contractors in id order after $1 (bigint), at most $2 (integer; NULL: all of
-- them, as a sweep reads them through one cursor). Result columns: contractor_id bigint,
-- age_days double precision (since created).
SELECT id AS contractor_id, extract(epoch FROM now() - created_at)::double precision / 86400 AS age_days
FROM contractors WHERE id > $1::bigint ORDER BY id LIMIT $2::integer
