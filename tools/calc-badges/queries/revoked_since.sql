-- calc-badges: the rule badges of contractors revoked at or after an instant: a sweep does not
-- award these again on its facts, which are older than the revocation (the job that revoked
-- decided on newer ones). $1 bigint[]: contractor ids (a batch's award candidates); $2 bigint:
-- the sweep's snapshot time, microseconds since the epoch. Without an index on
-- contractor_badges (contractor_id) each call reads the whole table.
-- Result columns: contractor_id bigint, badge_slug text.
SELECT DISTINCT contractor_id, badge_slug FROM contractor_badges
WHERE contractor_id = ANY ($1::bigint[]) AND source = 'rule'
  AND revoked_at >= timestamptz 'epoch' + $2::bigint * interval '1 microsecond'
