-- calc-badges: category_sizes.sql for the categories that contractors are ranked in, found from
-- the contractors themselves, so that it goes out in one round trip with their other reads
-- instead of after rankings.sql. Optional: without it, category_sizes.sql is run once the ranks
-- are in. $1 bigint[]: contractor ids.
-- Result columns: category_id bigint, ranked bigint.
SELECT t.category_id, s.ranked
FROM (SELECT DISTINCT category_id FROM contractor_rankings
      WHERE contractor_id = ANY ($1::bigint[]) AND rank IS NOT NULL AND category_id IS NOT NULL) AS t,
     LATERAL (SELECT max(rank)::bigint AS ranked FROM contractor_rankings r WHERE r.category_id = t.category_id) s
WHERE s.ranked IS NOT NULL
