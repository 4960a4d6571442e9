-- calc-rankings: every region, for slugs in Redis keys and the "region" of a job.
-- Result columns: id bigint, slug text.
SELECT id, slug FROM regions ORDER BY id
