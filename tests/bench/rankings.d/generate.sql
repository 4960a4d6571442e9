-- A deterministic platform data set for calc-rankings (and calc-badges): the same variables
-- always give the same rows. psql variables: contractors, reviews, bookings (row counts),
-- categories, regions. Loaded with COPY from generate_series on the server, so that ten
-- million rows take seconds, not a client round trip each.
-- Ratings lean to 4 and 5 stars as on real platforms; about 1 review in 40 is soft-deleted,
-- 1 in 3 unverified, 1 contractor in 50 inactive; dates spread over three years before
-- 2026-11-28.
\set ON_ERROR_STOP 1
BEGIN;
INSERT INTO categories SELECT g, 'category-' || g, 'Category ' || g FROM generate_series(1, :categories) g;
INSERT INTO regions SELECT g, 'region-' || g, 'Region ' || g, 'Europe/Berlin' FROM generate_series(1, :regions) g;
INSERT INTO users (id, email, name, locale, created_at)
  SELECT g, 'user' || g || '@example.com', 'User ' || g, 'en', '2023-01-01T00:00:00Z' FROM generate_series(1, :contractors) g;
INSERT INTO contractors (id, user_id, name, category_id, region_id, verified, active, created_at)
  SELECT g, g, 'Contractor ' || g, 1 + (g * 7) % :categories, 1 + (g * 13 / :categories) % :regions, g % 4 = 0, g % 50 <> 0,
         '2023-01-01T00:00:00Z'
  FROM generate_series(1, :contractors) g;
INSERT INTO reviews (id, booking_id, contractor_id, author_id, rating, verified, would_hire_again, body, created_at, updated_at, deleted_at)
  SELECT g, NULL, c, 1, r, g % 3 <> 0, r >= 4, 'review ' || g, t, t,
         CASE WHEN g % 40 = 0 THEN t + interval '1 day' END
  FROM generate_series(1, :reviews) g,
       LATERAL (SELECT 1 + ((g::bigint * 2654435761) % 1000003) % :contractors AS c,
                       (ARRAY[1, 2, 3, 3, 4, 4, 4, 5, 5, 5, 5, 5])[1 + ((g::bigint * 48271) % 2147483647) % 12] AS r,
                       timestamptz '2026-11-28T00:00:00Z' - ((g::bigint * 69069) % 1095) * interval '1 day'
                         - (g % 86400) * interval '1 second' AS t) AS v;
INSERT INTO bookings (id, contractor_id, customer_id, status, requested_at, responded_at, completed_at)
  SELECT g, c, 1, s, t, CASE WHEN g % 9 <> 0 THEN t + ((g * 37) % 72) * interval '1 hour' END,
         CASE WHEN s = 'completed' THEN t + interval '10 days' END
  FROM generate_series(1, :bookings) g,
       LATERAL (SELECT 1 + ((g::bigint * 40503) % 1000033) % :contractors AS c,
                       (ARRAY['completed', 'completed', 'completed', 'cancelled', 'accepted', 'requested'])[1 + (g * 7) % 6] AS s,
                       timestamptz '2026-11-17T00:00:00Z' - ((g::bigint * 7919) % 730) * interval '1 day' AS t) AS v;
COMMIT;
ANALYZE;
