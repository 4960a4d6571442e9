-- calc-badges: ranked contractors per category, the denominator of category_percentile: the
-- category's highest rank, as calc-rankings' ranks are dense (1, 2, 3, ... per category), so
-- that an index on contractor_rankings (category_id, rank) answers a contractor's job with one
-- probe instead of counting the category's rows. $1 bigint[]: category ids (NULL: every category).
-- Result columns: category_id bigint, ranked bigint.
SELECT category_id, max(rank)::bigint AS ranked FROM contractor_rankings
WHERE $1::bigint[] IS NULL AND category_id IS NOT NULL AND rank IS NOT NULL
GROUP BY category_id
UNION ALL
SELECT t.category_id, s.ranked
FROM unnest($1::bigint[]) AS t(category_id),
     LATERAL (SELECT max(rank)::bigint AS ranked FROM contractor_rankings r WHERE r.category_id = t.category_id) s
WHERE s.ranked IS NOT NULL
