-- calc-badges: the next page of a sweep, in id order after $1 (bigint), at most $2 (integer)
-- contractors. Result columns: contractor_id bigint, age_days double precision (since created).
SELECT id AS contractor_id, extract(epoch FROM now() - created_at)::double precision / 86400 AS age_days
FROM contractors WHERE id > $1::bigint ORDER BY id LIMIT $2::integer
