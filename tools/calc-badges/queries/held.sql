-- calc-badges: the open badges of contractors. $1 bigint[]: contractor ids.
-- Result columns: contractor_id bigint, badge_slug text, staff boolean, awarded_us bigint
-- (awarded_at in microseconds since the epoch).
SELECT contractor_id, badge_slug, source = 'staff' AS staff,
       (extract(epoch FROM awarded_at) * 1000000)::bigint AS awarded_us
FROM contractor_badges WHERE contractor_id = ANY ($1::bigint[]) AND revoked_at IS NULL
