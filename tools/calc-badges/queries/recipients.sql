-- calc-badges: who to congratulate (users who opted out are left out). $1 bigint[]:
-- contractor ids. Result columns: contractor_id bigint, email text, name text.
SELECT c.id AS contractor_id, u.email, coalesce(u.name, c.name) AS name
FROM contractors c JOIN users u ON u.id = c.user_id
WHERE c.id = ANY ($1::bigint[]) AND u.email IS NOT NULL AND NOT u.email_opt_out
ORDER BY c.id
