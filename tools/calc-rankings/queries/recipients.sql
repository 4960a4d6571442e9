-- calc-rankings: who to tell that their rank moved (users who opted out are left out).
-- $1 bigint[]: contractor ids. Result columns: contractor_id bigint, email text, name text,
-- category text (name), region text (name).
SELECT c.id AS contractor_id, u.email, coalesce(u.name, c.name) AS name, cat.name AS category, reg.name AS region
FROM contractors c
JOIN users u ON u.id = c.user_id
JOIN categories cat ON cat.id = c.category_id
JOIN regions reg ON reg.id = c.region_id
WHERE c.id = ANY ($1::bigint[]) AND u.email IS NOT NULL AND NOT u.email_opt_out
ORDER BY c.id
