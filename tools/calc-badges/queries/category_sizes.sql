-- calc-badges: ranked contractors per category, the denominator of category_percentile.
-- $1 bigint[]: category ids (NULL: every category).
-- Result columns: category_id bigint, ranked bigint.
SELECT category_id, count(rank) AS ranked FROM contractor_rankings
WHERE category_id IS NOT NULL AND ($1::bigint[] IS NULL OR category_id = ANY ($1::bigint[]))
GROUP BY category_id
