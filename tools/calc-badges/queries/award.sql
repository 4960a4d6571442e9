-- calc-badges: new open rows. $1 bigint[]: contractor ids; $2 text[]: badge slugs (pairs).
-- Result columns: contractor_id bigint, badge_slug text, awarded_us bigint.
INSERT INTO contractor_badges (contractor_id, badge_slug, awarded_at, source)
SELECT contractor_id, badge_slug, now(), 'rule' FROM unnest($1::bigint[], $2::text[]) AS t(contractor_id, badge_slug)
RETURNING contractor_id, badge_slug, (extract(epoch FROM awarded_at) * 1000000)::bigint AS awarded_us
