-- The live site during the cleanup bench (pgbench script): one audit row in, one session
-- touched; pgbench times the pair.
\set sid random(0, 9999)
INSERT INTO audit_logs (id, actor_id, action, entity, entity_id, details, created_at)
  VALUES (nextval('bench_ids'), 7, 'login', 'user', 7, '{}', now());
UPDATE "session" SET expire = LOCALTIMESTAMP + interval '1 day' WHERE sid = 'live-' || :sid;
