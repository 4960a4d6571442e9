-- Stand-in for calc-rankings' contractor_rankings on the generated data set: contractors with
-- 3 or more live reviews ranked per category by average rating (ties by id). Only rank and
-- category matter to calc-badges (category_rank, category_percentile).
\set ON_ERROR_STOP 1
INSERT INTO contractor_rankings (contractor_id, category_id, region_id, score, rank, review_count, computed_at)
SELECT c.id, c.category_id, c.region_id, s.average,
       row_number() OVER (PARTITION BY c.category_id ORDER BY s.average DESC, c.id), s.n, now()
FROM contractors c
JOIN (SELECT contractor_id, avg(rating)::double precision AS average, count(*) AS n
      FROM reviews WHERE deleted_at IS NULL GROUP BY contractor_id HAVING count(*) >= 3) s ON s.contractor_id = c.id;
-- The index a platform's "top in category" pages read contractor_rankings by; calc-badges'
-- single-contractor job finds its category's size there with one probe (category_sizes.sql).
CREATE INDEX IF NOT EXISTS contractor_rankings_category_rank ON contractor_rankings (category_id, rank);
INSERT INTO badges (slug, name) VALUES ('top-rated', 'Top rated'), ('fast-responder', 'Fast responder'),
  ('reliable', 'Reliable'), ('veteran', 'Veteran'), ('top-10-percent', 'Top 10%');
-- The index a platform's contractor profile reads badges by; a sweep's revoked_since.sql
-- (awards it must not repeat) probes it once per batch instead of scanning contractor_badges.
CREATE INDEX IF NOT EXISTS contractor_badges_contractor ON contractor_badges (contractor_id);
