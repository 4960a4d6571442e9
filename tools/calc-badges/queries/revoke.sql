-- calc-badges: close open rule rows, keeping them as history. $1 bigint[]: contractor ids;
-- $2 text[]: badge slugs (pairs). Staff rows are never closed. Result columns: none used.
UPDATE contractor_badges AS b SET revoked_at = now()
FROM unnest($1::bigint[], $2::text[]) AS t(contractor_id, badge_slug)
WHERE b.contractor_id = t.contractor_id AND b.badge_slug = t.badge_slug AND b.revoked_at IS NULL AND b.source = 'rule'
