-- The same scores and ranks as calc-rankings with its default parameters, computed by
-- PostgreSQL alone in one statement (window functions, INSERT ... SELECT ... ON CONFLICT),
-- written as a user would. psql variables: as_of (a quoted timestamptz), min_reviews.
-- Rounded like the tool (category mean, quality and score to 1e-9) so that ranks compare.
\set ON_ERROR_STOP 1
WITH weighted AS (
  SELECT c.id AS contractor_id, c.category_id, r.rating,
         greatest(0.1, power(2.0, -greatest(0.0, extract(epoch FROM (:as_of::timestamptz - r.created_at))::float8) / 86400.0 / 365.0))
           * CASE WHEN r.verified THEN 1.0 ELSE 0.5 END AS w
  FROM reviews r JOIN contractors c ON c.id = r.contractor_id
  WHERE c.active AND r.created_at <= :as_of::timestamptz AND (r.deleted_at IS NULL OR r.deleted_at > :as_of::timestamptz)),
per_contractor AS (
  SELECT contractor_id, count(*) AS n, sum(w) AS sw, sum(w * rating) AS swr FROM weighted GROUP BY contractor_id),
per_category AS (
  SELECT category_id, round((sum(w * rating) / sum(w))::numeric, 9)::float8 AS mean FROM weighted GROUP BY category_id),
booked AS (
  SELECT b.contractor_id, count(*) AS requests,
         count(*) FILTER (WHERE b.responded_at IS NOT NULL AND b.responded_at <= :as_of::timestamptz
                          AND extract(epoch FROM (b.responded_at - b.requested_at)) <= 86400) AS answered,
         count(*) FILTER (WHERE b.status = 'completed') AS completed,
         count(*) FILTER (WHERE b.status = 'cancelled') AS cancelled
  FROM bookings b WHERE b.requested_at <= :as_of::timestamptz GROUP BY b.contractor_id),
scored AS (
  SELECT c.id, c.category_id, c.region_id, coalesce(p.n, 0) AS n, coalesce(p.sw, 0) AS sw,
         coalesce(p.n, 0) >= :min_reviews AS ranked,
         round(((10 * coalesce(k.mean, 0) + coalesce(p.swr, 0)) / (10 + coalesce(p.sw, 0)))::numeric, 9)::float8 AS quality,
         coalesce(b.completed, 0) AS completed, coalesce(b.cancelled, 0) AS cancelled,
         coalesce(b.answered, 0) AS answered, coalesce(b.requests, 0) AS requests
  FROM contractors c
  LEFT JOIN per_contractor p ON p.contractor_id = c.id
  LEFT JOIN per_category k ON k.category_id = c.category_id
  LEFT JOIN booked b ON b.contractor_id = c.id
  WHERE c.active),
final AS (
  SELECT id, category_id, region_id, n, ranked, round(sw::numeric, 9) AS sw9,
         round((0.75 * (quality - 1) / 4 + 0.15 * (completed + 5 * 0.9) / (completed + cancelled + 5)
                + 0.10 * (answered + 5 * 0.8) / (requests + 5))::numeric, 9)::float8 AS score
  FROM scored)
INSERT INTO contractor_rankings AS r
  (contractor_id, category_id, region_id, score, rank, rank_in_region, review_count, computed_at, parameters)
SELECT id, category_id, region_id, score,
       CASE WHEN ranked THEN row_number() OVER (PARTITION BY category_id, ranked ORDER BY score DESC, sw9 DESC, n DESC, id) END,
       CASE WHEN ranked THEN row_number() OVER (PARTITION BY category_id, region_id, ranked ORDER BY score DESC, sw9 DESC, n DESC, id) END,
       n, :as_of::timestamptz, '{"computed_by": "sql"}'::jsonb
FROM final
ON CONFLICT (contractor_id) DO UPDATE SET
  category_id = EXCLUDED.category_id, region_id = EXCLUDED.region_id, score = EXCLUDED.score, rank = EXCLUDED.rank,
  rank_in_region = EXCLUDED.rank_in_region, review_count = EXCLUDED.review_count, computed_at = EXCLUDED.computed_at,
  parameters = EXCLUDED.parameters;
