-- calc-rankings: the contractors whose reviews or bookings changed after the watermark, or
-- who were created after it (scope "changed"); only these are scored again.
-- Each branch can be answered from one index, so that a run after a few changes reads a few
-- rows instead of scanning reviews and bookings: reviews(updated_at) (reference schema),
-- reviews(deleted_at) WHERE deleted_at IS NOT NULL, bookings((greatest(requested_at,
-- responded_at, completed_at))) and contractors(created_at) (man/calc-rankings.1, INDEXES).
-- greatest() skips NULLs, so it is above the watermark exactly when one of the three is.
-- $1 timestamptz: the watermark. Result columns: contractor_id bigint.
SELECT contractor_id FROM reviews WHERE updated_at > $1::timestamptz OR deleted_at > $1::timestamptz
UNION
SELECT contractor_id FROM bookings WHERE greatest(requested_at, responded_at, completed_at) > $1::timestamptz
UNION
SELECT id FROM contractors WHERE created_at > $1::timestamptz
