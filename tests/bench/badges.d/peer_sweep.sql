-- The peer of calc-badges' sweep: PostgreSQL alone deciding the shipped top-rated rule for
-- every contractor in one statement (average of 20+ live reviews in 365 days at least 4.7),
-- without hysteresis, locks or writes: a floor for reading the same reviews.
\set ON_ERROR_STOP 1
SELECT count(*) AS top_rated FROM (
  SELECT contractor_id FROM reviews
  WHERE deleted_at IS NULL AND created_at >= now() - interval '365 days'
  GROUP BY contractor_id HAVING count(*) >= 20 AND avg(rating) >= 4.7) t;
