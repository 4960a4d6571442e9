-- calc-rankings: the contractors whose reviews or bookings changed after the watermark, or
-- who were created after it (scope "changed"); only these are scored again.
-- $1 timestamptz: the watermark. Result columns: contractor_id bigint.
SELECT contractor_id FROM reviews WHERE updated_at > $1::timestamptz OR deleted_at > $1::timestamptz
UNION
SELECT contractor_id FROM bookings
WHERE requested_at > $1::timestamptz OR responded_at > $1::timestamptz OR completed_at > $1::timestamptz
UNION
SELECT id FROM contractors WHERE created_at > $1::timestamptz
