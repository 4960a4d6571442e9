-- calc-badges: ranks in category, as calc-rankings wrote them. $1 bigint[]: contractor ids.
-- Result columns: contractor_id bigint, category_id bigint, rank integer (unranked rows left out).
SELECT contractor_id, category_id, rank FROM contractor_rankings
WHERE contractor_id = ANY ($1::bigint[]) AND rank IS NOT NULL AND category_id IS NOT NULL
