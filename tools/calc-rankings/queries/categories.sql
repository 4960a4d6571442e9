-- calc-rankings: every category, for slugs in Redis keys and the "category" of a job.
-- Result columns: id bigint, slug text.
SELECT id, slug FROM categories ORDER BY id
