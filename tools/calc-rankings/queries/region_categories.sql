-- calc-rankings: the categories that have active contractors in one region (scope "group"
-- with a region: ranks are per category, so each such category is recomputed whole).
-- $1 bigint: region id. Result columns: category_id bigint.
SELECT DISTINCT category_id FROM contractors WHERE active AND region_id = $1::bigint ORDER BY category_id
