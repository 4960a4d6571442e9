-- calc-badges: the contractors a job names. $1 bigint[]: their ids.
-- Result columns: contractor_id bigint, age_days double precision (since created).
SELECT id AS contractor_id, extract(epoch FROM now() - created_at)::double precision / 86400 AS age_days
FROM contractors WHERE id = ANY ($1::bigint[]) ORDER BY id
