-- cleanup bench: the reference audit_logs table with :rows rows, the older half (ids 1..
-- rows/2) 100 to 200 days old, the newer half 0 to 80 days old, in id order of time;
-- :partitioned = 1 makes it range-partitioned by month. Deterministic (no random()).
DROP TABLE IF EXISTS audit_logs CASCADE;
\if :partitioned
CREATE TABLE audit_logs (
  id bigint NOT NULL, actor_id bigint, action text NOT NULL, entity text, entity_id bigint, details jsonb,
  created_at timestamptz NOT NULL, PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);
SELECT format('CREATE TABLE audit_logs_m%s PARTITION OF audit_logs FOR VALUES FROM (%L) TO (%L)', m,
              date_trunc('month', now()) + (m - 8) * interval '1 month',
              date_trunc('month', now()) + (m - 7) * interval '1 month')
FROM generate_series(0, 9) m \gexec
\else
CREATE TABLE audit_logs (
  id bigint PRIMARY KEY, actor_id bigint, action text NOT NULL, entity text, entity_id bigint, details jsonb,
  created_at timestamptz NOT NULL);
\endif
INSERT INTO audit_logs (id, actor_id, action, entity, entity_id, details, created_at)
SELECT g, g % 100003, (ARRAY['create', 'update', 'delete', 'login'])[1 + g % 4], 'review', g % 1000003,
       jsonb_build_object('ip', '10.0.' || (g % 250) || '.' || (g % 199), 'agent', 'bench'),
       CASE WHEN g <= :rows / 2
            THEN now() - interval '200 days' + (g::double precision / (:rows / 2)) * interval '100 days'
            ELSE now() - interval '80 days' + ((g - :rows / 2)::double precision / (:rows / 2)) * interval '80 days' END
FROM generate_series(1, :rows) g;
CREATE INDEX audit_logs_created ON audit_logs (created_at);
DROP TABLE IF EXISTS "session";
CREATE TABLE "session" ("sid" varchar NOT NULL COLLATE "default", "sess" json NOT NULL, "expire" timestamp(6) NOT NULL,
                        PRIMARY KEY (sid));
INSERT INTO "session" SELECT 'live-' || g, '{}', LOCALTIMESTAMP FROM generate_series(0, 9999) g;
VACUUM ANALYZE audit_logs;
VACUUM ANALYZE "session";
