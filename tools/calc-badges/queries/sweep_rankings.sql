-- calc-badges: a sweep's ranks in category, as calc-rankings wrote them, ordered by
-- contractor_id (the sweep merges them with the contractors in that order).
-- Result columns: contractor_id bigint, category_id bigint, rank integer (unranked rows left out).
SELECT contractor_id, category_id, rank FROM contractor_rankings
WHERE rank IS NOT NULL AND category_id IS NOT NULL
ORDER BY contractor_id
